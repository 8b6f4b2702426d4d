import Foundation

/// One `shenpi serve` per database: an exclusive `flock` on `.<db>.lock`,
/// held until the process ends. Two daemons on one store would both fire
/// timers and send notifications (twice), and race each other's writes.
///
/// A file of its own rather than the database: closing any descriptor of
/// the database file drops every POSIX lock SQLite holds on it in this
/// process, and where `flock` is emulated with POSIX locks (NFS) it would
/// collide with SQLite's own; a side file also holds the pid for the
/// refusal. It is never deleted (a lock file deleted while another process
/// opens it locks nothing), and the CLI (`token`, `backup`, `report`,
/// `audit`) does not take it: those commands work beside the daemon.
final class DaemonLock: Sendable {
    let path: String
    private let descriptor: Int32

    /// Takes the lock, or says who has it. The lock is named after the
    /// database's real path (links resolved), so `link.db → shenpi.db` is
    /// the same daemon's store, not another one.
    init(database: String) throws(DaemonError) {
        path = Self.lockPath(Self.realPath(database))
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .database("cannot open \(path) (the lock that keeps a second daemon off \(database)): " + String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            defer { close(fd) }
            if code == EWOULDBLOCK {
                let pid = Self.pid(fd).map { " (pid \($0))" } ?? ""
                throw .locked("another shenpi serve is using \(database)\(pid); stop it first, or give this one another --db")
            }
            throw .database("cannot lock \(path): " + String(cString: strerror(code)))
        }
        descriptor = fd
        // Who holds it, for the next daemon's refusal; a lock without it still locks.
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
    }

    /// `.shenpi.db.lock` beside `shenpi.db`: hidden, so the README's
    /// `rm shenpi.db*` (starting over) leaves it, as it should be left.
    static func lockPath(_ database: String) -> String {
        let folder = (database as NSString).deletingLastPathComponent
        return (folder as NSString).appendingPathComponent("." + (database as NSString).lastPathComponent + ".lock")
    }

    /// `path` with every link resolved; for a file not made yet, its folder's
    /// real path and its name.
    static func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = (path as NSString).deletingLastPathComponent
        guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else { return path }
        defer { free(resolved) }
        return (String(cString: resolved) as NSString).appendingPathComponent((path as NSString).lastPathComponent)
    }

    /// The pid the holder wrote, if it has yet.
    private static func pid(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Lets the lock go (the process's end would too).
    deinit { close(descriptor) }
}
