/// The windows of a working day in which working hours run, e.g.
/// 09:00–12:00 and 13:30–17:30 (the lunch break does not count).
public struct OfficeHours: Hashable, Sendable, CustomStringConvertible {
    /// One window, in minutes since midnight: `start ..< end`.
    public struct Window: Hashable, Sendable {
        public let start: Int
        public let end: Int
    }

    /// Sorted, non-overlapping, non-empty.
    public let windows: [Window]

    /// Working minutes in one working day.
    public var minutesPerDay: Int { windows.reduce(0) { $0 + $1.end - $1.start } }

    /// Validates the windows: each non-empty, sorted, not overlapping, within a day.
    public init?(windows: [(start: Int, end: Int)]) {
        guard !windows.isEmpty else { return nil }
        var previousEnd = 0
        for w in windows {
            guard w.start >= previousEnd, w.end > w.start, w.end <= 24 * 60 else { return nil }
            previousEnd = w.end
        }
        self.windows = windows.map { Window(start: $0.start, end: $0.end) }
    }

    /// Parses `09:00-12:00 13:30-17:30`.
    public init?(parsing text: some StringProtocol) {
        var windows: [(start: Int, end: Int)] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let ends = token.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let s = Instant.clockMinutes(ends[0]), let e = Instant.clockMinutes(ends[1])
            else { return nil }
            windows.append((s, e))
        }
        self.init(windows: windows)
    }

    /// `09:00-12:00 13:30-17:30`.
    public var description: String {
        windows.map { "\(Self.hhmm($0.start))-\(Self.hhmm($0.end))" }.joined(separator: " ")
    }

    static func hhmm(_ minutes: Int) -> String { "\(Instant.two(minutes / 60)):\(Instant.two(minutes % 60))" }

    /// Working seconds of a working day that lie before `secondOfDay`.
    func workedSeconds(before secondOfDay: Int) -> Int {
        var total = 0
        for w in windows {
            let s = w.start * 60, e = w.end * 60
            if secondOfDay <= s { break }
            total += min(secondOfDay, e) - s
        }
        return total
    }

    /// The second of day at which `worked` working seconds (1 ... a full day)
    /// have run. A value that completes a window answers that window's end,
    /// not the next one's start: a limit ends when its last minute is worked.
    func secondOfDay(afterWorking worked: Int) -> Int {
        var left = worked
        for w in windows {
            let length = (w.end - w.start) * 60
            if left <= length { return w.start * 60 + left }
            left -= length
        }
        return (windows.last?.end ?? 0) * 60
    }
}
