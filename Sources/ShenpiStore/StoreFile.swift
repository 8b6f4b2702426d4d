import Foundation
import GRDB

/// The database file a store opened, known by its identity (device and
/// inode) as well as its path. SQLite keeps writing to the file it opened:
/// deleted (`rm shenpi.db*`) or replaced (`mv other.db shenpi.db`) under a
/// running daemon, its commits would go on into an unlinked inode,
/// acknowledged and lost. So every write transaction compares the path's
/// identity with the one opened just before it commits (one `stat` a
/// transaction, not a request: a group commit carries many), and from the
/// first mismatch on every write is refused — only a restart on the right
/// file can tell which file the operator meant.
public final class StoreFile: @unchecked Sendable {
    /// Absolute, for messages.
    public let path: String
    /// As SQLite was given it: `lnk/../s.db` is where the kernel takes it
    /// (through the link), not where the text says.
    private let opened: String
    private let identity: Identity
    private let lock = NSLock()
    private var found: StoreMovedError?
    private var onMoved: (@Sendable (StoreMovedError) -> Void)?

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// The identity of the file at `path` now; `nil` when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        opened = path
        // Absolute: the log and the refusal name one file.
        self.path = URL(fileURLWithPath: path).absoluteURL.path
        identity = Identity(info)
    }

    /// The mismatch found by a check, if any: a flag, no system call (for
    /// `/healthz` and every request).
    public var moved: StoreMovedError? { lock.withLock { found } }

    /// Called once, on the check that first finds the file moved (the daemon logs it).
    public func whenMoved(_ body: @escaping @Sendable (StoreMovedError) -> Void) {
        lock.withLock { onMoved = body }
    }

    /// Throws unless `path` is still the file the store opened; a mismatch is
    /// remembered for good.
    public func check() throws(StoreMovedError) {
        if let found = moved { throw found }
        var info = stat()
        let reason: String
        if stat(opened, &info) == 0 {
            guard Identity(info) != identity else { return }
            reason = "another file is in its place"
        } else {
            let code = errno
            reason = code == ENOENT ? "it was deleted" : "it cannot be checked: " + String(cString: strerror(code))
        }
        let error = StoreMovedError(path: path, reason: reason)
        let (first, callback) = lock.withLock { () -> (Bool, (@Sendable (StoreMovedError) -> Void)?) in
            guard found == nil else { return (false, nil) }
            found = error
            return (true, onMoved)
        }
        if first { callback?(error) }
        throw moved ?? error
    }
}

/// The store's file was deleted or replaced while it was open: nothing was written.
public struct StoreMovedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// `it was deleted`, `another file is in its place` …
    public var reason: String

    public var description: String {
        "the database file \(path) is no longer the one this daemon opened (\(reason)): nothing was written; "
            + "restart the daemon on the right file"
    }
}

/// Checks the store's file before each commit of the connection it is added
/// to (the writer): SQLite's commit hook, through GRDB, is the one place
/// every write transaction passes — group commits, timers, the outbox,
/// tokens, deployments. A throw turns the commit into a rollback.
final class StoreFileGuard: TransactionObserver {
    let file: StoreFile

    init(_ file: StoreFile) { self.file = file }

    func databaseWillCommit() throws { try file.check() }

    // Changes themselves are of no interest: no per-row notifications.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) {}
    func databaseDidRollback(_ db: Database) {}
}
