import Foundation
import GRDB
import GRDBSQLite

/// A GRDB cached statement bound and stepped through the SQLite C API.
/// Every command runs the same handful of statements; GRDB's general
/// argument path (existential values, validation, nested temporary
/// bindings, observation hooks) cost more than SQLite's own work on them.
/// GRDB still owns the connection, the statement cache, transactions and
/// finalization. Only statements this type alone runs go through it, so
/// GRDB's view of their bindings never goes stale.
struct DirectStatement {
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        self.db = db
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    /// SQLite copies what it is given (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // A failed bind (a value over SQLite's limits, no memory) throws rather
    // than leave the parameter NULL.
    func bind(_ i: Int32, _ v: Int) throws { try check(sqlite3_bind_int64(handle, i, Int64(v))) }
    func bind(_ i: Int32, _ v: Int?) throws { if let v { try bind(i, v) } else { try check(sqlite3_bind_null(handle, i)) } }
    func bind(_ i: Int32, _ v: Bool?) throws { if let v { try bind(i, v ? 1 : 0) } else { try check(sqlite3_bind_null(handle, i)) } }
    func bind(_ i: Int32, _ v: String) throws { try check(sqlite3_bind_text(handle, i, v, -1, Self.transient)) }
    func bind(_ i: Int32, _ v: String?) throws { if let v { try bind(i, v) } else { try check(sqlite3_bind_null(handle, i)) } }

    func bind(_ i: Int32, _ v: Data) throws {
        guard !v.isEmpty else {
            try check(sqlite3_bind_zeroblob(handle, i, 0))  // a nil pointer would bind NULL
            return
        }
        try v.withUnsafeBytes { try check(sqlite3_bind_blob64(handle, i, $0.baseAddress, sqlite3_uint64($0.count), Self.transient)) }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            reset()
            throw error(code)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        let code = sqlite3_step(handle)
        defer { reset() }
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Steps a query: `true` with a row to read, `false` when done (and reset).
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        reset()
        guard code == SQLITE_DONE else { throw error(code) }
        return false
    }

    /// Ends a query before its last row.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: p)
    }

    func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let p = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: p, count: count)
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

extension DatabaseWriter {
    /// `write` for one command: the same all-or-nothing transaction, begun
    /// (`BEGIN IMMEDIATE`: the write lock from the start) and ended through
    /// cached statements rather than SQL GRDB prepares on every call.
    func writeCommand<T>(_ body: (Database) throws -> T) throws -> T {
        try writeWithoutTransaction { db in
            try DirectStatement(db, "BEGIN IMMEDIATE TRANSACTION").run()
            do {
                let result = try body(db)
                try DirectStatement(db, "COMMIT TRANSACTION").run()
                return result
            } catch {
                // SQLite has already rolled back after some errors (a full disk).
                if db.isInsideTransaction { try? DirectStatement(db, "ROLLBACK TRANSACTION").run() }
                throw error
            }
        }
    }
}

extension Database {
    /// `inSavepoint` for one command inside a group commit, through cached
    /// statements: the savepoint undoes the command alone when it throws.
    /// Savepoints of one name nest (SQLite releases the innermost).
    ///
    /// SQLite rolls a whole transaction back by itself after some errors (a
    /// full disk, an interrupt). GRDB refuses further statements then; these
    /// savepoints bypass GRDB, so they check for themselves: outside the
    /// group's transaction a SAVEPOINT would open a new one and its RELEASE
    /// commit it, and later commands would land while the group reports
    /// failure.
    func commandSavepoint<T>(_ body: () throws -> T) throws -> T {
        try requireTransaction()
        try DirectStatement(self, "SAVEPOINT shenpi_command").run()
        do {
            let result = try body()
            try requireTransaction()
            try DirectStatement(self, "RELEASE SAVEPOINT shenpi_command").run()
            return result
        } catch {
            if isInsideTransaction {
                try? DirectStatement(self, "ROLLBACK TRANSACTION TO SAVEPOINT shenpi_command").run()
                try? DirectStatement(self, "RELEASE SAVEPOINT shenpi_command").run()
            }
            throw error
        }
    }

    private func requireTransaction() throws {
        guard isInsideTransaction else {
            throw DatabaseError(resultCode: .SQLITE_ABORT, message: "Transaction was aborted")
        }
    }
}
