import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// Rules 8: a step's clock stays stopped by its own special procedure (and a
/// supplied step's by any hold), a cancelled branch's procedure ends with it,
/// and an officer's command at midnight does not count that day. Cases under
/// rules 7 keep their behaviour, and both re-run in the audit.
final class EngineRules8Tests: XCTestCase {
    private let window = StoreFixtures.officer("w1", "window")
    private let reviewer = StoreFixtures.officer("r1", "meteorology-reviewer")

    private func decide(_ node: String, _ decision: String, _ actor: Actor) -> Command {
        .decide(node: node, decision: decision, actor: actor, comment: nil)
    }

    private func stepClock(_ engine: CaseEngine, _ id: String, _ step: String, of m: Machine) throws -> ClockRecord? {
        let node = try XCTUnwrap(m.node(named: step))
        return try engine.case(id).state.tokens.first { $0.node == node }?.clock
    }

    func testASuppliedStepStaysStoppedByItsOwnProcedureFromRules8() throws {
        let m = try StoreFixtures.machine("fixtures/holds/simple-auto.yaml")
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("R7", 7), ("R8", 8)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-22T09:30"))
                try engine.apply(id, decide("review", "supplement", reviewer), expectedVersion: nil, at: at("2025-09-23T10:00"))
                try engine.apply(id, .startSpecialProcedure(reason: "检测", actor: reviewer, expected: TimeLimit(30, .days)), expectedVersion: nil,
                                 at: at("2025-09-24T10:00"))
                try engine.apply(id, .supplement(materials: ["drawings"]), expectedVersion: nil, at: at("2025-09-25T10:00"))
            }
            XCTAssertEqual(try stepClock(engine, "R7", "review", of: m)?.isRunning, true, "rules 7: it ran under the testing")
            XCTAssertEqual(try stepClock(engine, "R8", "review", of: m)?.pausedFor, "检测")
            // Rules 7's review times out mid-testing and is decided by the system; rules 8's waits.
            _ = try engine.fireDueTimers(upTo: at("2025-10-20T09:00"))
            XCTAssertFalse(try engine.case("R7").state.tokens.contains { $0.node == m.node(named: "review") }, "rules 7: decided on timeout")
            XCTAssertEqual(try stepClock(engine, "R8", "review", of: m)?.pausedFor, "检测")
            try engine.apply("R8", .endSpecialProcedure(actor: reviewer), expectedVersion: nil, at: at("2025-10-20T10:00"))
            XCTAssertEqual(try stepClock(engine, "R8", "review", of: m)?.isRunning, true)
        }
    }

    func testACancelledBranchEndsItsSpecialProcedureFromRules8() throws {
        let (m, child) = (try StoreFixtures.machine("fixtures/holds/par-any.yaml"), try StoreFixtures.machine("fixtures/holds/child.yaml"))
        let (market, quality) = (StoreFixtures.officer("ra", "market-reviewer"), StoreFixtures.officer("qb", "quality-officer"))
        try StoreFixtures.audited([child, m]) { engine in
            for (id, rules) in [("A7", 7), ("A8", 8)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application", "drawings"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-22T09:30"))
                try engine.apply(id, .startSpecialProcedure(reason: "检验", actor: market, expected: TimeLimit(5, .days), step: "a-review"),
                                 expectedVersion: nil, at: at("2025-09-23T10:00"))
                try engine.apply(id, decide("b-review", "ok", quality), expectedVersion: nil, at: at("2025-09-24T10:00"))
            }
            // b's public notice ends on 9/29: the join fires and cancels a.
            _ = try engine.fireDueTimers(upTo: at("2025-09-30T10:00"))
            let (old, new) = (try engine.case("A7").state, try engine.case("A8").state)
            XCTAssertEqual(old.specialProcedures?.map(\.step), ["a-review"], "rules 7: the testing outlived its cancelled branch")
            XCTAssertEqual(old.caseClock?.isRunning, false)
            XCTAssertNil(new.specialProcedures)
            XCTAssertEqual(new.caseClock?.isRunning, true)
            XCTAssertEqual(new.caseClock?.due, at("2025-10-18T00:00"))
            let ended = try engine.case("A8").history.first { if case .specialProcedureEnded = $0.event.fact { true } else { false } }
            XCTAssertEqual(ended?.event.automatic, true)
            XCTAssertEqual(ended?.event.actor, "system")
        }
    }

    /// Art. 42 extends the law's limit: past the promise, rules 8 extends the
    /// legal limit alone (rules 7 refused it, and the case became 违法超期
    /// although lawfully extended).
    func testAnExtensionPastThePromiseExtendsTheLegalLimitFromRules8() throws {
        let m = try StoreFixtures.machine("workflows/meteorology/lightning-design.yaml")
        let head = StoreFixtures.officer("h1", "meteorology-head")
        let fields: [String: FieldValue] = ["applicant-name": .string("甲"), "project-name": .string("乙"), "contact-phone": .string("13957100031"),
                                            "major-project": .boolean(false), "by-agent": .boolean(false)]
        let materials = ["application", "designer-qualification", "drawings", "products", "technical-evaluation"]
        let extend = Command.extend(workdays: 10, approver: head, reason: "需补充论证")
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("X7", 7), ("X8", 8)] {
                try engine.open(id, machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: materials, channel: .window, rules: rules),
                                at: at("2025-09-26T09:00"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-26T09:30"))
            }
            // Promised 10 workdays: due with 10-16; legal 20: with 10-30.
            XCTAssertThrowsError(try engine.apply("X7", extend, expectedVersion: nil, at: at("2025-10-20T10:00")))
            try engine.apply("X8", extend, expectedVersion: nil, at: at("2025-10-20T10:00"))
            let x8 = try engine.case("X8")
            let clock = try XCTUnwrap(x8.state.caseClock)
            XCTAssertEqual(clock.due, at("2025-10-17T00:00"), "the promise stays as it ran out")
            XCTAssertEqual(clock.extensions.count, 1)
            let legal = try XCTUnwrap(clock.legalLimit(m.limits, calendar: StoreFixtures.calendars.calendar("citizen-center"), at: at("2025-10-31T10:00"), rules: 8))
            XCTAssertEqual(legal.due, at("2025-11-14T00:00"), "20 + 10 workdays: with 11-13")
            XCTAssertFalse(legal.overdue, "lawfully extended: not 违法超期 on 10-31")
            let notices = x8.history.compactMap { r -> String? in if case .notified(let n) = r.event.fact { n.text } else { nil } }
            XCTAssertTrue(notices.last?.contains("经批准延长法定办理期限10个工作日，理由：需补充论证。延长后的法定办理期限至2025-11-13。") == true, "\(notices.last ?? "")")
            // The one extension the flow allows is used.
            XCTAssertThrowsError(try engine.apply("X8", extend, expectedVersion: nil, at: at("2025-10-21T10:00")))
        }
    }

    /// Only the `extend` command extends the legal limit past the promise: a
    /// decision's `extend:` (whose notice tells the case's due) is refused
    /// past the due under every rules, and past the legal limit the command
    /// is refused too, naming both.
    func testPastTheDueADecisionsExtensionIsRefusedUnderEveryRules() throws {
        let m = try StoreFixtures.machine("workflows/meteorology/lightning-design.yaml")
        let (reviewer, head) = (StoreFixtures.officer("r1", "meteorology-reviewer"), StoreFixtures.officer("h1", "meteorology-head"))
        let fields: [String: FieldValue] = ["applicant-name": .string("甲"), "project-name": .string("乙"), "contact-phone": .string("13957100031"),
                                            "major-project": .boolean(false), "by-agent": .boolean(false)]
        let materials = ["application", "designer-qualification", "drawings", "products", "technical-evaluation"]
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("D7", 7), ("D8", 8)] {
                try engine.open(id, machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: materials, channel: .window, rules: rules),
                                at: at("2025-09-26T09:00"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-26T09:30"))
                try engine.apply(id, decide("review", "recommend-approve", reviewer), expectedVersion: nil, at: at("2025-09-29T10:00"))
                XCTAssertThrowsError(try engine.apply(id, .decide(node: "decide", decision: "extend", actor: head, comment: "需补充论证"),
                                                      expectedVersion: nil, at: at("2025-10-20T10:00"))) {
                    XCTAssertTrue("\($0)".contains("cannot extend at 2025-10-20T10:00:00+08:00: the limit ran out at 2025-10-17T00:00:00+08:00"), "\($0)")
                }
            }
            // Past the legal limit (with 10/30) the command is refused as well.
            XCTAssertThrowsError(try engine.apply("D8", .extend(workdays: 10, approver: head, reason: "需补充论证"), expectedVersion: nil,
                                                  at: at("2025-11-03T10:00"))) {
                XCTAssertTrue("\($0)".contains("the promised limit ran out at 2025-10-17T00:00:00+08:00, and the legal limit at 2025-10-31T00:00:00+08:00"),
                              "\($0)")
            }
            XCTAssertEqual(try engine.case("D8").state.caseClock?.extensions.count, 0)
        }
    }

    func testAnOfficersCommandAtMidnightCountsFromTheNextDayFromRules8() throws {
        let m = try StoreFixtures.machine("fixtures/holds/simple.yaml")
        try StoreFixtures.audited([m]) { engine in
            for (id, rules) in [("M7", 7), ("M8", 8)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application", "drawings"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-28T23:50"))
                try engine.apply(id, decide("accept", "accept", window), expectedVersion: nil, at: at("2025-09-29T00:00"))
            }
            // review: 5 workdays, to the end of 10/11 counting 9/29 (rules 7), of 10/13 from 9/30 (10/12 a Sunday).
            XCTAssertEqual(try stepClock(engine, "M7", "review", of: m)?.due, at("2025-10-12T00:00"))
            XCTAssertEqual(try stepClock(engine, "M8", "review", of: m)?.due, at("2025-10-14T00:00"))
            XCTAssertEqual(try engine.case("M8").state.caseClock?.due, try engine.case("M7").state.caseClock?.due)
        }
    }
}
