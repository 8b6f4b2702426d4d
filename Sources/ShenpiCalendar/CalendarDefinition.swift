/// One calendar data file as written (`Data/*.cal`): the layer a calendar adds
/// on top of its base, or the whole of a root calendar. The format is in
/// docs/calendar.md; `WorkingCalendar` is what gets computed from a chain of
/// these.
public struct CalendarDefinition: Hashable, Sendable {
    /// What a document says about a run of days.
    public enum EntryKind: String, Hashable, Sendable {
        /// Days off (放假): a statutory holiday period, a local closure.
        case off
        /// Working days on what would otherwise be days off (调休上班, weekend service).
        case work
    }

    /// One `off` or `work` line.
    public struct Entry: Hashable, Sendable {
        public let kind: EntryKind
        public let first: CivilDate
        public let last: CivilDate
        /// What the notice calls it: 春节, 国庆节调休 …
        public let name: String
        /// Index into `sources` of the document this entry comes from.
        public let source: Int
        public let line: Int

        public init(kind: EntryKind, first: CivilDate, last: CivilDate, name: String, source: Int, line: Int) {
            self.kind = kind
            self.first = first
            self.last = last
            self.name = name
            self.source = source
            self.line = line
        }

        /// Every date from `first` through `last`.
        public var dates: [CivilDate] {
            (first.daysSinceEpoch...last.daysSinceEpoch).map { CivilDate(daysSinceEpoch: $0) }
        }
    }

    /// A document entries are transcribed from: a `year` section's notice or a `source` line.
    public struct Source: Hashable, Sendable {
        /// The year a `year` section arranges; `nil` for a `source` line.
        public let year: Int?
        /// Title, document number and date, as written in the file.
        public let citation: String
        public let line: Int

        public init(year: Int?, citation: String, line: Int) {
            self.year = year
            self.citation = citation
            self.line = line
        }
    }

    /// Office hours as the file states them.
    public enum Hours: Hashable, Sendable {
        /// No `hours` line: a layered calendar keeps its base's, a root has none.
        case inherited
        /// `hours none`: working hours cannot be counted on this calendar.
        case none
        case hours(OfficeHours)
    }

    /// The file name the definition was read from, for messages.
    public var file: String
    public var id: String
    /// The line of the `calendar` directive, for messages (0: not read from a file).
    public var calendarLine = 0
    public var title: String
    /// The calendar this one layers on, or `nil` for a root calendar.
    public var base: String?
    /// The line of the `base` directive, for messages (0: not read from a file).
    public var baseLine = 0
    /// ISO weekdays (1 = Monday … 7 = Sunday) that are days off by default; roots only.
    public var weekend: Set<Int>?
    /// The line of the `weekend` directive, for messages (0: none, or not read from a file).
    public var weekendLine = 0
    /// The first and last day the data answers for; required of a root,
    /// optional (and within the base's) for a layered calendar.
    public var coverage: ClosedRange<CivilDate>?
    /// The line of the `covers` directive, for messages (0: none, or not read from a file).
    public var coversLine = 0
    public var hours: Hours
    /// The line of the `hours` directive, for messages (0: none, or not read from a file).
    public var hoursLine = 0
    public var sources: [Source]
    public var entries: [Entry]

    public init(file: String, id: String, title: String = "", base: String? = nil, weekend: Set<Int>? = nil,
                coverage: ClosedRange<CivilDate>? = nil, hours: Hours = .inherited,
                sources: [Source] = [], entries: [Entry] = []) {
        self.file = file
        self.id = id
        self.title = title
        self.base = base
        self.weekend = weekend
        self.coverage = coverage
        self.hours = hours
        self.sources = sources
        self.entries = entries
    }
}

extension CalendarDefinition {
    /// The line of the entry that lists `date`, if one does.
    public func entryLine(listing date: CivilDate) -> Int? {
        entries.first { $0.first <= date && date <= $0.last }?.line
    }

    /// The line that points at what decides the covered range here: the
    /// `covers` line, or else the `calendar` line (0 when neither was read).
    var coverageLine: Int { coversLine > 0 ? coversLine : calendarLine }
}
