import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// A case runs under the engine rules it was submitted with: a stored case
/// of rules 1 replays and verifies as it was taken, with the behaviour of
/// its time, while a new case gets the fixes of rules 2.
final class EngineRulesTests: XCTestCase {
    func testACaseKeepsTheRulesItWasSubmittedUnder() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rules.sqlite")
        let m = try StoreFixtures.machine("fixtures/parallel-pauses/par-pause-any.yaml")
        let officer = { (id: String, role: String) in StoreFixtures.officer(id, role) }
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, rules) in [("OLD", nil), ("NEW", EngineRules.current)] as [(String, Int?)] {
                let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application"], channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, .decide(node: "accept", decision: "accept", actor: officer("w1", "window"), comment: nil),
                                 expectedVersion: nil, at: at("2025-09-22T09:00"))
                // Branch a stops the clock; branch b finishes, and the join (any) cancels a.
                try engine.apply(id, .decide(node: "a-review", decision: "expert", actor: officer("r1", "market-reviewer"), comment: nil),
                                 expectedVersion: nil, at: at("2025-09-23T10:00"))
                try engine.apply(id, .decide(node: "b-review", decision: "ok", actor: officer("q1", "quality-officer"), comment: nil),
                                 expectedVersion: nil, at: at("2025-09-24T10:00"))
            }
            let old = try engine.case("OLD").state, new = try engine.case("NEW").state
            XCTAssertEqual(old.rules, nil)
            XCTAssertEqual(new.rules, EngineRules.current)
            XCTAssertNil(old.caseClock?.due, "rules 1: the cancelled branch's pause kept the clock stopped, as it did then")
            XCTAssertEqual(new.caseClock?.due, at("2025-10-14T00:00"), "rules 2: released with its branch; 9 days left from 9/24")
            XCTAssertNil(new.pauseHolds)
            XCTAssertNil(new.flowPause)
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch, "both re-run under their own rules")
        XCTAssertEqual(report.cases, 2)
        XCTAssertEqual(report.notRerun, 0)
    }

    /// Rules 3: a one-time notice lists titles that hold `、` with `；`, so
    /// `董事、监事和经理的任职文件` reads as one item; a rules-2 case keeps the
    /// `、` it was told, and both verify.
    func testAListOfTitlesWithCommasIsSeparatedBySemicolonsFromRules3() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rules3.sqlite")
        let m = try StoreFixtures.machine()
        let left: Set<String> = ["officers-appointment", "premises-proof"]
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, rules) in [("R2", 2), ("R3", 3)] {
                let submit = Command.submit(fields: StoreFixtures.fields, materials: m.materials.map(\.id).filter { !left.contains($0) },
                                            channel: .window, rules: rules)
                try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
                try engine.apply(id, .decide(node: "accept", decision: "supplement", actor: StoreFixtures.officer("w1", "window"), comment: "请补齐"),
                                 expectedVersion: nil, at: at("2025-09-22T09:30"))
            }
            func notice(_ id: String) throws -> String {
                try engine.case(id).history.compactMap { if case .notified(let n) = $0.event.fact, n.to == .applicant { n.text } else { nil } }.last ?? ""
            }
            let (r2, r3) = (try notice("R2"), try notice("R3"))
            XCTAssertTrue(r2.contains("董事、监事和经理的任职文件、住所（经营场所）使用证明"), r2)
            XCTAssertTrue(r3.contains("董事、监事和经理的任职文件；住所（经营场所）使用证明"), r3)
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.notRerun, 0)
    }
}

/// Rules 4: a sub-case tells the applicant its application's number.
final class ApplicantNumberTests: XCTestCase {
    func testASubcaseNamesItsApplicationFromRules4() {
        func number(_ id: String, rules: Int?) -> String {
            var s = CaseState(id: id)
            s.rules = rules
            return s.applicantNumber
        }
        XCTAssertEqual(number("PT-1~deed-tax-collection~1", rules: 4), "PT-1")
        XCTAssertEqual(number("PT-1~a~1~b~2", rules: 4), "PT-1", "the outermost parent")
        XCTAssertEqual(number("PT-1~deed-tax-collection~1", rules: 3), "PT-1~deed-tax-collection~1", "as rules 3 told it")
        XCTAssertEqual(number("PT-1", rules: 4), "PT-1")
        XCTAssertEqual(number("PT-1~x~1", rules: nil), "PT-1~x~1")
    }
}

extension StoreFixtures {
    /// A store at `path` with `m` deployed and the cases R4 and R5 submitted
    /// under engine rules 4 and 5, every material handed in.
    static func rules4And5(_ m: Machine, path: String) throws -> CaseEngine {
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: calendars)
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        for (id, rules) in [("R4", 4), ("R5", 5)] {
            let submit = Command.submit(fields: fields, materials: m.materials.map(\.id), channel: .window, rules: rules)
            try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
        }
        return engine
    }
}

/// Rules 5: a dissatisfied callback tells the flow's 差评 roles at once; a
/// rules-4 case's callback tells nobody, as it did. Both follow up the call
/// (a permission, not a change of what a command records) and both verify.
final class DissatisfiedCallbackRulesTests: XCTestCase {
    func testADissatisfiedCallbackTellsThe差评RolesFromRules5() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rules5.sqlite")
        let m = try StoreFixtures.machine()
        XCTAssertEqual(m.negativeRatingTo, ["market-head", "center-head"])
        let caller = StoreFixtures.officer("s1", "callback")
        do {
            let engine = try StoreFixtures.rules4And5(m, path: path)
            for id in ["R4", "R5"] {
                for command in [StoreFixtures.accept] + StoreFixtures.branches {
                    try engine.apply(id, command, expectedVersion: nil, at: at("2025-09-22T10:00"))
                }
                try engine.apply(id, .callBack(result: .dissatisfied, comment: "营业执照上的地址印错了", actor: caller),
                                 expectedVersion: nil, at: at("2025-09-23T10:00"))
                try engine.apply(id, .followUp(result: .rectified, comment: "已重新制发执照并致歉", actor: caller),
                                 expectedVersion: nil, at: at("2025-09-24T10:00"))
            }
            func told(_ id: String) throws -> [String] {
                try engine.case(id).history.compactMap {
                    if case .notified(let n) = $0.event.fact, n.text.hasPrefix("回访不满意") { "\(n.to)" } else { nil }
                }
            }
            XCTAssertEqual(try told("R4"), [], "rules 4: nobody was told then")
            XCTAssertEqual(try told("R5").count, 2, "rules 5: market-head and center-head")
            XCTAssertEqual(try engine.case("R4").state.followUp?.result, .rectified, "the call is followed up under either rules")
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.cases, 2)
    }
}

/// Rules 5: special procedures at steps, side by side; a rules-4 case keeps
/// one at a time. Both re-run exactly under `audit verify`.
final class SpecialProcedureRulesTests: XCTestCase {
    func testSideBySideSpecialProceduresVerify() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rules5-sp.sqlite")
        let m = try StoreFixtures.machine()
        let (q, n) = (StoreFixtures.officer("q1", "quality-officer"), StoreFixtures.officer("n1", "national-tax-officer"))
        do {
            let engine = try StoreFixtures.rules4And5(m, path: path)
            for id in ["R4", "R5"] {
                try engine.apply(id, StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T09:30"))
                try engine.apply(id, .startSpecialProcedure(reason: "现场核查", actor: q, expected: TimeLimit(3, .workdays)),
                                 expectedVersion: nil, at: at("2025-09-22T10:00"))
            }
            XCTAssertThrowsError(try engine.apply("R4", .startSpecialProcedure(reason: "专家评审", actor: n, expected: TimeLimit(2, .workdays)),
                                                  expectedVersion: nil, at: at("2025-09-22T11:00")), "rules 4: one at a time")
            try engine.apply("R5", .startSpecialProcedure(reason: "专家评审", actor: n, expected: TimeLimit(2, .workdays)),
                             expectedVersion: nil, at: at("2025-09-22T11:00"))
            try engine.apply("R5", .decide(node: "quality-code", decision: "pass", actor: q, comment: nil), expectedVersion: nil, at: at("2025-09-23T10:00"))
            try engine.apply("R5", .endSpecialProcedure(actor: n), expectedVersion: nil, at: at("2025-09-24T10:00"))
            XCTAssertEqual(try engine.case("R5").state.specialProcedures, [SpecialProcedureHold(reason: "现场核查", step: "quality-code")],
                           "the national-tax officer ended their own")
            // The quality officer's step is done; their on-site check goes on until they (or an active step) end it.
            try engine.apply("R5", .endSpecialProcedure(actor: q), expectedVersion: nil, at: at("2025-09-25T10:00"))
            try engine.apply("R4", .endSpecialProcedure(actor: n), expectedVersion: nil, at: at("2025-09-25T10:00"))
            for id in ["R4", "R5"] { XCTAssertEqual(try engine.case(id).state.caseClock?.isRunning, true, id) }
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.cases, 2)
    }
}
