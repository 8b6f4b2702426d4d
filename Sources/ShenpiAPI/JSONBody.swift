import Foundation
import ShenpiEngine
import ShenpiExpression

/// A request body read as a JSON object, with precise errors: the field's
/// path, what was expected, and unknown keys refused (a misspelt key must
/// not be silently ignored on a legal record).
struct JSONBody {
    let path: String
    let values: [String: JSONValue]
    private(set) var read: Set<String> = []

    /// Parses `data` as one JSON object, refusing nesting deeper than `maxDepth`.
    static func parse(_ data: Data, maxDepth: Int) throws(APIError) -> JSONBody {
        if data.isEmpty { throw .badBody("the request needs a JSON object body") }
        if case .object(let object)? = FastJSONReader.value(data, maxDepth: maxDepth) { return JSONBody(path: "", values: object) }
        if let depth = nestingDepth(data), depth > maxDepth {
            throw .badBody("the body nests \(depth) levels deep; at most \(maxDepth) are accepted")
        }
        if let problem = StrictJSON.problem(in: data) { throw .badBody(problem) }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            // Valid JSON with a number no Double holds (1e400): the decoder calls it a type mismatch somewhere.
            if case DecodingError.typeMismatch = error, let number = Self.outOfRangeNumber(in: data) {
                throw .badBody("a number out of range: \(number) (at most ±1.8e308)")
            }
            throw .badBody("the body is not valid JSON" + Self.position(of: error))
        }
        guard case .object(let object) = value else { throw .badBody("the body must be a JSON object, not \(value.kindName)") }
        return JSONBody(path: "", values: object)
    }

    init(path: String, values: [String: JSONValue]) {
        self.path = path
        self.values = values
    }

    func field(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        if case .null = values[key] { return nil }
        return values[key]
    }

    mutating func string(_ key: String, maxLength: Int = 2000) throws(APIError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw .badBody("expected a string, found \(v.kindName)", field: field(key)) }
        try Self.checkLength(s, maxLength, field: field(key))
        try Self.checkText(s, field: field(key))
        return s
    }

    /// No NUL or other control but line breaks and tabs, no invisible
    /// formatting (`FieldHygiene.freeTextProblem`): what is stored and sent is what was written.
    static func checkText(_ s: String, field: String) throws(APIError) {
        // Nearly every text is plain: one pass over its bytes says so.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return }
        if let problem = FieldHygiene.freeTextProblem(s) { throw .badBody(problem, field: field) }
    }

    /// An optional free text: blank (only white space) counts as absent, as
    /// `null` does, so the record never holds a comment of nothing.
    mutating func optionalText(_ key: String, maxLength: Int = 2000) throws(APIError) -> String? {
        guard let s = try string(key, maxLength: maxLength) else { return nil }
        return s.unicodeScalars.contains(where: { !BlankFields.isSpace($0) }) ? s : nil
    }

    mutating func requiredString(_ key: String, maxLength: Int = 2000) throws(APIError) -> String {
        guard let s = try string(key, maxLength: maxLength) else { throw missing(key) }
        // Blank as the OpenAPI file's not-blank pattern and the engine's required fields count it.
        guard s.unicodeScalars.contains(where: { !BlankFields.isSpace($0) }) else { throw .badBody("must not be empty", field: field(key)) }
        return s
    }

    mutating func int(_ key: String) throws(APIError) -> Int? {
        guard let v = value(key) else { return nil }
        guard case .int(let n) = v else { throw .badBody("expected an integer, found \(v.kindName)", field: field(key)) }
        return n
    }

    /// Lengths count code points, as JSON Schema's `maxLength` in the OpenAPI
    /// file does (a letter and its combining accent are two).
    static func checkLength(_ s: String, _ maxLength: Int, field: String) throws(APIError) {
        guard s.unicodeScalars.count <= maxLength else { throw .badBody("longer than \(maxLength) characters", field: field) }
    }

    mutating func strings(_ key: String, maxCount: Int = 200, maxLength: Int = 2000) throws(APIError) -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw .badBody("expected an array of strings, found \(v.kindName)", field: field(key)) }
        guard items.count <= maxCount else { throw .badBody("at most \(maxCount) items", field: field(key)) }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { throw .badBody("expected a string, found \(item.kindName)", field: "\(field(key))[\(i)]") }
            try Self.checkLength(s, maxLength, field: "\(field(key))[\(i)]")
            try Self.checkText(s, field: "\(field(key))[\(i)]")
            out.append(s)
        }
        return out
    }

    mutating func object(_ key: String) throws(APIError) -> JSONBody? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw .badBody("expected an object, found \(v.kindName)", field: field(key)) }
        return JSONBody(path: field(key), values: o)
    }

    /// A required key is absent: when the body has a key that looks like a
    /// misspelling of it, that key is the error (`"stpe"` → did you mean
    /// "step"?), else the key is `required`.
    func missing(_ key: String) -> APIError {
        let present = values.keys.filter { !read.contains($0) && $0 != key }.sorted()
        if let typo = present.first(where: { closestMatch(for: $0, among: [key]) != nil }) {
            return .badBody("unknown key \"\(typo)\"; did you mean \"\(key)\"?", field: field(typo))
        }
        return .badBody("required", field: field(key))
    }

    /// Refuses keys nobody read.
    func finish() throws(APIError) {
        if let unknown = values.keys.filter({ !read.contains($0) }).sorted().first {
            let known = read.sorted().joined(separator: ", ")
            throw .badBody("unknown key \"\(unknown)\"" + (known.isEmpty ? "" : "; expected one of \(known)"), field: field(unknown))
        }
    }

    /// The deepest array/object nesting, counted outside strings; `nil` for bytes that are not JSON text at all.
    static func nestingDepth(_ data: Data) -> Int? {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// The first number outside a string that is too large for a Double
    /// (its text, at most 40 characters), if any.
    static func outOfRangeNumber(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                while i < bytes.count, "+-.eE0123456789".utf8.contains(bytes[i]) { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                if let x = Double(text), !x.isFinite { return String(text.prefix(40)) }
            default:
                i += 1
            }
        }
        return nil
    }

    static func position(of error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError {
            let text = "\(underlying)"
            if let range = text.range(of: "around line ") ?? text.range(of: "line ") {
                return " (" + text[range.lowerBound...].prefix(40).trimmingCharacters(in: CharacterSet(charactersIn: ".\")")) + ")"
            }
        }
        return ""
    }
}
