import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiScenario
import ShenpiTestSupport
import XCTest

/// `shenpi test` takes an application as the daemon does: a resident id's
/// lowercase check character stored as X, garbled text refused.
final class ScenarioFieldHygieneTests: XCTestCase {
    func testASubmissionIsStoredAsTheDaemonStoresIt() throws {
        var loader = FlowLoader(workingDirectory: TestSupport.repositoryRoot)
        let flow = try loader.load("workflows/transport/senior-bus-card.yaml").get()
        var run = try CaseRun(flow: flow, caseNumber: "BC-1", start: Instant(iso: "2025-09-22T09:00")!)
        var fields: [String: FieldValue] = ["applicant-name": .string("陈桂英"), "id-number": .string("33010619550312106x"),
                                            "phone": .string("13758100231"), "hukou": .string("local"), "by-agent": .boolean(false)]
        fields["applicant-name"] = .string("陈桂英\n【银行】")
        XCTAssertEqual(run.run(.submit(fields: fields, materials: ["id-card", "photo"], channel: .window))?.kind, "invalid-field")
        fields["applicant-name"] = .string("陈桂英")
        XCTAssertNil(run.run(.submit(fields: fields, materials: ["id-card", "photo"], channel: .window)))
        XCTAssertEqual(run.main.state.fields["id-number"], .string("33010619550312106X"))
    }
}
