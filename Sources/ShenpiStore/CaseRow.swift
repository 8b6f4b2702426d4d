import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// A case as stored: its snapshot, version and the head of its event chain.
struct CaseRow {
    var id: String
    var fingerprint: String
    var workflow: String
    var version: Int
    var snapshot: CaseState
    var eventCount: Int
    var headHash: Data
    var createdAt: Instant
    var updatedAt: Instant

    /// The stored case; its snapshot from `cache` when the chain head matches.
    /// One statement: the snapshot column is only read out when the cache misses.
    static func load(_ db: Database, id: String, cache: SnapshotCache? = nil) throws -> CaseRow? {
        // Every command starts here: read through the C API (`DirectStatement`).
        let select = try DirectStatement(db, """
            SELECT fingerprint, workflow, version, event_count, head_hash, created_at, updated_at, snapshot
            FROM "case" WHERE id = ?
            """)
        try select.bind(1, id)
        guard try select.next() else { return nil }
        defer { select.reset() }
        var row = CaseRow(
            id: id, fingerprint: select.text(0), workflow: select.text(1), version: select.int(2), snapshot: CaseState(id: id),
            eventCount: select.int(3), headHash: select.blob(4), createdAt: Instant(secondsSinceEpoch: select.int(5)),
            updatedAt: Instant(secondsSinceEpoch: select.int(6)))
        if let cached = cache?.state(id, head: row.headHash) {
            row.snapshot = cached
        } else {
            row.snapshot = try EventChain.snapshot(of: id, select.blob(7))
            cache?.remember(id, head: row.headHash, state: row.snapshot)
        }
        return row
    }

    static func exists(_ db: Database, id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: #"SELECT 1 FROM "case" WHERE id = ?"#), arguments: [id]) ?? false
    }
}

extension CaseState.Status {
    /// The `status` column: `new`, `preSubmitted`, `active` or `finished`.
    var column: String {
        switch self {
        case .new: return "new"
        case .preSubmitted: return "preSubmitted"
        case .active: return "active"
        case .finished: return "finished"
        }
    }
}
