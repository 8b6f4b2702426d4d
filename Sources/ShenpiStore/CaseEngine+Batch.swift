import GRDB
import ShenpiCalendar
import ShenpiEngine

/// Several commands in one transaction (group commit): one fsync for all.
/// Each command runs in its own savepoint, so a refused one leaves no trace
/// and the others still commit; an error the body does not catch rolls the
/// whole batch back.
public struct CaseBatch {
    let engine: CaseEngine
    let db: Database

    @discardableResult
    public func open(_ caseID: String, machine ref: MachineRef, submit command: Command, at now: Instant) throws -> CaseUpdate {
        try db.commandSavepoint { try engine.open(db, caseID, machine: ref, submit: command, at: now) }
    }

    @discardableResult
    public func apply(_ caseID: String, _ command: Command, expectedVersion: Int?, at now: Instant) throws -> CaseUpdate {
        try db.commandSavepoint { try engine.apply(db, caseID, command, expectedVersion: expectedVersion, at: now) }
    }
}

extension CaseEngine {
    /// Runs `body` in one write transaction; see `CaseBatch`.
    public func batch<T>(_ body: (CaseBatch) throws -> T) throws -> T {
        try database.writer.write { db in try body(CaseBatch(engine: self, db: db)) }
    }
}
