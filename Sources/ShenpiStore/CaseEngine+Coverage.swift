import GRDB
import ShenpiCalendar
import ShenpiEngine

/// Running cases counted past the data of the calendar they are counted
/// on: a store counted on a calendar copy that the daemon was started
/// without (a local `calendars/cn.cal` holding next year, lost from the
/// catalog).
public struct UncoveredCases: Sendable, Hashable {
    public var calendar: String
    /// The last day the calendar's data covers now.
    public var covers: CivilDate
    public var count: Int
    /// The latest instant counted among them (a due, a warning, a timer).
    public var latestDue: Instant
    /// The first few of them, by id, for the log (`count` says how many).
    public var cases: [String]

    /// How many `cases` names at most.
    public static let named = 5
}

extension CaseEngine {
    /// Per calendar, the running cases with an instant counted past its data:
    /// the case clock's due, and also a step's (a case due in December whose
    /// last step, entered on the 23rd, is due in January), a warning or any
    /// pending timer. The audit re-runs them on days this daemon cannot count.
    /// Reads the snapshot of every running case: once, at a start.
    public func casesDuePastCalendarData() throws -> [UncoveredCases] {
        // The machines first: reading one reads the store, which a cursor's read must not do.
        let fingerprints = try database.writer.read { db in
            try String.fetchAll(db, sql: #"SELECT DISTINCT fingerprint FROM "case" WHERE status = 'active'"#)
        }
        var ends: [String: (calendar: String, end: CivilDate)] = [:]
        for fingerprint in fingerprints {
            guard let machine = try? machine(fingerprint), let calendar = try? calendars.calendar(machine.calendar) else { continue }
            ends[fingerprint] = (machine.calendar, calendar.coverage.upperBound)
        }
        var found: [String: UncoveredCases] = [:]
        try database.writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, fingerprint, snapshot FROM "case" WHERE status = 'active' ORDER BY id
                """)
            while let row = try rows.next() {
                let id: String = row[0], fingerprint: String = row[1]
                guard let (calendar, end) = ends[fingerprint], let state = try? EventChain.decodeState(row[2]),
                      let latest = Self.latestCounted(state)
                else { continue }
                // A due instant is the end of its last day: midnight after the last covered day is still covered.
                guard latest > Instant.endOfDay(end) else { continue }
                var entry = found[calendar] ?? UncoveredCases(calendar: calendar, covers: end, count: 0, latestDue: latest, cases: [])
                entry.count += 1
                entry.latestDue = max(entry.latestDue, latest)
                if entry.cases.count < UncoveredCases.named { entry.cases.append(id) }
                found[calendar] = entry
            }
        }
        return found.values.sorted { $0.calendar < $1.calendar }
    }

    /// The latest instant the case's clocks and timers were counted to.
    static func latestCounted(_ s: CaseState) -> Instant? {
        var latest: Instant?
        func note(_ t: Instant?) {
            if let t, latest.map({ t > $0 }) ?? true { latest = t }
        }
        note(s.caseClock?.due)
        note(s.caseClock?.warnAt)
        for timer in s.pendingTimers { note(timer.at) }
        for token in s.tokens {
            note(token.clock?.due)
            note(token.clock?.warnAt)
            note(token.waitEnds)
        }
        return latest
    }
}
