import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// Rules 7: a material a step produces is never missing, and a decision
/// straight to a granted or refused outcome accepts the case (an immediate
/// item's only step). Cases under rules 6 keep their behaviour, and both
/// re-run in the audit under their own rules.
final class EngineRules7Tests: XCTestCase {
    private static func facts(_ engine: CaseEngine, _ id: String) throws -> [Fact] {
        try engine.case(id).history.map(\.event.fact)
    }

    private static func deemedComment(_ engine: CaseEngine, _ id: String) throws -> String? {
        let facts = try facts(engine, id)
        return facts.compactMap { fact -> String? in
            guard case .decided("accept", "accept", let comment) = fact else { return nil }
            return comment
        }.first
    }

    private static func lastNotice(_ engine: CaseEngine, _ id: String) throws -> String? {
        let facts = try facts(engine, id)
        return facts.compactMap { fact -> String? in
            guard case .notified(let n) = fact else { return nil }
            return n.text
        }.last
    }

    private func decide(_ node: String, _ decision: String, _ actor: Actor) -> Command {
        .decide(node: node, decision: decision, actor: actor, comment: nil)
    }

    func testAProducedMaterialIsNeverMissingFromRules7() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("produced.sqlite")
        let m = try StoreFixtures.machine("fixtures/store/produced-record.yaml")
        let (window, inspector, head) = (StoreFixtures.officer("w1", "window"), StoreFixtures.officer("i1", "safety-inspector"),
                                         StoreFixtures.officer("h1", "safety-head"))
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, rules) in [("R6", 6), ("R7", 7)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-22T09:30"))
                try engine.apply(id, decide("inspect", "pass", inspector), expectedVersion: nil, at: at("2025-09-23T10:00"))
            }
            let queue = try engine.workQueue(role: "safety-head")
            XCTAssertEqual(queue.first { $0.caseID == "R7" }?.missingMaterials, [], "the record is the officers' own")
            XCTAssertEqual(queue.first { $0.caseID == "R6" }?.missingMaterials, ["inspection-record"])
            XCTAssertThrowsError(try engine.apply("R6", decide("decide", "approve", head), expectedVersion: nil, at: at("2025-09-24T10:00"))) {
                XCTAssertEqual($0 as? CaseEngineError, .engine(.materialsMissing(node: "decide", missing: ["inspection-record"])))
            }
            try engine.apply("R7", decide("decide", "approve", head), expectedVersion: nil, at: at("2025-09-24T10:00"))
            XCTAssertEqual(try engine.case("R7").state.status, .finished(outcome: "approved"))
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.cases, 2)
    }

    func testAnImmediateItemDecidedAtItsOnlyStepIsAcceptedFromRules7() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("immediate.sqlite")
        let m = try StoreFixtures.machine("fixtures/store/immediate-one-step.yaml")
        let window = StoreFixtures.officer("w1", "window")
        let cases = [("I6", 6, "issue"), ("I7", 7, "issue"), ("F7", 7, "refuse"), ("N7", 7, "reject")]
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, rules, decision) in cases {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, decide("issue", decision, window), expectedVersion: nil, at: at("2025-09-22T09:20"))
            }
            let issued = try engine.case("I7").state
            XCTAssertEqual(issued.acceptedAt, at("2025-09-22T09:20"))
            XCTAssertEqual(issued.deemedAccepted, false)
            XCTAssertEqual(issued.onTime, true, "accepted and finished at one instant")
            XCTAssertEqual(issued.caseClock?.completedAt, at("2025-09-22T09:20"))
            let refused = try engine.case("F7").state
            XCTAssertEqual(refused.acceptedAt, at("2025-09-22T09:20"), "不予许可 rules on an accepted application")
            XCTAssertEqual(refused.status, .finished(outcome: "refused"))
            let rejected = try engine.case("N7").state
            XCTAssertNil(rejected.acceptedAt, "不予受理 is not an acceptance")
            XCTAssertNil(rejected.onTime)
            let old = try engine.case("I6").state
            XCTAssertNil(old.acceptedAt, "rules 6: never accepted")
            XCTAssertNil(old.onTime)
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.cases, 4)
    }

    /// Rules 7 words a deemed acceptance in the law's terms and tells a limit
    /// already run out as such when a special procedure ends; rules 6 cases
    /// keep their words, and both re-run in the audit.
    func testTheNoticesAndCommentsOfRules7LeaveRules6CasesAsTheyWere() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("words.sqlite")
        let m = try StoreFixtures.machine("workflows/meteorology/lightning-design.yaml")
        let reviewer = StoreFixtures.officer("r1", "meteorology-reviewer")
        let fields: [String: FieldValue] = ["applicant-name": .string("甲"), "project-name": .string("乙"), "contact-phone": .string("13957100031"),
                                            "major-project": .boolean(false), "by-agent": .boolean(false)]
        let materials = ["application", "designer-qualification", "drawings", "products", "technical-evaluation"]
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, rules) in [("W6", 6), ("W7", 7)] {
                try engine.open(id, machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: materials, channel: .window, rules: rules),
                                at: at("2025-09-22T09:30"))
            }
            // Nobody at the window: the acceptance is deemed when its limit passes.
            _ = try engine.fireDueTimers(upTo: at("2025-10-20T10:00"))
            XCTAssertEqual(try Self.deemedComment(engine, "W6"), "逾期未处理，系统自动作出“accept”")
            XCTAssertEqual(try Self.deemedComment(engine, "W7"), "逾期未告知补正，自收到申请材料之日起即为受理（行政许可法第三十二条）")
            // Past the promised limit, a special procedure starts and ends.
            for id in ["W6", "W7"] {
                XCTAssertEqual(try engine.case(id).state.caseClock?.due.map { $0 < at("2025-10-20T10:00") }, true, id)
                try engine.apply(id, .startSpecialProcedure(reason: "现场核查", actor: reviewer, expected: TimeLimit(2, .workdays)), expectedVersion: nil,
                                 at: at("2025-10-20T10:00"))
                try engine.apply(id, .endSpecialProcedure(actor: reviewer), expectedVersion: nil, at: at("2025-10-21T10:00"))
            }
            let (old, new) = (try Self.lastNotice(engine, "W6") ?? "", try Self.lastNotice(engine, "W7") ?? "")
            XCTAssertTrue(old.contains("已结束，恢复计时，办结日期为"), old)
            XCTAssertTrue(new.contains("已结束，恢复计时；办理时限已于"), new)
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.notRerun, 0)
    }

    /// A timeout straight to a granted outcome accepts the case under rules
    /// 7 (a decision on the merits), but is no deemed acceptance: its comment
    /// stays the timeout's, not Art. 32's words.
    func testATimeoutStraightToAnOutcomeIsNoDeemedAcceptanceNotice() throws {
        let m = try StoreFixtures.machine("fixtures/store/immediate-on-timeout.yaml")
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars)
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try engine.open("T7", machine: .workflow(m.workflow), submit: .submit(fields: ["applicant-name": .string("甲")], materials: ["application"],
                                                                              channel: .window, rules: 7), at: at("2025-09-22T09:00"))
        _ = try engine.fireDueTimers(upTo: at("2025-09-24T10:00"))
        let record = try engine.case("T7")
        XCTAssertEqual(record.state.status, .finished(outcome: "issued"))
        XCTAssertNotNil(record.state.acceptedAt)
        let comment = record.history.compactMap { e -> String? in if case .decided("issue", "issue", let c) = e.event.fact { c } else { nil } }.first
        XCTAssertEqual(comment, "逾期未处理，系统自动作出“issue”")
    }
}

/// Who handles a case past its receipt, for a 差评's follow-up: not the
/// window, even where the window's department issues the result.
final class HandlingRolesTests: XCTestCase {
    func testTheWindowRoleHandlesOnlyWhereItDecidesALaterStep() throws {
        let hazchem = try StoreFixtures.machine("workflows/safety/hazchem-business-licence.yaml")
        XCTAssertEqual(hazchem.tables.windowRoles, ["window"])
        XCTAssertEqual(hazchem.tables.handlingRoles, ["safety-reviewer", "safety-inspector", "safety-head", "issue-window"])
        // One officer role does it all, the intake included: it handles the case.
        let deedTax = try StoreFixtures.machine("workflows/tax/deed-tax.yaml")
        XCTAssertEqual(deedTax.tables.handlingRoles, ["deed-tax-officer"])
        // An item of one step at the window: the window handles it, so its officers answer its 差评.
        let oneStep = try StoreFixtures.machine("fixtures/store/immediate-one-step.yaml")
        XCTAssertEqual(oneStep.tables.handlingRoles, ["window"])
    }
}
