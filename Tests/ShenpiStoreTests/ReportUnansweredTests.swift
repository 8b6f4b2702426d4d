import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// 逾期未受理: a received case the office neither accepted, refused nor
/// told what to supply (Art. 32) by its intake limit is listed, though it
/// has no case clock and so is in no other list. deed-tax's intake (申报审核)
/// has a 2-hour limit on the citizen center's office hours and no
/// `on-timeout`: nothing answers for the office.
final class ReportUnansweredTests: XCTestCase {
    static let deedTax = "workflows/tax/deed-tax.yaml"
    static let options = SupervisionOptions(from: CivilDate(iso: "2025-09-22"), to: CivilDate(iso: "2025-09-30"),
                                            at: at("2025-09-30T17:00"))
    static let officer = StoreFixtures.officer("t1", "deed-tax-officer")

    func open(_ engine: CaseEngine, _ id: String, _ t: String) throws {
        let m = try StoreFixtures.machine(Self.deedTax)
        let fields: [String: FieldValue] = ["buyer-name": .string("王芳"), "use": .string("non-residential"),
                                            "transfer-price": .number(1_200_000), "floor-area": .number(88), "first-home": .boolean(false)]
        try engine.open(id, machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: ["contract", "buyer-id"], channel: .window),
                        at: at(t))
    }

    func store() throws -> CaseEngine {
        let engine = try memoryEngine()
        try engine.deploy(try StoreFixtures.machine(Self.deedTax), at: at("2025-09-01T09:00"))
        // Received 9/24 09:30, never answered: the review ran out at 11:30.
        try open(engine, "SILENT", "2025-09-24T09:30")
        // Told what to supply (一次性告知): the office has answered; the applicant owes materials.
        try open(engine, "TOLD", "2025-09-24T09:30")
        let supplement = Command.decide(node: "review", decision: "supplement", actor: Self.officer, comment: "合同页码不全，请补交完整的网签合同")
        try engine.apply("TOLD", supplement, expectedVersion: nil, at: at("2025-09-24T10:00"))
        // Accepted: it has a case clock and the usual lists.
        try open(engine, "DECLARED", "2025-09-24T09:30")
        try engine.apply("DECLARED", .decide(node: "review", decision: "declared", actor: Self.officer, comment: nil),
                         expectedVersion: nil, at: at("2025-09-24T10:00"))
        // Received at 16:30 on the last day: 2 office hours run past the period (to 10/9 10:00, after National Day).
        try open(engine, "LATE-DAY", "2025-09-30T16:30")
        // Received before the period and still unanswered: still owed an answer in it.
        try open(engine, "BEFORE", "2025-09-19T09:30")
        // Business registration deems silence acceptance (on-timeout): its timer has only not fired here.
        let registration = try StoreFixtures.machine()
        try engine.open("DEEMED", machine: .workflow(registration.workflow), submit: StoreFixtures.submit(registration), at: at("2025-09-24T09:30"))
        return engine
    }

    func testACaseNobodyAnsweredIsListedWithItsIntakeLimit() throws {
        let r = try store().supervisionReport(Self.options)
        XCTAssertEqual(r.unanswered, [
            UnansweredCase(caseID: "BEFORE", workflow: "deed-tax", department: "local-tax", receivedAt: at("2025-09-19T09:30"),
                           step: "review", due: at("2025-09-19T11:30"), role: "deed-tax-officer"),
            UnansweredCase(caseID: "SILENT", workflow: "deed-tax", department: "local-tax", receivedAt: at("2025-09-24T09:30"),
                           step: "review", due: at("2025-09-24T11:30"), role: "deed-tax-officer"),
        ])
        XCTAssertEqual(r.departments.first { $0.key == "local-tax" }?.unanswered, 2)
        XCTAssertEqual(r.workflows.first { $0.key == "deed-tax" }?.unanswered, 2)
        XCTAssertTrue(r.text.contains("逾期未受理（收件后超过受理时限，仍未作出受理、补正告知或不予受理决定）：2 件\n"
                                      + "  BEFORE  deed-tax  收件 2025-09-19T09:30  review（deed-tax-officer） 时限 2025-09-19T11:30  未答复\n"
                                      + "  SILENT  deed-tax  收件 2025-09-24T09:30  review（deed-tax-officer） 时限 2025-09-24T11:30  未答复\n"), r.text)
        XCTAssertTrue(r.text.contains("逾期未受理 2  差评 0"), r.text)
        XCTAssertTrue(r.json.contains("\"step\": \"review\""), r.json)
        XCTAssertTrue(r.json.contains("\"role\": \"deed-tax-officer\""), "who is to answer: \(r.json)")
    }

    /// The case received late on 9/30 runs out in October: the October report lists it.
    func testALimitRunningOutAfterThePeriodIsTheNextPeriods() throws {
        let engine = try store()
        let october = SupervisionOptions(from: CivilDate(iso: "2025-10-01"), to: CivilDate(iso: "2025-10-31"), at: at("2025-10-09T12:00"))
        XCTAssertEqual(try engine.supervisionReport(october).unanswered.map(\.caseID), ["BEFORE", "SILENT", "LATE-DAY"])
    }

    func testBeforeTheIntakeLimitNothingIsListed() throws {
        var options = Self.options
        options.from = CivilDate(iso: "2025-09-24")
        options.to = CivilDate(iso: "2025-09-24")
        options.at = at("2025-09-24T11:00")
        let r = try store().supervisionReport(options)
        XCTAssertEqual(r.unanswered.map(\.caseID), ["BEFORE"])
        XCTAssertFalse(r.text.contains("  SILENT"), r.text)
    }

    func testAnAnswerLaterTakesTheCaseOffTheList() throws {
        let engine = try store()
        try engine.apply("SILENT", .decide(node: "review", decision: "declared", actor: Self.officer, comment: nil),
                         expectedVersion: nil, at: at("2025-09-29T10:00"))
        XCTAssertEqual(try engine.supervisionReport(Self.options).unanswered.map(\.caseID), ["BEFORE"])
        var options = Self.options
        options.at = at("2025-09-28T12:00")
        XCTAssertEqual(try engine.supervisionReport(options).unanswered.map(\.caseID), ["BEFORE", "SILENT"],
                       "a report for an instant before the answer still lists it")
    }
}
