import Foundation
import GRDB

/// The Shenpi database: one writer (a WAL `DatabasePool` on a file, a
/// `DatabaseQueue` in memory for tests) and the migrations that build its
/// schema. Everything else in this module reads and writes through `writer`.
public final class AppDatabase: Sendable {
    /// The connection every transaction goes through.
    public let writer: any DatabaseWriter
    public let durability: Durability
    /// The file opened, checked before every commit (`nil` in memory).
    public let file: StoreFile?

    /// Wraps a writer and brings its schema up to date.
    public convenience init(_ writer: any DatabaseWriter, durability: Durability = .full) throws {
        try self.init(writer, durability: durability, file: nil)
    }

    init(_ writer: any DatabaseWriter, durability: Durability, file: StoreFile?) throws {
        self.writer = writer
        self.durability = durability
        self.file = file
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating when needed) a database file in WAL mode. A write
    /// waits up to `busyTimeout` seconds for another process's write lock.
    public static func openFile(atPath path: String, durability: Durability = .full,
                                busyTimeout: TimeInterval = busyTimeout) throws -> AppDatabase {
        try refuseForeign(atPath: path)
        let pool = try DatabasePool(path: path, configuration: configuration(durability, busyTimeout: busyTimeout))
        // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on,
        // after `prepareDatabase`: say what we want once more, on the writer.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(durability.pragma)") }
        // A later release's schema is not ours to write to (nor to "upgrade").
        let applied = try pool.read { try appliedMigrations($0) ?? [] }
        guard applied.isSubset(of: Set(migrator.migrations)) else {
            try pool.close()
            throw StoreOpenError.newerSchema(path, applied.subtracting(migrator.migrations).sorted())
        }
        // From here on every commit of the writer checks that `path` is still this file.
        let file = StoreFile(path: path)
        if let file { pool.writeWithoutTransaction { $0.add(transactionObserver: StoreFileGuard(file), extent: .databaseLifetime) } }
        return try AppDatabase(pool, durability: durability, file: file)
    }

    /// Another application's database is not ours to add tables to (nor to
    /// turn to WAL): a non-empty file that is not SQLite, or has tables but
    /// not our first migration, is refused before it is opened for writing;
    /// so is a later release's, before anything is written (opening a pool
    /// writes: GRDB creates and drops a table to bring the WAL about, so an
    /// older binary refusing a newer file left it changed, with a `-wal`).
    static func refuseForeign(atPath path: String) throws {
        try refuseSpecial(atPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return }
        var config = configuration(.full)
        config.readonly = true
        let foreign: Bool
        var unknown: [String] = []
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            unknown = try queue.read { db in
                let applied = try appliedMigrations(db) ?? []
                return applied.subtracting(migrator.migrations).sorted()
            }
            foreign = try queue.read { db in
                guard try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0 > 0 else { return false }
                // Another GRDB application has a migrations table too: ours has our first migration.
                guard try db.tableExists("grdb_migrations") else { return true }
                // A first start stopped (SIGTERM, SIGKILL) inside its first migration leaves
                // the empty migrations table alone: ours, not yet begun, not a foreign file.
                let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master")
                if names.allSatisfy({ $0 == "grdb_migrations" || $0.hasPrefix("sqlite_autoindex_grdb_migrations") }),
                   try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0 {
                    return false
                }
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations WHERE identifier = ?", arguments: [Migrations.first]) == 0
            }
        } catch let error as DatabaseError {
            throw StoreOpenError.of(error, path: path)
        }
        if foreign { throw StoreOpenError.notShenpi(path) }
        if !unknown.isEmpty { throw StoreOpenError.newerSchema(path, unknown) }
    }

    /// A folder, a named pipe, a socket or a device where the store should be
    /// is said so by name, not as SQLite's `disk I/O error`.
    static func refuseSpecial(atPath path: String) throws(StoreOpenError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .unreadable(path, "it is a folder")
        case S_IFIFO: throw .unreadable(path, "it is a named pipe, not a regular file")
        default: throw .unreadable(path, "not a regular file")
        }
    }

    /// The migrations a file records as applied; `nil` without GRDB's table.
    static func appliedMigrations(_ db: Database) throws -> Set<String>? {
        guard try db.tableExists("grdb_migrations") else { return nil }
        return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
    }

    /// The migrations opening `path` for writing would run, in order: none
    /// for a new or empty file, nor for one that is not ours (refused on open).
    /// The daemon says so before a long upgrade, which would look like a hang.
    public static func pendingMigrations(atPath path: String) -> [String] {
        guard ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) > 0 else { return [] }
        var config = configuration(.full)
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: config) else { return [] }
        defer { try? queue.close() }
        guard let applied = (try? queue.read(appliedMigrations)) ?? nil, applied.contains(Migrations.first) else { return [] }
        return migrator.migrations.filter { !applied.contains($0) }
    }

    /// The last migration of this build: the schema it writes.
    public static var schema: String { migrator.migrations.last ?? "" }

    /// A private in-memory database (tests, the pure benchmark).
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration(.full)), durability: .full)
    }

    /// Opens an existing file read-only and checks that it is a Shenpi
    /// database whose migrations this build knows; nothing is written.
    /// `olderSchema` unless every migration is applied, or `anySchema`
    /// (a copy does not read the tables).
    public static func openExisting(atPath path: String, anySchema: Bool = false) throws(StoreOpenError) -> any DatabaseReader {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
        try refuseSpecial(atPath: path)
        var config = configuration(.full)
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let applied = try queue.read { try appliedMigrations($0) ?? [] }
            let known = Set(migrator.migrations)
            guard applied.contains(Migrations.first) else { throw StoreOpenError.notShenpi(path) }
            guard applied.isSubset(of: known) else { throw StoreOpenError.newerSchema(path, applied.subtracting(known).sorted()) }
            // Read-only tools read the newest schema only; a writer upgrades the file.
            guard anySchema || applied == Set(known) else { throw StoreOpenError.olderSchema(path) }
            return queue
        } catch let e as StoreOpenError {
            throw e
        } catch let e as DatabaseError {
            throw StoreOpenError.of(e, path: path)
        } catch {
            throw .notShenpi(path)
        }
    }

    /// How long a connection waits for another process's write lock (a
    /// `shenpi token create`, a script) before its statement fails with
    /// `SQLITE_BUSY`. Outside writes hold the lock for milliseconds; 5 s
    /// rides out a slow one (a disk stalled by a backup) while a client
    /// still hears 503 `store-busy` well before its own timeout (and a
    /// proxy's, commonly 30–60 s), and the requests queued behind the group
    /// commit meanwhile wait no longer than that.
    public static let busyTimeout: TimeInterval = 5

    static func configuration(_ durability: Durability, busyTimeout: TimeInterval = busyTimeout) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        let pragma = durability.pragma
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(pragma)")
            // SQLite's default page cache is 2 MB: a center's open cases
            // (snapshots of ~2 KB) outgrow it, and every command then read
            // its case row and index pages back from the file.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        return config
    }
}

/// How hard a commit tries to survive a power loss (`PRAGMA synchronous`).
public enum Durability: String, Sendable, CaseIterable {
    /// Every commit is fsynced before it returns: nothing acknowledged is lost.
    case full
    /// WAL commits are fsynced only at checkpoints: faster, still consistent,
    /// but a power loss (not a process crash) can lose the last commits.
    case normal

    var pragma: String { self == .full ? "FULL" : "NORMAL" }
}

/// Why an existing database could not be opened for reading.
public enum StoreOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(String)
    case notShenpi(String)
    /// Written by a later release: the migrations this build does not know.
    case newerSchema(String, [String])
    /// Written before this build's last migration: read-only tools need it upgraded first.
    case olderSchema(String)
    /// There, but SQLite cannot open it for reading (the reason is SQLite's).
    case unreadable(String, String)

    /// A SQLite error while opening `path`: a store that is there but cannot
    /// be opened here (permissions, a read-only folder without the WAL's
    /// shared-memory file, a lock, the disk) is said so; anything else
    /// (not a database, damaged, tables that are not ours) is "not Shenpi".
    static func of(_ error: DatabaseError, path: String) -> StoreOpenError {
        switch error.resultCode.primaryResultCode {
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_NOMEM, .SQLITE_AUTH:
            return .unreadable(path, error.message ?? "\(error.resultCode)")
        default:
            return .notShenpi(path)
        }
    }

    public var description: String {
        switch self {
        case .missing(let p): return "no database at \(p)"
        case .notShenpi(let p): return "\(p) is not a Shenpi database"
        case .unreadable(let p, let reason): return "cannot open \(p) for reading: \(reason)"
        case .newerSchema(let p, let unknown):
            return "\(p) was written by a newer Shenpi (unknown migrations: \(unknown.joined(separator: ", "))), so this release does not open it: "
                + "run the release that wrote it, or restore the backup taken before the upgrade (docs/operations.md, Going back)"
        case .olderSchema(let p):
            return "\(p) was written by an earlier Shenpi (an older schema), and this command reads the newest only: "
                + "a live store is upgraded by starting this release's daemon on it (after a backup); "
                + "to read a backup you keep for the earlier release, upgrade a copy "
                + "(`cp \(p) /tmp/upgraded.db && shenpi token list --db /tmp/upgraded.db`)"
        }
    }
}

extension AppDatabase {
    /// Closes the store for good: every commit is first copied from the WAL
    /// into the database file and the WAL emptied (a TRUNCATE checkpoint), so
    /// the file alone holds everything — a stopped daemon's `shenpi.db` can
    /// be copied, moved or kept without its `-wal`, and nothing acknowledged
    /// lives only in a side file an operator might delete.
    ///
    /// Returns why the WAL could not be emptied, `nil` when it was: another
    /// process (a backup, a report) was reading at that moment, or the
    /// checkpoint failed (a full disk: SQLite's message). Nothing is lost —
    /// the commits stay in the `-wal`, which must then stay with the file,
    /// and the next open folds them in — so neither is an error.
    @discardableResult
    public func close() throws -> String? {
        var left: String?
        if writer is DatabasePool {
            do {
                // (busy, frames in the log, frames checkpointed): busy or frames left over = not emptied.
                let row = try writer.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                if let row, (row[0] as Int? ?? 1) != 0 || (row[1] as Int? ?? 0) > 0 {
                    left = "another process was reading the database"
                }
            } catch let error as DatabaseError {
                left = "the checkpoint failed: " + (error.message ?? "\(error.resultCode)") + " (SQLite error \(error.extendedResultCode.rawValue))"
            }
        }
        try writer.close()
        return left
    }

    /// Runs one SQL statement in its own transaction (benchmarks, tools);
    /// arguments are bound, never interpolated.
    public func execute(_ sql: String, _ arguments: (any DatabaseValueConvertible)?...) throws {
        try writer.write { db in
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
        }
    }
}
