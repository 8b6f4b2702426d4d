import Foundation
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// 特别程序 past their expected time, still stopping the clock: a forgotten
/// one never turns a case yellow or red, so the report lists it.
final class ReportProceduresTests: XCTestCase {
    func testASpecialProcedurePastItsExpectedTimeIsListedUntilItEnds() throws {
        let m = try StoreFixtures.machine()
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars)
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        let submit = Command.submit(fields: StoreFixtures.fields, materials: m.materials.map(\.id), channel: .window, rules: EngineRules.current)
        try engine.open("SP-1", machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
        try engine.apply("SP-1", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T09:30"))
        let (q, n) = (StoreFixtures.officer("q1", "quality-officer"), StoreFixtures.officer("n1", "national-tax-officer"))
        try engine.apply("SP-1", .startSpecialProcedure(reason: "现场核查", actor: q, expected: TimeLimit(3, .workdays)),
                         expectedVersion: nil, at: at("2025-09-22T10:00"))
        try engine.apply("SP-1", .startSpecialProcedure(reason: "专家评审", actor: n, expected: TimeLimit(10, .days)),
                         expectedVersion: nil, at: at("2025-09-22T11:00"))
        func report(_ t: String) throws -> SupervisionReport {
            var options = SupervisionOptions(at: at(t))
            options.roleDepartments = ["quality-officer": "quality", "national-tax-officer": "national-tax"]
            return try engine.supervisionReport(options)
        }

        XCTAssertEqual(try report("2025-09-25T23:59").longProcedures.count, 0, "the third working day is not over")
        XCTAssertEqual(try report("2025-09-26T00:00").longProcedures.count, 1, "over at its end, as the colours count")
        var r = try report("2025-09-26T09:00")
        XCTAssertEqual(r.longProcedures.map { [$0.caseID, $0.step ?? "", $0.reason, $0.startedBy] }, [["SP-1", "quality-code", "现场核查", "q1"]])
        XCTAssertEqual(r.longProcedures.first?.expectedEnd, at("2025-09-26T00:00"))
        XCTAssertEqual(r.longProcedures.first?.stepDepartment, "quality", "whose procedure it is")
        XCTAssertTrue(r.text.contains("特别程序超过预计时间、仍在停表：1 件\n"
                                      + "  SP-1  market  business-registration  quality-code（quality）  “现场核查”  2025-09-22T10:00 起（q1）  预计 3 个工作日，应于 2025-09-25 结束\n"), r.text)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        let listed = try XCTUnwrap((object["longProcedures"] as? [[String: Any]])?.first)
        XCTAssertEqual(listed["expected"] as? String, "3 workdays")
        XCTAssertEqual(listed["expectedEnd"] as? String, "2025-09-26T00:00:00+08:00")
        // Both past their time, by the end of it; the quality check ended: only the expert review.
        XCTAssertEqual(try report("2025-10-03T09:00").longProcedures.map(\.reason), ["现场核查", "专家评审"])
        try engine.apply("SP-1", .endSpecialProcedure(actor: q), expectedVersion: nil, at: at("2025-10-03T10:00"))
        r = try report("2025-10-03T11:00")
        XCTAssertEqual(r.longProcedures.map(\.reason), ["专家评审"])
        XCTAssertEqual(try report("2025-10-03T09:59").longProcedures.count, 2, "as it stood before the end")
    }

    /// A case of older rules: one procedure at a time, no step; one started
    /// without an expected time cannot be judged.
    func testOlderRulesOneAtATime() throws {
        let m = try StoreFixtures.machine()
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars)
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        let submit = Command.submit(fields: StoreFixtures.fields, materials: m.materials.map(\.id), channel: .window, rules: 4)
        try engine.open("OLD-1", machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:00"))
        try engine.apply("OLD-1", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T09:30"))
        let q = StoreFixtures.officer("q1", "quality-officer")
        func listed(_ t: String) throws -> [String] {
            try engine.supervisionReport(SupervisionOptions(at: at(t))).longProcedures.map { "\($0.reason) \($0.step ?? "-")" }
        }
        try engine.apply("OLD-1", .startSpecialProcedure(reason: "听证", actor: q), expectedVersion: nil, at: at("2025-09-22T10:00"))
        XCTAssertEqual(try listed("2025-10-20T09:00"), [], "no expected time: not judged")
        try engine.apply("OLD-1", .endSpecialProcedure(actor: q), expectedVersion: nil, at: at("2025-10-20T10:00"))
        try engine.apply("OLD-1", .startSpecialProcedure(reason: "检测", actor: q, expected: TimeLimit(1, .workdays)),
                         expectedVersion: nil, at: at("2025-10-20T11:00"))
        XCTAssertEqual(try listed("2025-10-22T09:00"), ["检测 -"])
    }
    /// A flow's pause (`pause: expert-review`, 第四十五条) stops the clock as a
    /// special procedure does: past its expected time — the officer's word,
    /// else the flow's `expected` — it is listed, until a decision resumes it.
    func testAFlowPausePastItsExpectedTimeIsListedUntilResumed() throws {
        let m = try StoreFixtures.machine("fixtures/holds/simple.yaml")
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars)
        try engine.deploy(m, at: at("2026-11-02T09:00"))
        let (w, r, o) = (StoreFixtures.officer("w1", "window"), StoreFixtures.officer("r1", "meteorology-reviewer"),
                         StoreFixtures.officer("o1", "meteorology-officer"))
        for (id, said) in [("FP-1", TimeLimit(3, .workdays)), ("FP-2", nil)] {
            let submit = Command.submit(fields: ["applicant-name": .string("甲")], materials: ["application", "drawings"], channel: .window, rules: EngineRules.current)
            try engine.open(id, machine: .workflow(m.workflow), submit: submit, at: at("2026-11-02T09:00"))
            try engine.apply(id, .decide(node: "accept", decision: "accept", actor: w, comment: nil), expectedVersion: nil, at: at("2026-11-02T09:30"))
            try engine.apply(id, .decide(node: "review", decision: "expert", actor: r, comment: nil, expected: said),
                             expectedVersion: nil, at: at("2026-11-03T10:00"))
        }
        func listed(_ t: String) throws -> [String] {
            try engine.supervisionReport(SupervisionOptions(at: at(t))).longProcedures.map {
                "\($0.caseID) \($0.kind.rawValue) \($0.step ?? "-") \($0.reason) \($0.startedBy) \($0.expected)"
            }
        }
        // Three working days said for FP-1 end with 6 November; the flow's ten for FP-2 with 17 November.
        XCTAssertEqual(try listed("2026-11-06T23:59"), [])
        XCTAssertEqual(try listed("2026-11-07T00:00"), ["FP-1 pause review 专家评审 r1 3 workdays"])
        let report = try engine.supervisionReport(SupervisionOptions(at: at("2026-11-18T09:00")))
        XCTAssertEqual(report.longProcedures.map { "\($0.caseID) \($0.expected)" }, ["FP-1 3 workdays", "FP-2 10 workdays"])
        XCTAssertEqual(report.longProcedures.last?.expectedEnd, at("2026-11-18T00:00"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        XCTAssertEqual((object["longProcedures"] as? [[String: Any]])?.map { $0["kind"] as? String }, ["pause", "pause"])
        XCTAssertTrue(report.text.contains("  FP-1  meteorology  simple  review  “专家评审”（流程暂停）  2026-11-03T10:00 起（r1）  预计 3 个工作日，应于 2026-11-06 结束\n"), report.text)
        // The panel's decision resumes FP-1's clock: no longer listed.
        try engine.apply("FP-1", .decide(node: "panel", decision: "back", actor: o, comment: nil), expectedVersion: nil, at: at("2026-11-18T10:00"))
        XCTAssertEqual(try listed("2026-11-18T11:00"), ["FP-2 pause review 专家评审 r1 10 workdays"])
    }
}
