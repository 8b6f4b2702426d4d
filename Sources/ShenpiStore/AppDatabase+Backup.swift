import Foundation
import GRDB

extension AppDatabase {
    /// Copies the database into a new file with SQLite's online backup while
    /// the daemon keeps running: the copy is one consistent moment, and it is
    /// written to a temporary name and renamed, so a failed backup leaves no
    /// half file behind.
    public static func backup(fromPath source: String, toPath destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else { throw BackupError.exists(destination) }
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
            throw error
        }
    }
}

public enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    case exists(String)

    public var description: String {
        switch self {
        case .exists(let p): return "\(p) exists already; a backup never overwrites a file"
        }
    }
}
