import Foundation
import ShenpiAPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The default sender: appends one JSON line per notification to a file
/// (a hand-off point for a center without a gateway), one fsync per batch.
/// A batch goes in whole or not at all: a write that fails (a full disk) is
/// cut back off, so the file holds no torn line and a retry does not repeat
/// the lines that had fit.
struct FileSender: NotificationSender {
    let path: String
    /// The system calls that fail on a full or unwritable disk; tests replace them.
    var system = FileCalls.system

    func send(_ batch: [Delivery]) async -> [Int64: String] {
        var lines = Data()
        for d in batch { lines += DeliveryPayload(d.message, contacts: d.contacts).json + Data("\n".utf8) }
        do {
            try await append(lines)
            return [:]
        } catch {
            return Dictionary(batch.map { ($0.message.id, "\(error)") }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Opens (creating it `0600`), appends, fsyncs and closes the file, or
    /// leaves it as it was. Errors name no path: they become the cases'
    /// `lastError`, and the operator knows the file.
    func append(_ data: Data) async throws {
        let path = path
        let system = system
        try await blocking {
            let fd = system.openFile(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                let code = errno
                // Missing after a failed create: its folder is gone or closed; else the file itself refuses.
                let what = access(path, F_OK) == 0 ? "append to" : "create"
                throw SendError("cannot \(what) the notifications file: \(Self.reason(code))")
            }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw SendError("cannot append to the notifications file: \(Self.reason(errno))") }
            var failure = Self.writeAll(data, to: fd, system)
            if failure == nil && system.sync(fd) != 0 { failure = errno }
            if let code = failure {
                // Back to the size before: a torn line would spoil the next one,
                // and the retry writes the whole batch again.
                var message = "cannot append to the notifications file: \(Self.reason(code))"
                if ftruncate(fd, info.st_size) != 0 {
                    message += "; a partial line may remain (cannot cut it off: \(Self.reason(errno)))"
                } else {
                    _ = system.sync(fd)
                }
                throw SendError(message)
            }
        }
    }

    /// Writes all of `data` (normally one call; after a short write, the
    /// next call says why); the `errno` of a failure.
    static func writeAll(_ data: Data, to fd: Int32, _ system: FileCalls) -> Int32? {
        data.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var done = 0
            while done < buffer.count {
                let n = system.writeBytes(fd, base + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return errno }
                if n == 0 { return EIO }
                done += n
            }
            return nil
        }
    }

    /// `Permission denied`, `No space left on device`.
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// The calls `FileSender` makes that a full or unwritable disk fails,
/// returning and setting `errno` as the system's do.
struct FileCalls: Sendable {
    var openFile: @Sendable (String, Int32, mode_t) -> Int32
    var writeBytes: @Sendable (Int32, UnsafeRawPointer, Int) -> Int
    var sync: @Sendable (Int32) -> Int32

    static let system = FileCalls(openFile: { open($0, $1, $2) }, writeBytes: { write($0, $1, $2) }, sync: { fsync($0) })
}
