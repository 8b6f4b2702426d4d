import ShenpiCalendar
import XCTest

/// `d("2025-09-26")`.
func d(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CivilDate {
    guard let date = CivilDate(iso: text) else { preconditionFailure("bad test date \(text)") }
    return date
}

/// `t("2025-09-26T10:00")`, Beijing time.
func t(_ text: String) -> Instant {
    guard let instant = Instant(iso: text) else { preconditionFailure("bad test instant \(text)") }
    return instant
}

enum Fixtures {
    static let cn = try! CalendarRegistry.standard.calendar("cn")
    static let center = try! CalendarRegistry.standard.calendar("example-center")
}

/// Every date from `first` through `last`.
func dates(_ first: String, _ last: String) -> [CivilDate] {
    (d(first).daysSinceEpoch...d(last).daysSinceEpoch).map { CivilDate(daysSinceEpoch: $0) }
}

/// A seeded generator so property tests are repeatable (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
