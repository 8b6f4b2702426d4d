/// An official working-day calendar over an explicit covered range, with
/// precomputed day indexes so every question is answered in O(1).
///
/// Built from a chain of `CalendarDefinition`s (a root such as `cn`, then
/// each local layer naming its base). Get one from `CalendarRegistry`.
/// The arithmetic is in `WorkingCalendar+Days.swift` and `+Hours.swift`;
/// its meaning is documented in docs/calendar.md.
public struct WorkingCalendar: Sendable {
    // Everything lives in one shared immutable object, so copying a
    // calendar (into every clock) costs a single retain.
    let table: DayTable
    let weekend: Weekend
    /// The days the data answers for. Outside them only a guess is possible.
    public let coverage: ClosedRange<CivilDate>

    /// What flows write after `calendar:` (`cn`).
    public var id: String { table.calendarID }
    /// Display name from the file's `title` line, or the id.
    public var title: String { table.info.title }
    /// The calendar this one layers on, if any.
    public var baseID: String? { table.info.baseID }
    /// Office hours for limits in hours; `nil` when the calendar has none.
    public var officeHours: OfficeHours? { table.info.officeHours }
    /// The files this calendar is made of, root first, this calendar's own last.
    public var layers: [CalendarDefinition] { table.info.layers }

    /// Builds the calendar for the last definition of `chain`, whose first
    /// element is a root calendar and every later one names the previous as base.
    public init(chain: [CalendarDefinition]) throws(CalendarDataError) {
        guard let root = chain.first, let own = chain.last else {
            throw CalendarDataError(file: "", line: 0, message: "empty calendar chain")
        }
        guard let rootCoverage = root.coverage else {
            throw CalendarDataError(file: root.file, line: root.calendarLine, message: "root calendar '\(root.id)' needs a 'covers FIRST LAST' line")
        }
        try Self.checkYearSections(root, coverage: rootCoverage)
        let weekend = Weekend(days: root.weekend ?? [6, 7])
        var coverage = rootCoverage
        var coverageFrom = root  // the file whose `covers` line sets `coverage`
        var hours: OfficeHours? = nil
        var kinds: [UInt8] = []
        var names: [Int: String] = [:]
        var origin = coverage.lowerBound.daysSinceEpoch

        for (position, layer) in chain.enumerated() {
            if position > 0 {
                guard layer.base == chain[position - 1].id else {
                    throw CalendarDataError(file: layer.file, line: layer.baseLine, message: "'\(layer.id)' does not layer on '\(chain[position - 1].id)'")
                }
                if layer.weekend != nil {
                    throw CalendarDataError(file: layer.file, line: layer.weekendLine, message: "only a root calendar sets 'weekend'; '\(layer.id)' has base '\(layer.base ?? "")'")
                }
            }
            if let c = layer.coverage, position > 0 {
                guard coverage.lowerBound <= c.lowerBound, c.upperBound <= coverage.upperBound else {
                    throw CalendarDataError(file: layer.file, line: layer.coversLine, message: "covers \(c.lowerBound) to \(c.upperBound), beyond its base's \(coverage.lowerBound) to \(coverage.upperBound)")
                }
                coverage = c
                coverageFrom = layer
            }
            let newOrigin = coverage.lowerBound.daysSinceEpoch
            let count = coverage.upperBound.daysSinceEpoch - newOrigin + 1
            if position == 0 {
                kinds = (0..<count).map { weekend.isOff(day: newOrigin + $0) ? DayCode.weekend.rawValue : DayCode.workday.rawValue }
            } else {
                kinds = Array(kinds[(newOrigin - origin)..<(newOrigin - origin + count)])
                names = names.reduce(into: [:]) { out, item in
                    let shifted = item.key - (newOrigin - origin)
                    if (0..<count).contains(shifted) { out[shifted] = item.value }
                }
            }
            origin = newOrigin
            for entry in layer.entries {
                for date in entry.dates {
                    let x = date.daysSinceEpoch - origin
                    guard (0..<count).contains(x) else {
                        throw CalendarDataError(file: layer.file, line: entry.line, message: "\(date) is outside the covered range \(coverage.lowerBound) to \(coverage.upperBound)"
                            + Self.coversHint(date, coverage: coverage, from: coverageFrom, in: layer))
                    }
                    if entry.kind == .work && DayCode.isWorking(kinds[x]) {
                        throw CalendarDataError(file: layer.file, line: entry.line, message: "\(date) is already a working day; 'work' marks a day off that is worked")
                    }
                    kinds[x] = (entry.kind == .off ? DayCode.dayOff : DayCode.adjustedWorkday).rawValue
                    names[x] = entry.name
                }
            }
            switch layer.hours {
            case .inherited: break
            case .none: hours = nil
            case .hours(let h): hours = h
            }
        }

        self.coverage = coverage
        self.weekend = weekend
        let info = DayTable.Info(title: own.title.isEmpty ? own.id : own.title, baseID: own.base, officeHours: hours, layers: chain)
        table = DayTable(calendarID: own.id, info: info, origin: origin, kinds: kinds, names: names)
    }

    /// A root calendar cites the notice of every year it covers.
    static func checkYearSections(_ root: CalendarDefinition, coverage: ClosedRange<CivilDate>) throws(CalendarDataError) {
        let cited = Set(root.sources.compactMap(\.year))
        for year in coverage.lowerBound.year...coverage.upperBound.year where !cited.contains(year) {
            throw CalendarDataError(file: root.file, line: root.coversLine, message: "covers \(year) but has no 'year \(year) CITATION' section")
        }
    }

    /// Where to widen the range for an entry outside it: the `covers` line
    /// that sets it (an operator adding next year often forgets it), in
    /// this file or the base's.
    static func coversHint(_ date: CivilDate, coverage: ClosedRange<CivilDate>, from setter: CalendarDefinition,
                           in layer: CalendarDefinition) -> String {
        guard setter.coversLine > 0 else { return "" }
        let place = "line \(setter.coversLine)" + (setter.id == layer.id ? "" : " of \(setter.file)")
        return "; extend 'covers' on \(place)" + (date.year > coverage.upperBound.year ? " to add a year" : "")
    }

    /// The documents behind this calendar's data, root calendar's first.
    public var sources: [CalendarDefinition.Source] { layers.flatMap(\.sources) }
}

/// What a day is on a calendar, and why.
public enum DayKind: Hashable, Sendable {
    /// An ordinary working day.
    case workday
    /// An ordinary weekly day off.
    case weekend
    /// A listed day off (a statutory holiday period, a local closure), with its name.
    case dayOff(String)
    /// A listed working day on what would be a day off (调休上班, weekend service), with its name.
    case adjustedWorkday(String)

    /// Workdays and adjusted working days are working days.
    public var isWorking: Bool {
        switch self {
        case .workday, .adjustedWorkday: return true
        case .weekend, .dayOff: return false
        }
    }
}

enum DayCode: UInt8 {
    case workday, weekend, dayOff, adjustedWorkday

    static func isWorking(_ raw: UInt8) -> Bool {
        raw == DayCode.workday.rawValue || raw == DayCode.adjustedWorkday.rawValue
    }
}

/// The calendar's shared data and precomputed indexes: a day's kind, the working days before it
/// (prefix sums) and where the k-th working day is. Immutable, shared by copies.
final class DayTable: Sendable {
    struct Info: Sendable {
        let title: String
        let baseID: String?
        let officeHours: OfficeHours?
        let layers: [CalendarDefinition]
    }

    let calendarID: String
    let info: Info
    /// Days since epoch of the first covered day; day offsets count from it.
    let origin: Int
    let count: Int
    let kinds: [UInt8]
    /// `prefix[x]`: working days among offsets `0 ..< x`; `count + 1` elements.
    let prefix: [Int32]
    /// `nth[k]`: offset of the k-th (0-based) working day.
    let nth: [Int32]
    let names: [Int: String]

    init(calendarID: String, info: Info, origin: Int, kinds: [UInt8], names: [Int: String]) {
        self.calendarID = calendarID
        self.info = info
        self.origin = origin
        self.count = kinds.count
        self.kinds = kinds
        self.names = names
        var prefix: [Int32] = [0]
        var nth: [Int32] = []
        prefix.reserveCapacity(kinds.count + 1)
        for (x, k) in kinds.enumerated() {
            if DayCode.isWorking(k) { nth.append(Int32(x)) }
            prefix.append(Int32(nth.count))
        }
        self.prefix = prefix
        self.nth = nth
    }

    var workingTotal: Int { nth.count }
}
