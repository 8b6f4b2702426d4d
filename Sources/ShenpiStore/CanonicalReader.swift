import Foundation
import ShenpiCalendar

/// Reads back what `CanonicalJSON` writes, without `Codable`: a snapshot is
/// decoded on every command whose case is not in the `SnapshotCache`, and
/// `JSONDecoder` spent most of that time in generic containers.
///
/// It is a fast path, not a second definition of the format: keys must come
/// in the writer's byte order, numbers as integers,
/// no whitespace. Anything else throws `GiveUp`, and the caller decodes the
/// same bytes with `JSONDecoder` (`EventChain.decodeState`), which stays the
/// reference.
struct CanonicalReader: ~Copyable {
    struct GiveUp: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The whole input must have been read.
    func end() throws(GiveUp) {
        guard at == bytes.count else { throw GiveUp() }
    }

    // MARK: structure

    mutating func expect(_ b: UInt8) throws(GiveUp) {
        guard at < bytes.count, bytes[at] == b else { throw GiveUp() }
        at += 1
    }

    /// Consumes `b` if it comes next.
    mutating func skip(_ b: UInt8) -> Bool {
        guard at < bytes.count, bytes[at] == b else { return false }
        at += 1
        return true
    }

    func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

    /// `"k":` if it is the next key (after a comma unless `first`); the
    /// caller walks the keys in the writer's order, so a key that is not
    /// next is an absent optional.
    mutating func key(_ k: StaticString, _ first: inout Bool) -> Bool {
        let start = at
        if !first {
            guard skip(0x2C) else { return false }
        }
        let n = k.utf8CodeUnitCount
        guard at + n + 3 <= bytes.count, bytes[at] == 0x22, bytes[at + n + 1] == 0x22, bytes[at + n + 2] == 0x3A,
            memcmp(bytes.baseAddress! + at + 1, k.utf8Start, n) == 0
        else {
            at = start
            return false
        }
        at += n + 3
        first = false
        return true
    }

    mutating func requiredKey(_ k: StaticString, _ first: inout Bool) throws(GiveUp) {
        guard key(k, &first) else { throw GiveUp() }
    }

    /// A key from data (field names, join blocks).
    mutating func dynamicKey(_ first: inout Bool) throws(GiveUp) -> String {
        if !first { try expect(0x2C) }
        first = false
        let k = try string()
        try expect(0x3A)
        return k
    }

    /// `{"name":{` of an enum case: the name, then its labels; close with `close()`.
    mutating func enumCase() throws(GiveUp) -> String {
        try expect(0x7B)
        let name = try string()
        try expect(0x3A)
        try expect(0x7B)
        return name
    }

    /// `}}` after an enum case's labels.
    mutating func close() throws(GiveUp) {
        try expect(0x7D)
        try expect(0x7D)
    }

    /// `{"name":{"_0":` value `}}`: the value of a one-value case, read by `body`.
    mutating func unlabelled<T>(_ body: (inout CanonicalReader) throws(GiveUp) -> T) throws(GiveUp) -> T {
        var first = true
        try requiredKey("_0", &first)
        let value = try body(&self)
        try close()
        return value
    }

    /// `[…]`, each element read by `body`.
    mutating func array<T>(_ body: (inout CanonicalReader) throws(GiveUp) -> T) throws(GiveUp) -> [T] {
        try expect(0x5B)
        var items: [T] = []
        if skip(0x5D) { return items }
        repeat {
            items.append(try body(&self))
        } while skip(0x2C)
        try expect(0x5D)
        return items
    }

    // MARK: scalars

    mutating func string() throws(GiveUp) -> String {
        try expect(0x22)
        let start = at
        while at < bytes.count {
            let b = bytes[at]
            if b == 0x22 {
                let text = try Self.text(UnsafeBufferPointer(rebasing: bytes[start..<at]))
                at += 1
                return text
            }
            if b == 0x5C { return try escapedString(from: start) }
            guard b >= 0x20 else { throw GiveUp() }
            at += 1
        }
        throw GiveUp()
    }

    /// The rest of a string that has escapes (comments with quotes or line breaks).
    private mutating func escapedString(from start: Int) throws(GiveUp) -> String {
        var out = Array(bytes[start..<at])
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case 0x22: return try Self.text(out)
            case 0x5C: guard JSONEscape.decode(bytes, at: &at, into: &out) else { throw GiveUp() }
            case ..<0x20: throw GiveUp()
            default: out.append(b)
            }
        }
        throw GiveUp()
    }

    /// Valid UTF-8 only: `String(decoding:)` would repair bytes JSONDecoder refuses.
    private static func text<C: Collection<UInt8>>(_ utf8: C) throws(GiveUp) -> String {
        guard let s = String(validating: utf8, as: UTF8.self) else { throw GiveUp() }
        return s
    }

    mutating func int() throws(GiveUp) -> Int {
        let negative = skip(0x2D)
        let start = at
        var n = 0
        var digits = 0
        while at < bytes.count, case let d = bytes[at] &- 0x30, d < 10 {
            guard digits < 18 else { throw GiveUp() }
            n = n * 10 + Int(d)
            digits += 1
            at += 1
        }
        // `007` is not JSON: JSONDecoder refuses it, so must this.
        guard digits > 0, !(digits > 1 && bytes[start] == 0x30) else { throw GiveUp() }
        // A fraction or exponent: a double, which only JSONDecoder reads.
        if let next = peek(), next == 0x2E || next == 0x65 || next == 0x45 { throw GiveUp() }
        return negative ? -n : n
    }

    mutating func bool() throws(GiveUp) -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw GiveUp()
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard at + n <= bytes.count, memcmp(bytes.baseAddress! + at, word.utf8Start, n) == 0 else { return false }
        at += n
        return true
    }

    /// `"2025-09-26T09:30:00+08:00"`, the only form the writer produces.
    mutating func instant() throws(GiveUp) -> Instant {
        try expect(0x22)
        guard at + 26 <= bytes.count, bytes[at + 25] == 0x22 else { throw GiveUp() }
        let p = bytes.baseAddress! + at
        func digits(_ i: Int, _ n: Int) throws(GiveUp) -> Int {
            var v = 0
            for j in i..<(i + n) {
                let d = p[j] &- 0x30
                guard d < 10 else { throw GiveUp() }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54, p[13] == 0x3A, p[16] == 0x3A,
            memcmp(p + 19, "+08:00", 6) == 0
        else { throw GiveUp() }
        let hour = try digits(11, 2), minute = try digits(14, 2), second = try digits(17, 2)
        guard let date = CivilDate(year: try digits(0, 4), month: try digits(5, 2), day: try digits(8, 2)),
            let instant = Instant(date: date, hour: hour, minute: minute, second: second)
        else { throw GiveUp() }
        at += 26
        return instant
    }
}
