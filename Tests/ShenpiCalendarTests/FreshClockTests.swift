import ShenpiCalendar
import XCTest

/// `dueOfNewClock` and `warningOfNewClock` answer exactly as a new
/// `LegalClock` does: same instants, same errors, on both calendars, near
/// and past the covered range, with and without guessing.
final class FreshClockTests: XCTestCase {
    func testSameAnswersAsANewLegalClock() {
        var rng = SeededGenerator(seed: 0x5EED_C10C)
        let calendars = [Fixtures.cn, Fixtures.center]
        let policies: [WarningPolicy] = [.never, .share(0.8), .share(0.5), .before(1), .before(2), .before(0), .before(30)]
        let first = d("2014-12-20").daysSinceEpoch, last = d("2027-01-10").daysSinceEpoch
        var compared = 0
        for _ in 0..<40_000 {
            let calendar = calendars[Int.random(in: 0..<2, using: &rng)]
            let unit = TimeUnit.allCases.randomElement(using: &rng)!
            let limit = TimeLimit(Int.random(in: -1...25, using: &rng), unit)
            // Mostly inside the range, sometimes near its ends.
            let day = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: first...last, using: &rng)
                : Int.random(in: d("2025-01-01").daysSinceEpoch...d("2026-12-20").daysSinceEpoch, using: &rng)
            let start = Instant(date: CivilDate(daysSinceEpoch: day), secondOfDay: Int.random(in: 0..<86_400, using: &rng))
            let at = start.adding(seconds: Int.random(in: -3600...(5 * 86_400), using: &rng))
            let warning = policies.randomElement(using: &rng)!
            let beyond: BeyondCoverage = Bool.random(using: &rng) ? .refuse : .guessWeekendsOnly

            let built = Result { () throws(ClockError) -> LegalClock in
                try LegalClock(limit: limit, startingAt: start, calendar: calendar, warning: warning, beyond: beyond)
            }
            let due = Result { () throws(ClockError) -> Instant in
                try LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: calendar, beyond: beyond)
            }
            XCTAssertEqual(built.map { $0.due }, due.map { Optional($0) }, "\(limit) from \(start)")
            guard case .success(let clock) = built else { continue }
            let expected = Result { () throws(ClockError) -> Instant? in try clock.reading(at: at).warningFrom }
            let found = Result { () throws(ClockError) -> Instant? in
                try LegalClock.warningOfNewClock(limit: limit, startingAt: start, calendar: calendar, warning: warning,
                                                 beyond: beyond, at: at)
            }
            XCTAssertEqual(expected, found, "\(limit) from \(start) at \(at), \(warning)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 10_000)
    }

    /// `reaches` says whether `dueOfNewClock` refuses, near and past both
    /// ends; `dueOfWorkdays` gives its due instant for every workday limit.
    func testReachesAgreesWithTheDueOfANewClock() {
        var rng = SeededGenerator(seed: 0x5EED_0E4C)
        let first = d("2014-12-01").daysSinceEpoch, last = d("2027-01-31").daysSinceEpoch
        var refused = 0
        for _ in 0..<20_000 {
            let calendar = Bool.random(using: &rng) ? Fixtures.cn : Fixtures.center
            let limit = TimeLimit(Int.random(in: -1...40, using: &rng), TimeUnit.allCases.randomElement(using: &rng)!)
            let day = Int.random(in: 0..<2, using: &rng) == 0 ? Int.random(in: first...last, using: &rng)
                : Int.random(in: d("2026-11-01").daysSinceEpoch...last, using: &rng)
            let start = Instant(date: CivilDate(daysSinceEpoch: day), secondOfDay: Int.random(in: 0..<86_400, using: &rng))
            let due = try? LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: calendar)
            XCTAssertEqual(calendar.reaches(limit, from: start), due != nil, "\(limit) from \(start) on \(calendar.id)")
            let fast = calendar.dueOfWorkdays(limit, from: start)
            XCTAssertEqual(fast, limit.unit == .workdays ? due : nil, "\(limit) from \(start) on \(calendar.id)")
            XCTAssertEqual(calendar.covers(start), calendar.coverage.contains(start.date), "\(start)")
            refused += due == nil ? 1 : 0
        }
        XCTAssertGreaterThan(refused, 2_000)
    }
}
