import GRDB
import ShenpiCalendar
import ShenpiEngine

/// The case row's `acted_at`: when an officer first acted on the case after
/// its acceptance. 只受不理 asks only that, and reading it off the log made
/// a report read the log of every running case past its threshold.
///
/// NULL: nobody has yet. `unknown` (-1): the upgrade to `v11` could not
/// decode the case's log; the report reads the log then (and names the case
/// unreadable). Written once, in the command that holds the first such act.
enum ActedColumn {
    static let unknown = -1

    /// The first officer action among `events` that follows an acceptance:
    /// one before them (`acceptedBefore`) or one among them.
    static func firstAction(in events: some Sequence<CaseEvent>, acceptedBefore: Bool) -> Instant? {
        var accepted = acceptedBefore
        for event in events {
            if accepted, isOfficerAction(event) { return event.at }
            if case .accepted = event.fact { accepted = true }
        }
        return nil
    }

    /// A person other than the applicant decided, asked for a supplement,
    /// started or ended a special procedure, or extended the clock.
    static func isOfficerAction(_ e: CaseEvent) -> Bool {
        guard !e.automatic, e.actor != "system", e.actor != "applicant" else { return false }
        switch e.fact {
        case .decided, .specialProcedureStarted, .specialProcedureEnded, .extended, .supplementRequested: return true
        default: return false
        }
    }

    /// Whether an officer had acted by `at`, by the column; `nil` when the
    /// column does not know (the log must say).
    static func acted(_ column: Int?, by at: Instant) -> Bool? {
        guard let column else { return false }
        if column == unknown { return nil }
        return column <= at.secondsSinceEpoch
    }

    /// Fills the column of every case from its log (the `v11` upgrade); a log
    /// that does not decode leaves `unknown`.
    static func fill(_ db: Database) throws {
        let set = try db.makeStatement(sql: #"UPDATE "case" SET acted_at = ? WHERE id = ?"#)
        let ids = try String.fetchAll(db, sql: #"SELECT id FROM "case" WHERE status <> 'new' ORDER BY rowid"#)
        for id in ids {
            let bodies = try Row.fetchCursor(db, sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [id])
            var accepted = false, found: Int?
            while found == nil, let row = try bodies.next() {
                guard let events = try? EventChain.decodeEvents(row[0]) else {
                    found = unknown
                    break
                }
                found = firstAction(in: events, acceptedBefore: accepted)?.secondsSinceEpoch
                if !accepted { accepted = events.contains { if case .accepted = $0.fact { true } else { false } } }
            }
            if let found { try set.execute(arguments: [found, id]) }
        }
    }
}
