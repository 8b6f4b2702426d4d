import Foundation
import ShenpiCalendar

/// Writes JSON byte for byte as `EventChain.canonical` (Foundation's
/// `JSONEncoder` with sorted keys and unescaped slashes) writes the engine's
/// values, without going through `Codable`: keys in byte order, optionals
/// left out when `nil`, enums as `{"case":{labels…}}`, instants as ISO text.
/// Doubles are the one thing it does not write (their text is Foundation's
/// business): `unsupported` is set and the caller falls back to `JSONEncoder`.
/// `CanonicalJSONTests` checks the bytes against `JSONEncoder`.
public struct CanonicalJSON: ~Copyable {
    var bytes = ByteWriter(capacity: 512)
    /// Set when a value needs `JSONEncoder` (a double); `data` is then not to be used.
    public var unsupported = false

    public init() {}

    // MARK: objects

    /// Starts an object; pair with `close()`.
    public mutating func open() { bytes.append(0x7B) }
    public mutating func close() { bytes.append(0x7D) }

    /// `"key":`, after a comma unless it is the object's first key. Keys
    /// are the types' own property names: static text, copied as bytes.
    public mutating func key(_ k: StaticString, _ first: inout Bool) {
        if !first { bytes.append(0x2C) }
        first = false
        bytes.append(0x22)
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    /// A key from data (field names, join blocks): identifiers, never escaped.
    public mutating func dynamicKey(_ k: String, _ first: inout Bool) {
        if !first { bytes.append(0x2C) }
        first = false
        bytes.append(0x22)
        var k = k
        k.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    /// `{"name":{` … for an enum case; close with `close(); close()`.
    mutating func enumCase(_ name: StaticString) {
        bytes.append(0x7B)
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
        bytes.append(0x7B)
    }

    /// `{"name":{}}`: a case without payload.
    mutating func emptyCase(_ name: StaticString) {
        enumCase(name)
        bytes.append(0x7D)
        bytes.append(0x7D)
    }

    /// `{"name":{"_0":` value `}}`: a case with one unlabelled value.
    mutating func unlabelledCase(_ name: StaticString, _ body: (inout CanonicalJSON) -> Void) {
        enumCase(name)
        var first = true
        key("_0", &first)
        body(&self)
        bytes.append(contentsOf: [0x7D, 0x7D])
    }

    // MARK: scalars

    /// Not generic across modules: an unspecialized generic call per number.
    public mutating func int(_ n: Int) { int(Int64(n)) }

    mutating func int<I: BinaryInteger>(_ n: I) {
        if n >= 0 && n < 10 {
            bytes.append(0x30 + UInt8(n))
        } else {
            bytes.append(contentsOf: String(n).utf8)
        }
    }

    public mutating func bool(_ b: Bool) {
        bytes.append(contentsOf: b ? "true".utf8 : "false".utf8)
    }

    public mutating func string(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                bytes.append(contentsOf: utf8)
            } else {
                for b in utf8 { escape(b) }
            }
        }
        bytes.append(0x22)
    }

    private mutating func escape(_ b: UInt8) {
        switch b {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
        case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
        case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
        case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
        case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
        case ..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
        default: bytes.append(b)
        }
    }

    public mutating func strings(_ items: [String]) {
        bytes.append(0x5B)
        for (i, s) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            string(s)
        }
        bytes.append(0x5D)
    }

    mutating func ints<I: BinaryInteger>(_ items: [I]) {
        bytes.append(0x5B)
        for (i, n) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            int(n)
        }
        bytes.append(0x5D)
    }

    public mutating func array<T>(_ items: [T], _ body: (inout CanonicalJSON, T) -> Void) {
        bytes.append(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            body(&self, item)
        }
        bytes.append(0x5D)
    }

    /// `2025-09-26T09:30:00+08:00`, as `Instant.description`. A snapshot
    /// holds dozens of instants, so the usual case (years 1000–9999) is
    /// written two digits at a time.
    public mutating func instant(_ t: Instant) {
        let d = t.date, s = t.secondOfDay
        bytes.append(0x22)
        if (1000...9999).contains(d.year) {
            pair(d.year / 100)
            pair(d.year % 100)
        } else {
            digits(d.year, 4)
        }
        bytes.append(0x2D)
        pair(d.month)
        bytes.append(0x2D)
        pair(d.day)
        bytes.append(0x54)
        pair(s / 3600)
        bytes.append(0x3A)
        pair(s / 60 % 60)
        bytes.append(0x3A)
        pair(s % 60)
        bytes.append(0x2B)  // +08:00"
        bytes.append(0x30)
        bytes.append(0x38)
        bytes.append(0x3A)
        bytes.append(0x30)
        bytes.append(0x30)
        bytes.append(0x22)
    }

    /// Two digits, 00–99.
    private mutating func pair(_ n: Int) {
        bytes.append(0x30 + UInt8(truncatingIfNeeded: n / 10))
        bytes.append(0x30 + UInt8(truncatingIfNeeded: n % 10))
    }

    /// `n` zero-padded to at least `width` digits (n ≥ 0), without
    /// building a string: instants are most of a snapshot's numbers.
    private mutating func digits(_ n: Int, _ width: Int) {
        guard n >= 0 else {
            // As `String(n)` zero-padded in front (`Instant.description` of a year before 0).
            let text = String(n).utf8
            for _ in text.count..<max(width, text.count) { bytes.append(0x30) }
            return bytes.append(contentsOf: text)
        }
        var count = 1
        var p = 10
        while p <= n, count < 19 {
            count += 1
            p &*= 10
        }
        for _ in count..<max(width, count) { bytes.append(0x30) }
        var divisor = p / 10
        var rest = n
        while divisor > 0 {
            bytes.append(0x30 + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// An optional value under `k`, left out when `nil`.
    public mutating func optional<T>(_ k: StaticString, _ value: T?, _ first: inout Bool, _ body: (inout CanonicalJSON, T) -> Void) {
        guard let value else { return }
        key(k, &first)
        body(&self, value)
    }

    /// `"key":` for a key from data that may need escaping (JSON objects of any origin).
    public mutating func stringKey(_ k: String, _ first: inout Bool) {
        if !first { bytes.append(0x2C) }
        first = false
        string(k)
        bytes.append(0x3A)
    }

    public mutating func null() { bytes.append(contentsOf: "null".utf8) }

    public var data: Data { bytes.data }
}
