import ShenpiCalendar
@testable import ShenpiEngine
import XCTest

/// A case clock completed from the day tables (`ClockRecord.completion`)
/// records and judges exactly what the rebuilt `LegalClock` does.
final class ClockCompletionTests: XCTestCase {
    func testTheQuickCompletionAgreesWithTheLegalClock() throws {
        var rng = PropertyTests.SplitMix(state: 0xC10C_C0DE)
        let calendars = try ["cn", "citizen-center"].map { try EngineFixtures.calendars.calendar($0) }
        let first = CivilDate(year: 2014, month: 12, day: 1)!.daysSinceEpoch, last = CivilDate(year: 2027, month: 1, day: 31)!.daysSinceEpoch
        var quick = 0
        for _ in 0 ..< 20_000 {
            let calendar = calendars[Int.random(in: 0 ..< 2, using: &rng)]
            let unit = TimeUnit.allCases.randomElement(using: &rng)!
            let limit = TimeLimit(Int.random(in: 0 ... 30, using: &rng), unit)
            let day = Bool.random(using: &rng) ? Int.random(in: first ... last, using: &rng)
                : Int.random(in: CivilDate(year: 2026, month: 11, day: 1)!.daysSinceEpoch ... last, using: &rng)
            let start = Instant(date: CivilDate(daysSinceEpoch: day), secondOfDay: Int.random(in: 0 ..< 86_400, using: &rng))
            let now = start.adding(seconds: Int.random(in: 0 ... 60 * 86_400, using: &rng))
            var record = ClockRecord(limit: limit, warnBefore: Bool.random(using: &rng) ? .units(1) : nil, start: start,
                                     due: nil, warnAt: nil)
            switch Int.random(in: 0 ..< 6, using: &rng) {
            case 0: record.entries.append(.paused(at: start, reason: "检测"))
            case 1: record.pausedFor = "检测"
            case 2: record.completedAt = start
            default: break
            }
            let legal = Result { () throws(ClockError) -> LegalClock in
                var clock = try record.legalClock(on: calendar)
                try clock.complete(at: now)
                return clock
            }
            guard let judged = record.completion(at: now, calendar: calendar) else { continue }
            quick += 1
            guard case .success(let clock) = legal else { return XCTFail("\(limit) from \(start) to \(now): \(legal)") }
            XCTAssertEqual(judged.due, clock.due, "\(limit) from \(start) to \(now)")
            XCTAssertEqual(judged.onTime, (try? clock.reading(at: now).level).map { $0 != .overdue }, "\(limit) from \(start) to \(now)")
            XCTAssertNil(try clock.reading(at: now).warningFrom)
        }
        XCTAssertGreaterThan(quick, 2_000)
    }
}
