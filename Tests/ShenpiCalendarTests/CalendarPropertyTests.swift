import ShenpiCalendar
import XCTest

/// Random inputs from a fixed seed, checked against the definitions
/// (a day-by-day walk) and against each other (adding then counting).
final class CalendarPropertyTests: XCTestCase {
    let cn = Fixtures.cn
    let first = d("2015-06-01").daysSinceEpoch
    let last = d("2026-09-30").daysSinceEpoch

    /// The definition, one day at a time.
    func walk(_ n: Int, from date: CivilDate) throws -> CivilDate {
        var day = date, left = abs(n)
        while left > 0 {
            day = day.adding(days: n > 0 ? 1 : -1)
            if try cn.isWorkingDay(day).value { left -= 1 }
        }
        return day
    }

    /// `workdays(from: d, to: d + n)`: `n` going forward. Going back it
    /// counts `(d + n, d]`, which holds `d` itself but not the |n|-th working
    /// day before it, so it is `n` exactly when `d` is a working day.
    func expectedCount(_ n: Int, from date: CivilDate, on cal: WorkingCalendar, beyond: BeyondCoverage = .refuse) throws -> Int {
        n >= 0 ? n : n + 1 - (try cal.isWorkingDay(date, beyond: beyond).value ? 1 : 0)
    }

    func testAddingMatchesTheDayByDayDefinition() throws {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<3000 {
            let date = CivilDate(daysSinceEpoch: Int.random(in: first...last, using: &rng))
            let n = Int.random(in: -40...40, using: &rng)
            XCTAssertEqual(try cn.addingWorkdays(n, to: date).value, try walk(n, from: date), "\(date) + \(n)")
        }
    }

    func testAddingThenCountingRoundTrips() throws {
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<20_000 {
            let date = CivilDate(daysSinceEpoch: Int.random(in: first...last, using: &rng))
            let n = Int.random(in: -60...60, using: &rng)
            let due = try cn.addingWorkdays(n, to: date).value
            XCTAssertEqual(try cn.workdays(from: date, to: due).value, try expectedCount(n, from: date, on: cn), "\(date) + \(n) = \(due)")
            if n != 0 { XCTAssertTrue(try cn.isWorkingDay(due).value) }
        }
    }

    func testCountingThenAddingLandsOnTheLastWorkingDay() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let a = CivilDate(daysSinceEpoch: Int.random(in: first...last, using: &rng))
            let b = a.adding(days: Int.random(in: 1...120, using: &rng))
            guard b.daysSinceEpoch <= last else { continue }
            let n = try cn.workdays(from: a, to: b).value
            let back = try cn.addingWorkdays(n, to: a).value
            XCTAssertLessThanOrEqual(back, b)
            XCTAssertEqual(try cn.workdays(from: back, to: b).value, 0)
            if try cn.isWorkingDay(b).value, n > 0 { XCTAssertEqual(back, b) }
        }
    }

    func testGuessedArithmeticRoundTripsPastCoverage() throws {
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<5000 {
            let date = CivilDate(daysSinceEpoch: Int.random(in: (first - 400)...(last + 400), using: &rng))
            let n = Int.random(in: -300...300, using: &rng)
            let due = try cn.addingWorkdays(n, to: date, beyond: .guessWeekendsOnly)
            XCTAssertEqual(try cn.workdays(from: date, to: due.value, beyond: .guessWeekendsOnly).value,
                           try expectedCount(n, from: date, on: cn, beyond: .guessWeekendsOnly))
        }
    }

    func testWorkingHoursRoundTrip() throws {
        let center = Fixtures.center
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            let start = Instant(date: CivilDate(daysSinceEpoch: Int.random(in: first...last, using: &rng)),
                                secondOfDay: Int.random(in: 0..<86_400, using: &rng))
            let seconds = Int.random(in: 0...(300 * 3600), using: &rng)
            let end = try center.addingWorkingSeconds(seconds, to: start).value
            XCTAssertEqual(try center.workingSeconds(from: start, to: end).value, seconds, "\(start) + \(seconds)s")
            XCTAssertGreaterThanOrEqual(end, start)
        }
    }

    func testAnUnpausedClockIsDueWhenTheArithmeticSays() throws {
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<5000 {
            let start = Instant(date: CivilDate(daysSinceEpoch: Int.random(in: first...last, using: &rng)),
                                secondOfDay: Int.random(in: 0..<86_400, using: &rng))
            let n = Int.random(in: 1...30, using: &rng)
            let clock = try LegalClock(limit: TimeLimit(n, .workdays), startingAt: start, calendar: cn)
            let dueDate = try cn.addingWorkdays(n, to: start.date).value
            XCTAssertEqual(clock.due, Instant.endOfDay(dueDate))
            let r = try clock.reading(at: Instant.startOfDay(dueDate).adding(seconds: 3600))
            XCTAssertEqual(r.elapsed.value, n)
            XCTAssertEqual(r.elapsed.value + r.remaining.value, r.limit.value)
            XCTAssertNotEqual(r.level, .overdue)
        }
    }

    func testAPauseMovesTheDueDateByTheWorkingDaysItHeld() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<5000 {
            let start = Instant(date: CivilDate(daysSinceEpoch: Int.random(in: first...(last - 200), using: &rng)), secondOfDay: 36_000)
            var clock = try LegalClock(limit: TimeLimit(20, .workdays), startingAt: start, calendar: cn)
            let original = clock.due!
            let pause = start.adding(seconds: Int.random(in: 0..<(10 * 86_400), using: &rng))
            let resume = pause.adding(seconds: Int.random(in: 0..<(30 * 86_400), using: &rng))
            try clock.pause(at: pause, reason: .expertReview)
            try clock.resume(at: resume)
            // A pause on the last day leaves nothing to move (see docs/calendar.md).
            let lastDay = original.adding(seconds: -1).date
            guard pause.date < lastDay else { continue }
            let held = try cn.workdays(from: pause.date, to: resume.date).value
            let moved = try cn.addingWorkdays(held, to: lastDay).value
            XCTAssertEqual(clock.due, Instant.endOfDay(moved), "pause \(pause) resume \(resume)")
        }
    }
}
