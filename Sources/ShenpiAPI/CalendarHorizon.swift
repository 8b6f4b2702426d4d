import ShenpiCalendar
import ShenpiMachine

/// How long the served flows can still accept cases before their calendar's
/// published data runs out. Past the last published year the engine refuses
/// any clock it cannot count (nobody knows next year's 调休 until the State
/// Council publishes it), so a window would stop being able to accept cases
/// some weeks before the year ends: the daemon says so ahead of time.
public struct CalendarHorizon: Sendable, Hashable {
    public var calendar: String
    /// The last day the calendar's data covers.
    public var coveredUntil: CivilDate
    /// The longest case limit among the flows on this calendar, in working days.
    public var longestWorkdays: Int
    /// The case limit that stops acceptance first: the longest in working
    /// days, or a legal limit in calendar days that rolls past days off
    /// (engine rules 9), which needs the data to know its last day.
    public var limit: TimeLimit
    /// From this day on, a case of those flows can no longer be accepted.
    public var acceptanceStops: CivilDate
    /// The flows with that limit (shorter ones stop a little later).
    public var flows: [String]

    /// One horizon per calendar the catalog's flows use, soonest first.
    public static func of(_ catalog: FlowCatalog) -> [CalendarHorizon] {
        var byCalendar: [String: [Machine]] = [:]
        for flow in catalog.flows.values { byCalendar[flow.machine.calendar, default: []].append(flow.machine) }
        var out: [CalendarHorizon] = []
        for (id, machines) in byCalendar {
            guard let calendar = try? catalog.calendars.calendar(id) else { continue }
            // The case clock runs on the promised limit, else the legal one (runtime.md).
            func workdays(_ m: Machine) -> Int {
                guard let l = m.limits.promised ?? m.limits.legal, l.unit == .workdays else { return 0 }
                return l.amount
            }
            let longest = machines.map(workdays).max() ?? 0
            var stops = [(acceptanceStops(longestWorkdays: longest, on: calendar), TimeLimit(longest, .workdays),
                          machines.filter { workdays($0) == longest }.map(\.workflow))]
            for m in machines where m.limits.promised == nil {
                guard let legal = m.limits.legal, legal.unit == .days else { continue }
                stops.append((acceptanceStops(rollingDays: legal.amount, on: calendar), TimeLimit(legal.amount, .days), [m.workflow]))
            }
            let first = stops.map(\.0).min()!
            let at = stops.filter { $0.0 == first }
            out.append(CalendarHorizon(calendar: id, coveredUntil: calendar.coverage.upperBound, longestWorkdays: longest,
                                       limit: at[0].1, acceptanceStops: first,
                                       flows: Array(Set(at.filter { $0.1 == at[0].1 }.flatMap(\.2))).sorted()))
        }
        return out.sorted { ($0.acceptanceStops, $0.calendar) < ($1.acceptanceStops, $1.calendar) }
    }

    /// The first day a case with a legal limit of `days` calendar days that
    /// rolls past days off can no longer be accepted: its last day, or the
    /// working day it rolls to, is past the data.
    public static func acceptanceStops(rollingDays days: Int, on calendar: WorkingCalendar) -> CivilDate {
        let end = calendar.coverage.upperBound
        var day = end.adding(days: -days - 40)
        while day < end, (try? calendar.addingDays(days, to: day, rollingOffDaysForward: true)) != nil { day = day.adding(days: 1) }
        return day
    }

    /// The first day a case with a `longest`-workday limit can no longer be
    /// accepted on `calendar`. Counting back from the end of the data gives
    /// the last working day one can be (due with the data's last day); the
    /// days off after it fit too (their count starts with the next working
    /// day), so acceptance stops with the next working day.
    public static func acceptanceStops(longestWorkdays longest: Int, on calendar: WorkingCalendar) -> CivilDate {
        let end = calendar.coverage.upperBound
        let lastDay = (try? calendar.addingWorkdays(-longest, to: end).value) ?? end
        var stops = lastDay.adding(days: 1)
        while stops < end, (try? calendar.isWorkingDay(stops).value) == false { stops = stops.adding(days: 1) }
        return stops
    }

    /// Days from `today` until acceptance stops (negative: already stopped).
    public func daysLeft(from today: CivilDate) -> Int { acceptanceStops.daysSinceEpoch - today.daysSinceEpoch }

    public var warning: String { warning(on: nil) }

    /// The operator's warning on `today`: "from about" a day ahead, "since about" one gone by.
    public func warning(on today: CivilDate?) -> String {
        let when = today.map { daysLeft(from: $0) < 0 } == true ? "since" : "from"
        let size = limit.unit == .days ? "\(limit.amount)-day" : "\(limit.amount)-workday"
        return "calendar \(calendar) has holiday data until \(coveredUntil); cases with a \(size) limit "
            + "(\(flows.joined(separator: ", "))) can no longer be accepted \(when) about \(acceptanceStops): "
            + "add next year's holidays to the calendar data (docs/calendar.md) and reload (SIGHUP)"
    }
}
