import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// 逾期未受理: a received case the window neither accepted, refused nor told
/// what to supply (Art. 32) by its intake limit is listed, though it has no
/// case clock and so is in no other list. business-registration's intake:
/// 1 workday, then deemed accepted by a timer the report never fires.
final class ReportUnansweredTests: XCTestCase {
    static let options = SupervisionOptions(from: CivilDate(iso: "2025-09-22"), to: CivilDate(iso: "2025-09-30"),
                                            at: at("2025-09-30T17:00"))

    func open(_ engine: CaseEngine, _ id: String, _ t: String) throws {
        let m = try StoreFixtures.machine()
        try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at(t))
    }

    func store() throws -> CaseEngine {
        let engine = try memoryEngine()
        // Received 9/24, never answered: the intake ran out at the end of 9/25.
        try open(engine, "SILENT", "2025-09-24T09:30")
        // Told what to supply (一次性告知): the office has answered; the applicant owes materials.
        try open(engine, "TOLD", "2025-09-24T09:30")
        let supplement = Command.decide(node: "accept", decision: "supplement", actor: StoreFixtures.officer("w1", "window"),
                                        comment: "营业执照复印件不清晰，请重新提交")
        try engine.apply("TOLD", supplement, expectedVersion: nil, at: at("2025-09-24T10:00"))
        // Accepted: it has a case clock and the usual lists.
        try open(engine, "ACCEPTED", "2025-09-24T09:30")
        try engine.apply("ACCEPTED", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-24T10:00"))
        // Received this morning: its intake is still running.
        try open(engine, "FRESH", "2025-09-30T09:30")
        // Received before the period: outside it, like the accepted cohort.
        try open(engine, "BEFORE", "2025-09-19T09:30")
        return engine
    }

    func testACaseNobodyAnsweredIsListedWithItsIntakeLimit() throws {
        let r = try store().supervisionReport(Self.options)
        XCTAssertEqual(r.unanswered, [UnansweredCase(caseID: "SILENT", workflow: "business-registration", department: "market",
                                                     receivedAt: at("2025-09-24T09:30"), step: "accept", due: at("2025-09-26T00:00"))])
        XCTAssertEqual(r.departments.first { $0.key == "market" }?.unanswered, 1)
        XCTAssertEqual(r.workflows.first { $0.key == "business-registration" }?.unanswered, 1)
        XCTAssertEqual(r.accepted, 1, "not part of the accepted cohort")
        XCTAssertTrue(r.text.contains("逾期未受理（收件后超过受理时限，未受理、未告知补正、未不予受理）：1 件\n"
                                      + "  SILENT  business-registration  收件 2025-09-24T09:30  accept 时限 2025-09-26T00:00  未答复\n"), r.text)
        XCTAssertTrue(r.text.contains("逾期未受理 1  差评 0"), r.text)
        XCTAssertTrue(r.json.contains("\"step\": \"accept\""), r.json)
    }

    func testBeforeTheIntakeLimitNothingIsListed() throws {
        var options = Self.options
        options.at = at("2025-09-25T17:00")
        let r = try store().supervisionReport(options)
        XCTAssertEqual(r.unanswered, [])
        XCTAssertFalse(r.text.contains("  逾期未受理 "), "a department line names the count only when there is one")
    }

    func testAnAnswerLaterTakesTheCaseOffTheList() throws {
        let engine = try store()
        try engine.apply("SILENT", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-29T10:00"))
        XCTAssertEqual(try engine.supervisionReport(Self.options).unanswered, [])
        var options = Self.options
        options.at = at("2025-09-28T12:00")
        XCTAssertEqual(try engine.supervisionReport(options).unanswered.map(\.caseID), ["SILENT"],
                       "a report for an instant before the answer still lists it")
    }
}
