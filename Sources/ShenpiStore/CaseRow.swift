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
    static func load(_ db: Database, id: String, cache: SnapshotCache? = nil) throws -> CaseRow? {
        let statement = try db.cachedStatement(sql: """
            SELECT fingerprint, workflow, version, event_count, head_hash, created_at, updated_at
            FROM "case" WHERE id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let head: Data = row[4]
        let snapshot: CaseState
        if let cached = cache?.state(id, head: head) {
            snapshot = cached
        } else {
            let body = try Data.fetchOne(db.cachedStatement(sql: #"SELECT snapshot FROM "case" WHERE id = ?"#), arguments: [id])
            snapshot = try EventChain.decodeState(body ?? Data())
            cache?.remember(id, head: head, state: snapshot)
        }
        return CaseRow(
            id: id, fingerprint: row[0], workflow: row[1], version: row[2], snapshot: snapshot, eventCount: row[3],
            headHash: head, createdAt: Instant(secondsSinceEpoch: row[5]), updatedAt: Instant(secondsSinceEpoch: row[6]))
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
