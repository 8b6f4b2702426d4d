// `stdout` is C's global stream; only the main command's task reads its error flag.
@preconcurrency import Glibc
import Foundation

/// A command's report on standard output. It goes through `print`'s
/// buffered stream, so the two keep their order; a write that fails (a full
/// disk behind `>`) is found when the command ends (`finish`): one line and
/// exit 3, never a crash (`FileHandle.write` traps on an error) and never a
/// silent success with the report lost.
enum StandardOutput {
    static func write(_ text: String) { print(text, terminator: "") }

    static func write(_ data: Data) { write(String(decoding: data, as: UTF8.self)) }

    /// Writes out what is buffered now (a daemon's one-time token line);
    /// `nil`, or why it failed (this time or at an earlier write).
    @discardableResult
    static func flush() -> String? {
        let flushed = fflush(nil) == 0
        let reason = flushed ? "a write failed" : String(cString: strerror(errno))
        guard !flushed || ferror(stdout) != 0 else { return nil }
        clearerr(stdout)
        return reason
    }

    /// Flushes every stream; when a write failed, says so on standard error and exits 3.
    static func finish() {
        // A large write fails at once and leaves nothing buffered: the
        // stream's error flag is what remembers it.
        let flushed = fflush(nil) == 0
        let reason = flushed ? "a write failed" : String(cString: strerror(errno))
        guard !flushed || ferror(stdout) != 0 else { return }
        FileHandle.standardError.write(Data("shenpi: error: cannot write the output: \(reason)\n".utf8))
        Foundation.exit(3)
    }
}
