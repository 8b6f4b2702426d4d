import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// Rules 10: a due time within a day (a promise in hours) reads
/// `2026-03-02 15:30` in the applicant's notice; cases under rules 9 keep
/// ISO 8601's `2026-03-02T15:30`, and both re-run in the audit.
final class EngineRules10Tests: XCTestCase {
    func testADueTimeWithinADayReadsWithoutTheISOTFromRules10() throws {
        let m = try StoreFixtures.machine("fixtures/holds/hours-due.yaml")
        let window = StoreFixtures.officer("w1", "window")
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("R9", 9), ("R10", 10)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2026-03-02T09:30"))
                // 4 office hours from 10:00 on example-center's day (09:00-12:00, 13:30-17:30): 15:30.
                try engine.apply(id, .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: nil,
                                 at: at("2026-03-02T10:00"))
                XCTAssertEqual(try engine.case(id).state.caseClock?.due, at("2026-03-02T15:30"))
            }
            func notice(_ id: String) throws -> String? {
                try engine.case(id).history.compactMap { h -> String? in
                    guard case .notified(let n) = h.event.fact else { return nil }
                    return n.text
                }.first
            }
            XCTAssertEqual(try notice("R9"), "甲：您的当日即办申请已受理（受理编号R9），承诺2026-03-02T15:30前办结。", "rules 9: as recorded")
            XCTAssertEqual(try notice("R10"), "甲：您的当日即办申请已受理（受理编号R10），承诺2026-03-02 15:30前办结。")
        }
    }
}
