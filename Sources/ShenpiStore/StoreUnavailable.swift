import GRDB

/// A write the store refused for a reason that is neither the request's nor
/// a bug, and that another attempt (or a restart) can clear: the API answers
/// 503 rather than 500 `internal`.
public enum StoreUnavailable: Sendable, Hashable, CustomStringConvertible {
    /// The file was deleted or replaced under the daemon (`StoreFile`).
    case moved(StoreMovedError)
    /// Another process held the write lock longer than `AppDatabase.busyTimeout`.
    case busy(path: String, reason: String)

    public var path: String {
        switch self {
        case .moved(let e): return e.path
        case .busy(let path, _): return path
        }
    }

    public var description: String {
        switch self {
        case .moved(let e): return e.description
        case .busy(let path, let reason):
            return "the database \(path) is locked by another process: \(reason)"
        }
    }
}

extension AppDatabase {
    /// What `error`, thrown by a write to this store, says about the store
    /// itself; `nil` for anything else.
    public func unavailable(_ error: any Error) -> StoreUnavailable? {
        switch error {
        case let moved as StoreMovedError:
            return .moved(moved)
        case let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_COMMITHOOK && file?.moved != nil:
            // A commit through `writeCommand`'s own COMMIT, which GRDB does not see: SQLite's code, not the guard's error.
            return file?.moved.map(StoreUnavailable.moved)
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY:
            return .busy(path: file?.path ?? writer.path, reason: error.message ?? "database is locked")
        default:
            return nil
        }
    }
}
