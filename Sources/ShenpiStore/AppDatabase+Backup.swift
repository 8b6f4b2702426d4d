import Foundation
import GRDB

extension AppDatabase {
    /// Copies the database into a new file with SQLite's online backup while
    /// the daemon keeps running: the copy is one consistent moment, and it is
    /// written to a temporary name and renamed, so a failed backup leaves no
    /// half file behind.
    public static func backup(fromPath source: String, toPath destination: String) throws {
        // lstat, not fileExists: a symbolic link to nowhere is there too (the rename would fail on it).
        var status = stat()
        guard lstat(destination, &status) != 0 else { throw BackupError.exists(destination) }
        // A store of an earlier release is copied as it is (the copy is what to restore with that release).
        let reader = try openExisting(atPath: source, anySchema: true)
        let temporary = destination + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let target = try DatabaseQueue(path: temporary)
            try reader.backup(to: target)
            try target.writeWithoutTransaction { db in
                // A standalone copy: no WAL beside it to lose.
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                try db.execute(sql: "PRAGMA user_version = user_version")
            }
            try target.close()
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw BackupError.cannotWrite(destination, reason: Self.reason(error))
        }
    }

    /// What went wrong writing the copy, in one line.
    static func reason(_ error: any Error) -> String {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_CANTOPEN: return "the file cannot be created there"
            case .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_PERM: return "a disk error (\(e.message ?? "\(e.resultCode)"))"
            default: return e.message ?? "\(e.resultCode)"
            }
        }
        if let e = error as? CocoaError, let posix = e.underlying as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return error.localizedDescription
    }
}

public enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    case exists(String)
    /// The copy could not be made: written, or (rarely) the source read (nothing is left behind).
    case cannotWrite(String, reason: String)

    public var description: String {
        switch self {
        case .exists(let p): return "\(p) exists already; a backup never overwrites a file"
        case .cannotWrite(let p, let reason): return "cannot make the backup \(p): \(reason); nothing was left there"
        }
    }
}
