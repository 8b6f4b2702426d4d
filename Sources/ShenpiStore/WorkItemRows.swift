import Foundation
import GRDB
import ShenpiEngine
import ShenpiMachine

/// One `work_item` row: a token of an active case at a task step, keyed
/// for the work queue (role, then when the step was entered). The rows are
/// derived from the snapshot and written in its transaction, so a queue
/// reads one page of them instead of decoding every active case.
struct WorkItemRow: Hashable {
    var role: String
    var enteredAt: Int
    var token: Int
    var node: String

    /// The rows case state `s` of `machine` should have (none unless
    /// active), in token order: a case has a few, so arrays beat sets.
    static func of(_ s: CaseState, _ machine: Machine) -> [WorkItemRow] {
        guard case .active = s.status else { return [] }
        var rows: [WorkItemRow] = []
        for token in s.tokens where machine.nodes.indices.contains(token.node) {
            let node = machine.nodes[token.node]
            guard case .task(let task) = node.kind else { continue }
            rows.append(WorkItemRow(role: task.role, enteredAt: token.enteredAt.secondsSinceEpoch, token: token.id, node: node.id))
        }
        return rows.count < 2 ? rows : rows.sorted { $0.token < $1.token }
    }

    /// Brings case `caseID`'s rows from `old` to `new`, touching only those
    /// that changed (most commands move one token, or none).
    static func update(_ db: Database, caseID: String, from old: [WorkItemRow], to new: [WorkItemRow]) throws {
        guard old != new else { return }
        for row in old where !new.contains(row) {
            let delete = try DirectStatement(db, "DELETE FROM work_item WHERE role = ? AND entered_at = ? AND case_id = ? AND token = ?")
            try delete.bind(1, row.role)
            try delete.bind(2, row.enteredAt)
            try delete.bind(3, caseID)
            try delete.bind(4, row.token)
            try delete.run()
        }
        for row in new where !old.contains(row) {
            let insert = try DirectStatement(db, "INSERT INTO work_item (role, entered_at, case_id, token, node) VALUES (?, ?, ?, ?, ?)")
            try insert.bind(1, row.role)
            try insert.bind(2, row.enteredAt)
            try insert.bind(3, caseID)
            try insert.bind(4, row.token)
            try insert.bind(5, row.node)
            try insert.run()
        }
    }

    /// The stored rows of case `caseID` (audit).
    static func stored(_ db: Database, caseID: String) throws -> Set<WorkItemRow> {
        Set(try Row.fetchAll(db, sql: "SELECT role, entered_at, token, node FROM work_item WHERE case_id = ?", arguments: [caseID]).map {
            WorkItemRow(role: $0[0], enteredAt: $0[1], token: $0[2], node: $0[3])
        })
    }

    /// Fills the table from the snapshots of the active cases (migration
    /// `v7`). A snapshot that does not decode gets no rows: `shenpi audit
    /// verify` names that case, as it did before.
    static func fill(_ db: Database) throws {
        var machines: [String: Machine?] = [:]
        var filled: [(String, [WorkItemRow])] = []
        let rows = try Row.fetchCursor(db, sql: #"SELECT id, fingerprint, snapshot FROM "case" WHERE status = 'active'"#)
        while let row = try rows.next() {
            let fingerprint: String = row[1]
            if !machines.keys.contains(fingerprint) {
                let json = try Data.fetchOne(db, sql: "SELECT json FROM machine WHERE fingerprint = ?", arguments: [fingerprint])
                machines[fingerprint] = json.flatMap { try? MachineCodec.decode($0) }
            }
            guard let machine = machines[fingerprint] ?? nil, let state = try? EventChain.decodeState(row[2]) else { continue }
            filled.append((row[0], of(state, machine)))
        }
        for (id, items) in filled { try update(db, caseID: id, from: [], to: items) }
    }
}
