/// Checks that run before libyaml sees the text: each one either refuses the
/// file outright or replaces a cryptic libyaml message with a clear one.
extension Loader {
    /// Refuses oversized input before anything else looks at it. Standard
    /// input and pipes are read only to one byte past the limit, so at that
    /// count the size is not known, only that it is over.
    func checkSize(byteCount: Int, file: String) -> Diagnostic? {
        guard byteCount > limits.maxFileBytes else { return nil }
        let size = byteCount == limits.maxFileBytes + 1 ? "more than \(limits.maxFileBytes)" : String(byteCount)
        return .loader(
            LoaderRule.fileTooLarge, "file is \(size) bytes; the limit is \(limits.maxFileBytes)",
            file: file, range: .fileStart)
    }

    /// libyaml would stop at the first bad byte with a reader error and no
    /// line number; we say where it is and what to do about it.
    func checkUTF8(_ source: SourceText, file: String) -> Diagnostic? {
        guard let offset = UTF8Check.firstInvalidOffset(in: source.bytes) else { return nil }
        let position = source.position(ofByte: offset)
        let byte = source.bytes[offset]
        let hex = String(byte, radix: 16, uppercase: true)
        let message = "invalid UTF-8 byte 0x\(hex.count < 2 ? "0" + hex : hex); save the file as UTF-8"
        let end = SourcePosition(line: position.line, column: position.column + 1)
        return .loader(LoaderRule.invalidUTF8, message, file: file, range: SourceRange(start: position, end: end))
    }
}

/// A strict UTF-8 validator (no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Check {
    /// The offset of the first byte that does not start a well-formed
    /// character: a stray continuation byte, a byte that can never occur, or
    /// the lead byte of a truncated or malformed sequence.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            // The allowed range of the second byte and the sequence length, per lead byte.
            let second: ClosedRange<UInt8>
            let length: Int
            switch b {
            case 0xC2...0xDF: second = 0x80...0xBF; length = 2
            case 0xE0: second = 0xA0...0xBF; length = 3
            case 0xE1...0xEC, 0xEE...0xEF: second = 0x80...0xBF; length = 3
            case 0xED: second = 0x80...0x9F; length = 3
            case 0xF0: second = 0x90...0xBF; length = 4
            case 0xF1...0xF3: second = 0x80...0xBF; length = 4
            case 0xF4: second = 0x80...0x8F; length = 4
            default: return i
            }
            guard i + length <= n, second.contains(bytes[i + 1]) else { return i }
            var k = 2
            while k < length {
                guard bytes[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += length
        }
        return nil
    }
}
