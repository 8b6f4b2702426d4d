import GRDB
import ShenpiCalendar
import ShenpiEngine

/// The `case_acted` table: when an officer first acted on a case after its
/// acceptance, one row per such case. 只受不理 asks only that, and reading
/// it off the log made a report read the log of every running case past
/// its threshold.
///
/// No row: nobody has yet. `at` = `unknown` (-1): the upgrade to `v11`
/// could not decode the case's log up to its first action; the report
/// reads the log then (and names the case unreadable). Written by the
/// command that holds the first such act (`INSERT OR IGNORE` keeps it).
enum CaseActed {
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
    /// A sub-case's outcome deciding the call step counts (its officers did
    /// the work): under engine rules 8 it is automatic, in the sub-case's
    /// name, and it counted as before, so the engine's own are told by the
    /// `system` actor alone.
    static func isOfficerAction(_ e: CaseEvent) -> Bool {
        guard e.actor != "system", e.actor != "applicant" else { return false }
        switch e.fact {
        case .decided, .specialProcedureStarted, .specialProcedureEnded, .extended, .supplementRequested: return true
        default: return false
        }
    }

    /// Whether an officer had acted by `at`, by the case's row (`nil`: no
    /// row); `nil` when the row does not know (the log must say).
    static func acted(_ row: Int?, by at: Instant) -> Bool? {
        guard let row else { return false }
        if row == unknown { return nil }
        return row <= at.secondsSinceEpoch
    }

    /// Fills the table from every case's log (the `v11` upgrade): the log is
    /// read up to the case's first officer action after acceptance; a command
    /// before it that does not decode leaves `unknown`.
    static func fill(_ db: Database) throws {
        let insert = try db.makeStatement(sql: "INSERT INTO case_acted (case_id, at) VALUES (?, ?)")
        let ids = try String.fetchAll(db, sql: #"SELECT id FROM "case" ORDER BY rowid"#)
        let read = try db.makeStatement(sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version")
        for id in ids {
            let bodies = try Row.fetchCursor(read, arguments: [id])
            var accepted = false, found: Int?
            while found == nil, let row = try bodies.next() {
                guard let events = try? EventChain.decodeEvents(row[0]) else {
                    found = unknown
                    break
                }
                found = firstAction(in: events, acceptedBefore: accepted)?.secondsSinceEpoch
                if !accepted { accepted = events.contains { if case .accepted = $0.fact { true } else { false } } }
            }
            if let found { try insert.execute(arguments: [id, found]) }
        }
    }
}
