import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// Rules 9: a case clock on a legal limit in calendar days (no promise) ends,
/// when its last day is a day off, with the next working day (民法典 Art. 203),
/// as the legal limit beside a promise always did. Cases under rules 8 keep
/// their due on the holiday, and both re-run in the audit.
final class EngineRules9Tests: XCTestCase {
    private let window = StoreFixtures.officer("w1", "window")
    private let reviewer = StoreFixtures.officer("r1", "meteorology-reviewer")

    /// Submitted on 3 September 2026 and accepted an hour later under `rules`.
    private func acceptOn3September(_ id: String, rules: Int, _ m: Machine, _ engine: CaseEngine) throws {
        let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
        try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2026-09-03T09:00"))
        try engine.apply(id, .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: nil,
                         at: at("2026-09-03T10:00"))
    }

    func testACaseClockOnALegalLimitInDaysRollsPastNationalDayFromRules9() throws {
        let m = try StoreFixtures.machine("fixtures/holds/legal-days.yaml")
        let calendar = try StoreFixtures.calendars.calendar("cn")
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("R8", 8), ("R9", 9)] {
                try acceptOn3September(id, rules: rules, m, engine)
            }
            let (old, new) = (try engine.case("R8").state, try engine.case("R9").state)
            // 30 days from 3 September end with 3 October, in the National Day week.
            XCTAssertEqual(old.caseClock?.due, at("2026-10-04T00:00"), "rules 8: due on the holiday")
            XCTAssertNil(old.caseClock?.rollsForward)
            XCTAssertEqual(new.caseClock?.due, at("2026-10-09T00:00"), "rules 9: the end of 8 October")
            XCTAssertEqual(new.caseClock?.rollsForward, true)
            XCTAssertEqual(new.caseClock?.warnAt, at("2026-10-07T00:00"), "warn-before 2 days, counted back from the rolled due")
            // The legal limit follows the case clock under either rules.
            XCTAssertEqual(old.legalLimit(m, calendar: calendar, at: at("2026-10-05T09:00"))?.due, at("2026-10-04T00:00"))
            XCTAssertEqual(new.legalLimit(m, calendar: calendar, at: at("2026-10-05T09:00"))?.due, at("2026-10-09T00:00"))
            XCTAssertEqual(new.legalLimit(m, calendar: calendar, at: at("2026-10-05T09:00"))?.level, .normal)

            _ = try engine.fireDueTimers(upTo: at("2026-10-05T09:00"))
            XCTAssertEqual(try engine.case("R8").state.caseClock?.due, at("2026-10-04T00:00"))
            XCTAssertTrue(try engine.case("R8").state.pendingTimers.allSatisfy { $0.id != "case-timeout" }, "rules 8: timed out on 4 October")
            XCTAssertEqual(try engine.case("R9").state.pendingTimers.first { $0.id == "case-timeout" }?.at, at("2026-10-09T00:00"))

            for id in ["R8", "R9"] {
                try engine.apply(id, .decide(node: "review", decision: "approve", actor: reviewer, comment: nil), expectedVersion: nil,
                                 at: at("2026-10-08T15:00"))
            }
            XCTAssertEqual(try engine.case("R8").state.onTime, false)
            XCTAssertEqual(try engine.case("R9").state.onTime, true)
        }
    }

    func testAProcedureBegunInTheDaysTheHolidayAddedLeavesTheResumeDay() throws {
        let m = try StoreFixtures.machine("fixtures/holds/legal-days.yaml")
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("R8", 8), ("R9", 9)] {
                try acceptOn3September(id, rules: rules, m, engine)
                // 5 October: all 30 days counted, but the limit has not run out under rules 9.
                try engine.apply(id, .startSpecialProcedure(reason: "检测", actor: reviewer, expected: TimeLimit(5, .days)),
                                 expectedVersion: nil, at: at("2026-10-05T10:00"))
                try engine.apply(id, .endSpecialProcedure(actor: reviewer), expectedVersion: nil, at: at("2026-10-12T10:00"))
            }
            // Rules 8: it ran out on 4 October, overdue for good. Rules 9: nothing is left, so it ends with the resume day.
            XCTAssertEqual(try engine.case("R8").state.caseClock?.due, at("2026-10-04T00:00"))
            XCTAssertEqual(try engine.case("R9").state.caseClock?.due, at("2026-10-13T00:00"))
        }
    }
}
