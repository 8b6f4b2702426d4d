import Foundation
import GRDB
import ShenpiEngine
import ShenpiMachine

/// The `subcase` table is not chained, but everything it says is in the
/// two cases' logs: the id `<parent>~<step>~<token>`, the sub-case's
/// submission entered by the parent, and the parent's token entering that
/// call step. A row edited, added or deleted by hand shows as a difference.
extension StoreAudit {
    static func subcaseLinks(_ db: Database, machines: [String: Machine]) throws -> AuditMismatch? {
        let sep = CaseEngine.subcaseSeparator
        let rows = try Row.fetchAll(db, sql: "SELECT child_id, parent_id, node, token FROM subcase ORDER BY rowid")
        for row in rows {
            let child: String, parent: String, node: String, token: Int
            do throws(UnreadableColumn) {
                (child, parent) = (try row.audited(0, "child_id"), try row.audited(1, "parent_id"))
                (node, token) = (try row.audited(2, "node"), try row.audited(3, "token"))
            } catch {
                return AuditMismatch(caseID: (try? row.decode(String.self, atIndex: 0)) ?? "NULL", seq: nil, reason: "its subcase row: " + error.description)
            }
            func bad(_ reason: String) -> AuditMismatch { AuditMismatch(caseID: child, seq: nil, reason: "its subcase row: " + reason) }
            guard child == parent + sep + node + sep + String(token) else {
                return bad("the id does not name its parent \(parent), step \(node) and token \(token)")
            }
            guard let first = try firstEvent(of: child, db) else { return bad("the sub-case has no events") }
            guard case .submitted = first.fact, first.actor == parent else {
                return bad("the sub-case's submission was not entered by \(parent)")
            }
            guard let fingerprint = try String.fetchOne(db, sql: #"SELECT fingerprint FROM "case" WHERE id = ?"#, arguments: [parent]),
                let machine = machines[fingerprint], let n = machine.node(named: node), case .call = machine.nodes[n].kind
            else { return bad("\(parent) has no call step \(node)") }
            let entered = try events(of: parent, db).contains {
                if case .entered(let t) = $0.fact { return t.id == token && t.node == n }
                return false
            }
            guard entered else { return bad("no token \(token) of \(parent) entered \(node)") }
        }
        let unlinked = try String.fetchOne(db, sql: """
            SELECT id FROM "case" WHERE instr(id, ?) > 0 AND id NOT IN (SELECT child_id FROM subcase) ORDER BY rowid LIMIT 1
            """, arguments: [sep])
        return unlinked.map { AuditMismatch(caseID: $0, seq: nil, reason: "its id is a sub-case's, but no subcase row links it to its parent") }
    }

    private static func firstEvent(of caseID: String, _ db: Database) throws -> CaseEvent? {
        guard let body = try Data.fetchOne(db, sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version LIMIT 1", arguments: [caseID])
        else { return nil }
        return try EventChain.decodeEvents(body).first
    }

    private static func events(of caseID: String, _ db: Database) throws -> [CaseEvent] {
        try Data.fetchAll(db, sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [caseID])
            .flatMap { try EventChain.decodeEvents($0) }
    }
}
