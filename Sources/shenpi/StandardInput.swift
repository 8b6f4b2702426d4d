import Foundation

/// A flow piped to `shenpi lint -` (or `graph -`, `compile -`).
enum StandardInput {
    /// At most `limit + 1` bytes: one past the loader's limit is enough for
    /// its `file-too-large`, and 200 MB piped in is not held in memory (nor
    /// waited for to the end).
    static func read(limit: Int) -> [UInt8] {
        let cap = limit == Int.max ? Int.max : limit + 1
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < cap {
            let wanted = min(chunk.count, cap - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, wanted) }
            if got < 0, errno == EINTR { continue }
            // End of input, or an input that cannot be read (closed): what came is linted.
            if got <= 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }
}
