import GRDB
import ShenpiCalendar

/// Running cases due past the data of the calendar they are counted on: a
/// store counted on a calendar copy that the daemon was started without (a
/// local `calendars/cn.cal` holding next year, lost from the catalog).
public struct UncoveredCases: Sendable, Hashable {
    public var calendar: String
    /// The last day the calendar's data covers now.
    public var covers: CivilDate
    public var count: Int
    /// The latest due instant among them.
    public var latestDue: Instant
}

extension CaseEngine {
    /// Per calendar, the running cases whose due instant lies past its data:
    /// their due dates were counted on days this daemon cannot count.
    public func casesDuePastCalendarData() throws -> [UncoveredCases] {
        let rows = try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT fingerprint, COUNT(*), MAX(due_at) FROM "case" WHERE status = 'active' AND due_at IS NOT NULL GROUP BY fingerprint
                """)
        }
        var found: [String: UncoveredCases] = [:]
        for row in rows {
            let fingerprint: String = row[0], all: Int = row[1], latest = Instant(secondsSinceEpoch: row[2])
            guard let machine = try? machine(fingerprint), let calendar = try? calendars.calendar(machine.calendar) else { continue }
            let end = calendar.coverage.upperBound
            // A due instant is the end of its last day: midnight after the last covered day is still covered.
            guard latest > Instant.endOfDay(end) else { continue }
            let count = try database.writer.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM "case" WHERE fingerprint = ? AND status = 'active' AND due_at > ?
                    """, arguments: [fingerprint, Instant.endOfDay(end).secondsSinceEpoch]) ?? all
            }
            var entry = found[machine.calendar] ?? UncoveredCases(calendar: machine.calendar, covers: end, count: 0, latestDue: latest)
            entry.count += count
            entry.latestDue = max(entry.latestDue, latest)
            found[machine.calendar] = entry
        }
        return found.values.sorted { $0.calendar < $1.calendar }
    }
}
