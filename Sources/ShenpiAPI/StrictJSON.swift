import Foundation
import ShenpiStore

/// Checks that a body is JSON as RFC 8259 writes it, before `JSONDecoder`
/// builds its value: that decoder also takes trailing commas (`[1,]`),
/// repeated keys (keeping the first, where proxies and auditors keep the
/// last: `{"scopes":["admin"],"scopes":[]}` would read differently to them
/// and to us) and UTF-16 or UTF-32 text. Each is refused with where it is.
///
/// Only bodies the fast reader gave up on come here (a fraction, a long
/// number, or something wrong), so this costs the common case nothing.
struct StrictJSON: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0
    /// Where the text starts (after a byte-order mark), for columns.
    private var origin = 0

    private struct Problem: Error {
        let at: Int
        let message: String
    }

    /// nil for strict JSON; else why not, with the line and column.
    static func problem(in data: Data) -> String? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            // UTF-16 or UTF-32 JSON has a zero byte in its first two (RFC 4627 §3),
            // which would otherwise pass as UTF-8 with a NUL in it.
            guard String(validating: bytes, as: UTF8.self) != nil, !(bytes.prefix(2).contains(0)) else {
                return "the body is not UTF-8 text"
            }
            var reader = StrictJSON(bytes: bytes)
            // A byte-order mark may lead UTF-8 JSON (RFC 8259 §8.1 lets a reader ignore it).
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.at = 3; reader.origin = 3 }
            do throws(Problem) {
                try reader.document()
                return nil
            } catch {
                return "the body is not valid JSON (\(reader.place(error.at)): \(error.message))"
            }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// `line 1, column 9`, the column in characters.
    private func place(_ offset: Int) -> String {
        let before = bytes[..<min(offset, bytes.count)]
        let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? min(origin, offset)
        let line = before.filter { $0 == 0x0A }.count + 1
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return "line \(line), column \(column)"
    }

    private mutating func document() throws(Problem) {
        space()
        try value()
        space()
        guard at == bytes.count else { throw Problem(at: at, message: "more after the value") }
    }

    private mutating func space() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    private var next: UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func value() throws(Problem) {
        switch next {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try word("true")
        case UInt8(ascii: "f"): try word("false")
        case UInt8(ascii: "n"): try word("null")
        case nil: throw Problem(at: at, message: "the body ends where a value should be")
        case let b? where b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b): try number()
        default: throw Problem(at: at, message: "expected a value")
        }
    }

    private mutating func object() throws(Problem) {
        at += 1
        space()
        if next == UInt8(ascii: "}") { at += 1; return }
        var keys: Set<String> = []
        while true {
            space()
            let start = at
            guard next == UInt8(ascii: "\"") else {
                throw Problem(at: at, message: !keys.isEmpty && next == UInt8(ascii: "}") ? "a comma before '}' (a trailing comma)" : "expected a key in quotes")
            }
            let key = try string()
            guard keys.insert(key).inserted else { throw Problem(at: start, message: "the key \"\(key)\" is repeated") }
            space()
            guard next == UInt8(ascii: ":") else { throw Problem(at: at, message: "expected ':' after the key") }
            at += 1
            space()
            try value()
            space()
            if next == UInt8(ascii: ",") { at += 1; continue }
            guard next == UInt8(ascii: "}") else { throw Problem(at: at, message: "expected ',' or '}'") }
            at += 1
            return
        }
    }

    private mutating func array() throws(Problem) {
        at += 1
        space()
        if next == UInt8(ascii: "]") { at += 1; return }
        while true {
            space()
            if next == UInt8(ascii: "]") { throw Problem(at: at, message: "a comma before ']' (a trailing comma)") }
            try value()
            space()
            if next == UInt8(ascii: ",") { at += 1; continue }
            guard next == UInt8(ascii: "]") else { throw Problem(at: at, message: "expected ',' or ']'") }
            at += 1
            return
        }
    }

    private mutating func word(_ text: String) throws(Problem) {
        for byte in text.utf8 {
            guard next == byte else { throw Problem(at: at, message: "expected a value") }
            at += 1
        }
    }

    private mutating func digits() -> Int {
        let start = at
        while let b = next, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { at += 1 }
        return at - start
    }

    private mutating func number() throws(Problem) {
        let start = at
        if next == UInt8(ascii: "-") { at += 1 }
        let intStart = at
        guard digits() > 0 else { throw Problem(at: at, message: "expected a digit") }
        if at - intStart > 1, bytes[intStart] == UInt8(ascii: "0") { throw Problem(at: start, message: "a number with a leading zero") }
        if next == UInt8(ascii: ".") {
            at += 1
            guard digits() > 0 else { throw Problem(at: at, message: "expected a digit after '.'") }
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            at += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { throw Problem(at: at, message: "expected a digit in the exponent") }
        }
    }

    /// The string's text, escapes decoded (keys are compared decoded).
    private mutating func string() throws(Problem) -> String {
        let start = at
        at += 1
        var out: [UInt8] = []
        while let b = next {
            at += 1
            switch b {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escape = at - 1
                guard JSONEscape.decode(bytes, at: &at, into: &out) else { throw Problem(at: escape, message: "a bad escape in a string") }
            case ..<0x20: throw Problem(at: at - 1, message: "a control character in a string (write it as an escape)")
            default: out.append(b)
            }
        }
        throw Problem(at: start, message: "a string that is not closed")
    }
}
