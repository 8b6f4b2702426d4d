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

    static func load(_ db: Database, id: String) throws -> CaseRow? {
        let statement = try db.cachedStatement(sql: """
            SELECT fingerprint, workflow, version, snapshot, event_count, head_hash, created_at, updated_at
            FROM "case" WHERE id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return CaseRow(
            id: id, fingerprint: row[0], workflow: row[1], version: row[2],
            snapshot: try EventChain.decodeState(row[3]), eventCount: row[4], headHash: row[5],
            createdAt: Instant(secondsSinceEpoch: row[6]), updatedAt: Instant(secondsSinceEpoch: row[7]))
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
