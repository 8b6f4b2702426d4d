import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// Rules 6: a decision back to its own four-eyes step (an extension) is not
/// the step's decision, so the step keeps the four-eyes reference it had —
/// the director who extended may still decide, the reviewer still may not.
/// Under rules 5 the director was locked out. Extending while a deferred
/// material is owed rules on nothing and is allowed under every rules.
final class FourEyesLoopTests: XCTestCase {
    func testAnExtensionBackToItsStepKeepsTheFourEyesReferenceFromRules6() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rules6.sqlite")
        let m = try StoreFixtures.machine("fixtures/store/four-eyes-extend.yaml")
        let window = StoreFixtures.officer("w1", "window")
        let director = StoreFixtures.officer("h1", "market-director")
        // Holds both roles: reviews, and so may not decide.
        let both = StoreFixtures.officer("rb", "market-reviewer", "market-director")
        func decide(_ node: String, _ decision: String, _ actor: Actor, comment: String? = nil) -> Command {
            .decide(node: node, decision: decision, actor: actor, comment: comment)
        }
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, rules) in [("R5", 5), ("R6", 6)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-22T09:30"))
                try engine.apply(id, decide("review", "pass", both), expectedVersion: nil, at: at("2025-09-23T10:00"))
                // The site plan (容缺后补) is still owed: the extension goes through all the same.
                try engine.apply(id, decide("decide", "extend", director, comment: "需现场核查"), expectedVersion: nil, at: at("2025-09-24T10:00"))
                XCTAssertEqual(try engine.case(id).state.caseClock?.due, at("2025-10-18T00:00"), "\(id): 10 + 5 workdays from 9/22, past National Day")
                try engine.apply(id, .supplement(materials: ["site-plan"]), expectedVersion: nil, at: at("2025-09-25T09:00"))
            }
            XCTAssertThrowsError(try engine.apply("R5", decide("decide", "approve", director), expectedVersion: nil, at: at("2025-09-25T10:00"))) {
                XCTAssertEqual($0 as? CaseEngineError, .engine(.fourEyesViolated(node: "decide", actor: "h1")), "rules 5: the extension counted as h1's step")
            }
            XCTAssertThrowsError(try engine.apply("R6", decide("decide", "approve", both), expectedVersion: nil, at: at("2025-09-25T10:00"))) {
                XCTAssertEqual($0 as? CaseEngineError, .engine(.fourEyesViolated(node: "decide", actor: "rb")), "rules 6: the reviewer still may not")
            }
            try engine.apply("R6", decide("decide", "approve", director), expectedVersion: nil, at: at("2025-09-25T10:00"))
            XCTAssertEqual(try engine.case("R6").state.status, .finished(outcome: "approved"))
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch, "each re-runs under its own rules")
        XCTAssertEqual(report.cases, 2)
        XCTAssertEqual(report.notRerun, 0)
    }
}
