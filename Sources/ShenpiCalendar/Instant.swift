/// A point in time, to the second, read on China Standard Time (UTC+8, no
/// daylight saving): when a case was accepted, a clock paused, a step done.
///
/// Stored as Unix seconds, so it converts exactly to and from any timestamp;
/// its civil `date` and `secondOfDay` are those of Beijing time, which is what
/// every calendar in this module counts in. Codable as an ISO 8601 string
/// (`2025-09-26T09:30:00+08:00`).
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int

    /// The fixed offset of China Standard Time.
    public static let utcOffsetSeconds = 8 * 3600
    static let secondsPerDay = 86_400

    /// The instant of a Unix timestamp.
    public init(secondsSinceEpoch: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The instant at a wall-clock time in Beijing; `nil` for out-of-range fields.
    public init?(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    /// The instant `secondOfDay` seconds after Beijing midnight starting `date`
    /// (values of 86 400 or more run into the following days).
    public init(date: CivilDate, secondOfDay: Int) {
        secondsSinceEpoch = date.daysSinceEpoch * Self.secondsPerDay + secondOfDay - Self.utcOffsetSeconds
    }

    /// `secondOfDay` after Beijing midnight of a day counted from 1970-01-01.
    init(localDay: Int, secondOfDay: Int) {
        secondsSinceEpoch = localDay * Self.secondsPerDay + secondOfDay - Self.utcOffsetSeconds
    }

    /// Beijing midnight at the start of `date`.
    public static func startOfDay(_ date: CivilDate) -> Instant {
        Instant(date: date, secondOfDay: 0)
    }

    /// Beijing midnight at the end of `date` (the start of the next day):
    /// the due instant of a limit that ends with `date`.
    public static func endOfDay(_ date: CivilDate) -> Instant {
        Instant(date: date, secondOfDay: secondsPerDay)
    }

    private var localSeconds: Int { secondsSinceEpoch + Self.utcOffsetSeconds }

    /// Days since 1970-01-01 of the Beijing date.
    var localDay: Int { localSeconds.floorDiv(Self.secondsPerDay) }

    /// The Beijing date of this instant.
    public var date: CivilDate { CivilDate(daysSinceEpoch: localDay) }

    /// Seconds since Beijing midnight, 0 ..< 86 400.
    public var secondOfDay: Int { localSeconds - localDay * Self.secondsPerDay }

    /// The instant `seconds` later (earlier when negative).
    public func adding(seconds: Int) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// `2025-09-26T09:30:00+08:00`.
    public var description: String {
        let s = secondOfDay
        return "\(date)T\(Self.two(s / 3600)):\(Self.two(s / 60 % 60)):\(Self.two(s % 60))+08:00"
    }

    /// `2025-09-26T09:30`: the date and minute, for people.
    public var shortDescription: String {
        let s = secondOfDay
        return "\(date)T\(Self.two(s / 3600)):\(Self.two(s / 60 % 60))"
    }

    /// A deadline for people: one at a day's end (the next day's 00:00)
    /// reads as that day, `2025-10-16`, so that it is not read a day late;
    /// any other as `shortDescription`.
    public var deadlineDescription: String {
        secondOfDay == 0 ? adding(seconds: -1).date.description : shortDescription
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Instant(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad instant \"\(text)\""))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int {
    /// Division rounding toward negative infinity.
    func floorDiv(_ d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
