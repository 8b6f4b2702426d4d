import Foundation
import ShenpiStore

/// Reads a request body into a `JSONValue` without `JSONDecoder`, which cost
/// more than the rest of an action's parsing. A repeated key, invalid UTF-8,
/// nesting deeper than allowed, a number past a Double, or anything
/// malformed returns `nil`, and `JSONBody.parse` reads the bytes the old way,
/// which also writes the error messages.
///
/// Numbers are read by their decimal text, where this reader and
/// `JSONDecoder` part ways on purpose: a number whose exact value is whole
/// (`5`, `5.0`, `5e0`) is an integer, and any other is a `double`, even when
/// the nearest Double is whole. `JSONDecoder` reads `4.99999999999999999` as
/// the integer 5, which would make it a valid rating, or an age of 65.
struct FastJSONReader: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var at = 0
    private var depth = 0

    private struct GiveUp: Error {}

    static func value(_ data: Data, maxDepth: Int) -> JSONValue? {
        data.withUnsafeBytes { raw -> JSONValue? in
            var reader = FastJSONReader(bytes: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
            // A UTF-8 byte-order mark may lead the text (RFC 8259 §8.1), as StrictJSON lets it.
            if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.at = 3 }
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
        default: return try number()
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

    /// A JSON number (RFC 8259 §6): `.int` when its exact value is whole
    /// and fits an `Int`, else `.double` of the correctly rounded value.
    private mutating func number() throws(GiveUp) -> JSONValue {
        let start = at
        let negative = at < bytes.count && bytes[at] == 0x2D
        if negative { at += 1 }
        let intStart = at
        skipDigits()
        let intDigits = at - intStart
        guard intDigits > 0, !(intDigits > 1 && bytes[intStart] == 0x30) else { throw GiveUp() }
        let plain = at == bytes.count || (bytes[at] != 0x2E && bytes[at] != 0x65 && bytes[at] != 0x45)
        if plain, intDigits <= 18 {
            // The common case: no fraction, no exponent, never past `Int`.
            var n = 0
            for i in intStart..<at { n = n * 10 + Int(bytes[i] - 0x30) }
            return .int(negative ? -n : n)
        }
        var fracStart = at, fracDigits = 0
        if at < bytes.count, bytes[at] == 0x2E {
            at += 1
            fracStart = at
            skipDigits()
            fracDigits = at - fracStart
            guard fracDigits > 0 else { throw GiveUp() }
        }
        var exponent = 0
        if at < bytes.count, bytes[at] == 0x65 || bytes[at] == 0x45 {
            at += 1
            var minus = false
            if at < bytes.count, bytes[at] == 0x2B || bytes[at] == 0x2D {
                minus = bytes[at] == 0x2D
                at += 1
            }
            let expStart = at
            skipDigits()
            guard at > expStart else { throw GiveUp() }
            // Leading zeros say nothing; past six digits the value is 0 or past
            // any Double, and 10^999999 stands for it (Double(text) reads it so).
            var significant = expStart
            while significant < at - 1, bytes[significant] == 0x30 { significant += 1 }
            if at - significant > 6 {
                exponent = 999_999
            } else {
                for i in significant..<at { exponent = exponent * 10 + Int(bytes[i] - 0x30) }
            }
            if minus { exponent = -exponent }
        }
        // The significant digits, then the power of ten they are scaled by.
        var digits = Array(bytes[intStart..<(intStart + intDigits)]) + Array(bytes[fracStart..<(fracStart + fracDigits)])
        var scale = exponent - fracDigits
        while digits.count > 1, digits.first == 0x30 { digits.removeFirst() }
        while digits.count > 1, digits.last == 0x30 {
            digits.removeLast()
            scale += 1
        }
        if digits == [0x30] { return .int(0) }
        if scale >= 0, digits.count + scale <= 19, let whole = Self.whole(digits, scale: scale, negative: negative) {
            return .int(whole)
        }
        guard let x = Double(String(decoding: bytes[start..<at], as: UTF8.self)), x.isFinite else { throw GiveUp() }
        return .double(x)
    }

    private mutating func skipDigits() {
        while at < bytes.count, bytes[at] &- 0x30 < 10 { at += 1 }
    }

    /// `digits` × 10^`scale` as an `Int`, or nil past its range.
    private static func whole(_ digits: [UInt8], scale: Int, negative: Bool) -> Int? {
        // Counted below zero, where `Int` reaches one further (Int.min).
        var n = 0
        for d in digits + Array(repeating: 0x30, count: scale) {
            let (times, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.subtractingReportingOverflow(Int(d - 0x30))
            guard !o1, !o2 else { return nil }
            n = sum
        }
        if negative { return n }
        return n == .min ? nil : -n
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
