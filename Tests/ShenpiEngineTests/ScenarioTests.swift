import ShenpiCalendar
import ShenpiEngine
import ShenpiExpression
import ShenpiMachine
import XCTest

/// Whole cases on the real flows of `workflows/`.
final class ScenarioTests: XCTestCase {
    static let registration = "workflows/market/business-registration.yaml"
    let window = CaseDriver.officer("w1", "window")
    let branchOfficers: [(node: String, decision: String, actor: Actor)] = [
        ("market-review", "recommend-approve", CaseDriver.officer("m1", "market-reviewer")),
        ("market-approve", "approve", CaseDriver.officer("m2", "market-head")),
        ("quality-code", "pass", CaseDriver.officer("q1", "quality-officer")),
        ("national-tax-register", "pass", CaseDriver.officer("n1", "national-tax-officer")),
        ("local-tax-register", "pass", CaseDriver.officer("l1", "local-tax-officer")),
    ]

    func registration() throws -> CaseDriver {
        var d = try CaseDriver(Self.registration)
        let fields: [String: FieldValue] = [
            "company-name": .string("某某科技有限公司"), "contact-name": .string("张三"), "contact-phone": .string("0571-85100001"),
            "premises-type": .string("owned"), "needs-prior-approval": .boolean(false), "by-agent": .boolean(false),
        ]
        d.run(.submit(fields: fields, materials: d.allMaterials, channel: .window), at: at("2025-09-22T09:30"))
        return d
    }

    func testBusinessRegistrationParallelApprovalOfAllFour() throws {
        var d = try registration()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-22T10:00"))
        XCTAssertEqual(d.active, ["market-review", "quality-code", "national-tax-register", "local-tax-register"])
        XCTAssertEqual(d.state.joins, [0: 0])
        XCTAssertEqual(d.timer(.stepTimeout).count, 4, "every branch step has its timeout")
        for (i, o) in branchOfficers.enumerated() {
            d.run(.decide(node: o.node, decision: o.decision, actor: o.actor, comment: nil), at: at("2025-09-23T09:00").adding(seconds: i * 600))
            if i < 4 { XCTAssertFalse(d.active.contains("issue")) }
        }
        XCTAssertEqual(d.active, ["issue"])
        XCTAssertEqual(d.state.joins, [:], "the join fired and closed")
        let effects = d.run(.decide(node: "issue", decision: "issue", actor: CaseDriver.officer("i1", "issue-window"), comment: nil), at: at("2025-09-24T09:00"))
        XCTAssertEqual(d.state.status, .finished(outcome: "approved"))
        XCTAssertEqual(d.state.onTime, true)
        XCTAssertTrue(d.state.pendingTimers.isEmpty)
        XCTAssertTrue(effects.contains(.finished(outcome: "approved")))
        XCTAssertEqual(CaseState.replay(d.events), d.state)
    }

    func testOneRefusalCancelsTheOtherBranchesAndTheirTimers() throws {
        var d = try registration()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-22T10:00"))
        let others = ["market-review", "national-tax-register", "local-tax-register"].map { d.stepTimer($0, .stepTimeout)!.id }
        let effects = d.run(.decide(node: "quality-code", decision: "refuse", actor: CaseDriver.officer("q1", "quality-officer"), comment: "代码信息不符"),
                            at: at("2025-09-23T09:00"))
        XCTAssertEqual(d.state.status, .finished(outcome: "refused"))
        XCTAssertTrue(d.state.tokens.isEmpty)
        XCTAssertTrue(d.state.pendingTimers.isEmpty)
        XCTAssertEqual(d.state.joins, [:])
        for id in others { XCTAssertTrue(effects.contains(.cancelTimer(id: id)), id) }
        XCTAssertTrue(effects.contains(.cancelTimer(id: "case-timeout")))
        let cancelled = d.events.filter { if case .left(_, true) = $0.fact { return true } else { return false } }
        XCTAssertEqual(cancelled.count, 3)
        XCTAssertEqual(d.error(.decide(node: "market-review", decision: "recommend-approve", actor: branchOfficers[0].actor, comment: nil),
                               at: at("2025-09-23T10:00")), .caseFinished(outcome: "refused"))
    }

    func testDeemedAcceptanceByTimeoutIsRecordedAsAutomatic() throws {
        var d = try registration()
        let timeout = try XCTUnwrap(d.stepTimer("accept", .stepTimeout))
        XCTAssertEqual(timeout.at, at("2025-09-24T00:00"))
        d.run(.timerFired(id: timeout.id), at: timeout.at)
        XCTAssertTrue(d.state.deemedAccepted)
        XCTAssertEqual(d.state.acceptedAt, at("2025-09-22T09:30"), "deemed accepted from the receipt of the materials (Art. 32)")
        let decided = try XCTUnwrap(d.events.first { if case .decided("accept", "accept", _) = $0.fact { return true } else { return false } })
        XCTAssertTrue(decided.automatic)
        XCTAssertEqual(decided.actor, "system")
        XCTAssertTrue(d.events.contains { $0.fact == .accepted(deemed: true, clockStart: at("2025-09-22T09:30")) && $0.automatic })
        XCTAssertEqual(d.active.count, 4)
        // 5 promised workdays from Monday 9/22: due at the end of Sunday 9/28 (worked).
        XCTAssertEqual(d.state.caseClock?.due, at("2025-09-29T00:00"))
    }

    func testLightningExpertReviewPauseThenResumeReschedulesTheTimeout() throws {
        var d = try CaseDriver("workflows/meteorology/lightning-design.yaml")
        let fields: [String: FieldValue] = ["applicant-name": .string("甲公司"), "project-name": .string("化工仓库"),
                                            "contact-phone": .string("13900000000"), "major-project": .boolean(true), "by-agent": .boolean(false)]
        d.run(.submit(fields: fields, materials: d.allMaterials, channel: .window), at: at("2025-09-22T09:00"))
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-22T09:30"))
        XCTAssertEqual(d.timer(.caseTimeout).first?.at, at("2025-10-12T00:00"))
        let reviewer = CaseDriver.officer("r1", "meteorology-reviewer")
        let paused = d.run(.decide(node: "review", decision: "expert-review", actor: reviewer, comment: nil), at: at("2025-09-24T15:00"))
        XCTAssertTrue(paused.contains(.cancelTimer(id: "case-timeout")))
        XCTAssertTrue(d.timer(.caseTimeout).isEmpty)
        XCTAssertEqual(d.state.caseClock?.pausedFor, "专家评审")
        XCTAssertEqual(d.active, ["expert-panel"])
        let resumed = d.run(.decide(node: "expert-panel", decision: "opinions-received", actor: CaseDriver.officer("o1", "meteorology-officer"), comment: nil),
                            at: at("2025-10-20T10:00"))
        // 2 days counted (9/23, 9/24); 8 more from 10/20: 10/21–24, 10/27–30.
        XCTAssertEqual(d.state.caseClock?.due, at("2025-10-31T00:00"))
        XCTAssertTrue(resumed.contains(.scheduleTimer(PendingTimer(id: "case-timeout", at: at("2025-10-31T00:00"), kind: .caseTimeout, token: nil))))
        XCTAssertEqual(d.active, ["re-review"])
        let notes = resumed.compactMap { if case .notify(let n) = $0 { return n } else { return nil } }
        XCTAssertEqual(notes.first?.to, .role("meteorology-reviewer"))
    }

    func testOverlappingHearingAndExpertReviewResumeOnlyWhenBothEnd() throws {
        var d = try CaseDriver("workflows/meteorology/lightning-design.yaml")
        let fields: [String: FieldValue] = ["applicant-name": .string("甲公司"), "project-name": .string("化工仓库"),
                                            "contact-phone": .string("13900000000"), "major-project": .boolean(true), "by-agent": .boolean(false)]
        d.run(.submit(fields: fields, materials: d.allMaterials, channel: .window), at: at("2025-09-22T09:00"))
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-22T09:30"))
        // The reviewer in charge of the case arranges the hearing and ends it.
        let reviewer = CaseDriver.officer("r1", "meteorology-reviewer")
        d.run(.startSpecialProcedure(reason: "听证", actor: reviewer), at: at("2025-09-23T10:00"))
        d.run(.decide(node: "review", decision: "expert-review", actor: reviewer, comment: nil), at: at("2025-09-24T15:00"))
        XCTAssertEqual(d.state.flowPause, "专家评审")
        d.run(.decide(node: "expert-panel", decision: "opinions-received", actor: CaseDriver.officer("o1", "meteorology-officer"), comment: nil),
              at: at("2025-10-20T10:00"))
        // The hearing still holds the clock: no timer, no due instant.
        XCTAssertNil(d.state.flowPause)
        XCTAssertEqual(d.state.specialProcedure, "听证")
        XCTAssertNotNil(d.state.caseClock?.pausedFor)
        XCTAssertTrue(d.timer(.caseTimeout).isEmpty)
        let ended = d.run(.endSpecialProcedure(actor: reviewer), at: at("2025-10-27T09:00"))
        XCTAssertNil(d.state.caseClock?.pausedFor)
        XCTAssertTrue(ended.contains { if case .scheduleTimer(let t) = $0 { return t.kind == .caseTimeout } else { return false } })
        XCTAssertEqual(CaseState.replay(d.events), d.state)
    }

    func testSeniorBusCardAgeRouteWithRealResidentIDs() throws {
        func id(born: String) -> String {
            let body = "110101" + born + "123"
            return body + String(ResidentID.checkCharacter(for: body.map { Int(String($0))! }))
        }
        let old = id(born: "19500307"), young = id(born: "19700307")
        XCTAssertNotNil(ResidentID(old))
        func submit(_ idNumber: String) throws -> CaseDriver {
            var d = try CaseDriver("workflows/transport/senior-bus-card.yaml")
            let fields: [String: FieldValue] = ["applicant-name": .string("李四"), "id-number": .string(idNumber),
                                                "phone": .string("13700000000"), "hukou": .string("local"), "by-agent": .boolean(false)]
            d.run(.submit(fields: fields, materials: ["id-card"], channel: .window), at: at("2025-09-22T09:00"))
            return d
        }
        let eligible = try submit(old)
        XCTAssertEqual(eligible.active, ["accept"])
        XCTAssertTrue(eligible.events.contains { $0.automatic && $0.fact == .decided(node: "age-check", decision: "when age(id-number) >= 65", comment: nil) })
        let tooYoung = try submit(young)
        XCTAssertEqual(tooYoung.state.status, .finished(outcome: "not-eligible"))
        XCTAssertNil(tooYoung.state.onTime, "never accepted: no clock to judge")
        XCTAssertTrue(tooYoung.effects.contains { if case .notify(let n) = $0 { return n.text.contains("尚未年满 65 周岁") } else { return false } })
        var bad = old
        bad.removeLast()
        bad += bad.hasSuffix("1") ? "2" : "1"
        let d = try CaseDriver("workflows/transport/senior-bus-card.yaml")
        let r = d.error(.submit(fields: ["applicant-name": .string("李四"), "id-number": .string(bad), "phone": .string("13700000000"),
                                         "hukou": .string("local"), "by-agent": .boolean(false)], materials: [], channel: .window), at: at("2025-09-22T09:00"))
        XCTAssertEqual(r?.isInvalidField, true, "checksum")
    }
}
