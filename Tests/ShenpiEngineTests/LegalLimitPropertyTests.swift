import ShenpiCalendar
@testable import ShenpiEngine
import XCTest

/// Random clock histories: the legal reckoning of a clock against its own
/// limit is the clock itself, and a rolled due always ends on a working day.
final class LegalLimitPropertyTests: XCTestCase {
    func testTheReckoningOfAClockAgainstItsOwnLimitIsTheClock() throws {
        var rng = PropertyTests.SplitMix(state: 0x1E6A_11A1)
        let calendar = try EngineFixtures.calendars.calendar("citizen-center")
        let first = CivilDate(year: 2025, month: 1, day: 2)!.daysSinceEpoch, last = CivilDate(year: 2026, month: 9, day: 30)!.daysSinceEpoch
        var rolled = 0
        for _ in 0 ..< 3_000 {
            let unit: TimeUnit = Bool.random(using: &rng) ? .workdays : .days
            let limit = TimeLimit(Int.random(in: 1 ... 30, using: &rng), unit)
            let start = Instant(date: CivilDate(daysSinceEpoch: Int.random(in: first ... last, using: &rng)),
                                secondOfDay: Int.random(in: 0 ..< 86_400, using: &rng))
            // The history, as the engine would record it: only what the clock accepts.
            var clock = try LegalClock(limit: limit, startingAt: start, calendar: calendar, warning: .never)
            var record = ClockRecord(limit: limit, warnBefore: nil, start: start, due: nil, warnAt: nil)
            var t = start
            for _ in 0 ..< Int.random(in: 0 ... 5, using: &rng) {
                t = t.adding(seconds: Int.random(in: 0 ... 12 * 86_400, using: &rng))
                let entry: ClockEntry
                switch Int.random(in: 0 ..< 4, using: &rng) {
                case 0: entry = clock.isRunning ? .paused(at: t, reason: "检测") : .resumed(at: t)
                case 1: entry = .extended(at: t, by: Int.random(in: 1 ... 5, using: &rng), approver: "h")
                case 2: entry = clock.isPaused ? .resumed(at: t) : .paused(at: t, reason: "听证")
                default: entry = .completed(at: t)
                }
                guard (try? entry.apply(to: &clock)) != nil else { continue }
                record.entries.append(entry)
                if case .completed = entry { break }
            }
            let at = t.adding(seconds: Int.random(in: 0 ... 40 * 86_400, using: &rng))
            let own = try clock.reading(at: at)
            let same = try XCTUnwrap(record.reckoned(against: limit, calendar: calendar, at: at, rollingForward: false))
            XCTAssertEqual(same.level, own.level, "\(limit) \(record.entries) at \(at)")
            XCTAssertEqual(same.due, clock.completedAt != nil && own.level != .overdue ? nil : own.due, "\(limit) \(record.entries) at \(at)")
            XCTAssertEqual(same.extended, clock.totalLimit.amount - limit.amount)

            // Rolled forward: never earlier, and a due it rolled ends on a working day.
            let forward = try XCTUnwrap(record.reckoned(against: limit, calendar: calendar, at: at))
            if unit == .workdays {
                XCTAssertEqual(forward, same, "working days never roll")
            } else if let due = forward.due {
                XCTAssertTrue(try calendar.isWorkingDay(due.date.adding(days: -1)).value, "\(record.entries): due \(due)")
                if let plain = same.due { XCTAssertGreaterThanOrEqual(due, plain) }
                if due != same.due { rolled += 1 }
            }
            if same.overdue { XCTAssertTrue(forward.overdue || forward.due.map { $0 > at } ?? true) }
        }
        XCTAssertGreaterThan(rolled, 50)
    }
}
