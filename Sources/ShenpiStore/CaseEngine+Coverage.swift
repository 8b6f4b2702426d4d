import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

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
    /// Per calendar, the running cases with a clock counted past its data:
    /// each clock not yet completed is counted again on the calendar as it
    /// is now, as the audit will (the case clock, and also a step's: a case
    /// due in December whose last step, entered on the 23rd, is due in
    /// January; a paused one too), and each wait in working days. A clock in
    /// calendar days that does not roll needs no data and never counts.
    /// Finished cases are not looked at (the audit names them). Reads the
    /// snapshot of every running case: once, at a start.
    public func casesDuePastCalendarData() throws -> [UncoveredCases] {
        // The machines first: reading one reads the store, which a cursor's read must not do.
        let fingerprints = try database.writer.read { db in
            try String.fetchAll(db, sql: #"SELECT DISTINCT fingerprint FROM "case" WHERE status = 'active'"#)
        }
        var flows: [String: (machine: Machine, calendar: WorkingCalendar)] = [:]
        for fingerprint in fingerprints {
            guard let machine = try? machine(fingerprint), let calendar = try? calendars.calendar(machine.calendar) else { continue }
            flows[fingerprint] = (machine, calendar)
        }
        var found: [String: UncoveredCases] = [:]
        try database.writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, fingerprint, snapshot FROM "case" WHERE status = 'active' ORDER BY id
                """)
            while let row = try rows.next() {
                let id: String = row[0], fingerprint: String = row[1]
                guard let (machine, calendar) = flows[fingerprint], let state = try? EventChain.decodeState(row[2]),
                      let latest = Self.countedPast(state, machine: machine, calendar: calendar)
                else { continue }
                let end = calendar.coverage.upperBound
                var entry = found[machine.calendar] ?? UncoveredCases(calendar: machine.calendar, covers: end, count: 0, latestDue: latest, cases: [])
                entry.count += 1
                entry.latestDue = max(entry.latestDue, latest)
                if entry.cases.count < UncoveredCases.named { entry.cases.append(id) }
                found[machine.calendar] = entry
            }
        }
        return found.values.sorted { $0.calendar < $1.calendar }
    }

    /// The latest instant among the case's clocks and waits that `calendar`
    /// can no longer count (their recorded due, else the end of its data);
    /// `nil` when it can count them all.
    static func countedPast(_ s: CaseState, machine: Machine, calendar: WorkingCalendar) -> Instant? {
        let end = Instant.endOfDay(calendar.coverage.upperBound)
        var latest: Instant?
        func uncounted(_ record: ClockRecord?) {
            guard let record, record.completedAt == nil else { return }
            do {
                _ = try record.legalClock(on: calendar)
            } catch {
                guard case .calendar(.outOfCoverage) = error else { return }
                let at = max(record.due ?? end, record.warnAt ?? end)
                if latest.map({ at > $0 }) ?? true { latest = at }
            }
        }
        uncounted(s.caseClock)
        for token in s.tokens {
            uncounted(token.clock)
            // A wait in working days was counted on the calendar; one in calendar days was not.
            if let ends = token.waitEnds, ends > end, machine.nodes.indices.contains(token.node),
               case .wait(let limit, _) = machine.nodes[token.node].kind, limit.unit != .days {
                if latest.map({ ends > $0 }) ?? true { latest = ends }
            }
        }
        return latest
    }
}
