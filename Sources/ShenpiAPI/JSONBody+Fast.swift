import Foundation
import ShenpiStore

/// Reads a request body into a `JSONValue` without `JSONDecoder`, which cost
/// more than the rest of an action's parsing. Plain JSON only: a fraction or
/// exponent, an integer of more than 18 digits, a repeated key, invalid
/// UTF-8, nesting deeper than allowed, or anything malformed returns `nil`,
/// and `JSONBody.parse` reads the bytes the old way — which also writes the
/// error messages. So this never decides what a body means differently, it
/// only answers the common case sooner.
struct FastJSONReader: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var at = 0
    private var depth = 0

    private struct GiveUp: Error {}

    static func value(_ data: Data, maxDepth: Int) -> JSONValue? {
        data.withUnsafeBytes { raw -> JSONValue? in
            var reader = FastJSONReader(bytes: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
            do {
                reader.space()
                let value = try reader.value()
                reader.space()
                return reader.at == reader.bytes.count ? value : nil
            } catch {
                return nil
            }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private mutating func space() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    private mutating func skip(_ b: UInt8) -> Bool {
        space()
        guard at < bytes.count, bytes[at] == b else { return false }
        at += 1
        return true
    }

    private mutating func expect(_ b: UInt8) throws(GiveUp) {
        guard skip(b) else { throw GiveUp() }
    }

    private mutating func value() throws(GiveUp) -> JSONValue {
        space()
        guard at < bytes.count else { throw GiveUp() }
        switch bytes[at] {
        case 0x7B: return .object(try object())
        case 0x5B: return .array(try array())
        case 0x22: return .string(try string())
        case 0x74: return try literal("true", .bool(true))
        case 0x66: return try literal("false", .bool(false))
        case 0x6E: return try literal("null", .null)
        default: return .int(try int())
        }
    }

    private mutating func nest() throws(GiveUp) {
        depth += 1
        guard depth <= maxDepth else { throw GiveUp() }
        at += 1
    }

    private mutating func object() throws(GiveUp) -> [String: JSONValue] {
        try nest()
        var members: [String: JSONValue] = [:]
        if skip(0x7D) {
            depth -= 1
            return members
        }
        repeat {
            space()
            let key = try string()
            try expect(0x3A)
            guard members.updateValue(try value(), forKey: key) == nil else { throw GiveUp() }
        } while skip(0x2C)
        try expect(0x7D)
        depth -= 1
        return members
    }

    private mutating func array() throws(GiveUp) -> [JSONValue] {
        try nest()
        var items: [JSONValue] = []
        if skip(0x5D) {
            depth -= 1
            return items
        }
        repeat {
            items.append(try value())
        } while skip(0x2C)
        try expect(0x5D)
        depth -= 1
        return items
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(GiveUp) -> JSONValue {
        let n = word.utf8CodeUnitCount
        guard at + n <= bytes.count, memcmp(bytes.baseAddress! + at, word.utf8Start, n) == 0 else { throw GiveUp() }
        at += n
        return value
    }

    private mutating func int() throws(GiveUp) -> Int {
        let negative = at < bytes.count && bytes[at] == 0x2D
        if negative { at += 1 }
        let start = at
        var n = 0
        while at < bytes.count, case let d = bytes[at] &- 0x30, d < 10 {
            // Past 18 digits an Int may overflow (a trap, not an error): JSONDecoder's business.
            guard at - start < 18 else { throw GiveUp() }
            n = n * 10 + Int(d)
            at += 1
        }
        let digits = at - start
        guard digits > 0, !(digits > 1 && bytes[start] == 0x30) else { throw GiveUp() }
        if at < bytes.count, bytes[at] == 0x2E || bytes[at] == 0x65 || bytes[at] == 0x45 { throw GiveUp() }
        return negative ? -n : n
    }

    private mutating func string() throws(GiveUp) -> String {
        guard at < bytes.count, bytes[at] == 0x22 else { throw GiveUp() }
        at += 1
        let start = at
        var out: [UInt8]?
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case 0x22:
                if let out { return try text(out[...]) }
                return try text(bytes[start..<(at - 1)])
            case 0x5C:
                if out == nil { out = Array(bytes[start..<(at - 1)]) }
                guard JSONEscape.decode(bytes, at: &at, into: &out!) else { throw GiveUp() }
            case ..<0x20: throw GiveUp()
            default: out?.append(b)
            }
        }
        throw GiveUp()
    }

    /// Valid UTF-8 only: `String(decoding:)` would quietly repair what JSONDecoder refuses.
    private func text<C: Collection<UInt8>>(_ utf8: C) throws(GiveUp) -> String {
        guard let s = String(validating: utf8, as: UTF8.self) else { throw GiveUp() }
        return s
    }
}
