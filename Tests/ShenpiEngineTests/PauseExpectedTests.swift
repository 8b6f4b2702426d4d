import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import XCTest

/// A flow's pause with `expected:` tells the applicant how long it takes
/// (Art. 45) through `{pause.expected}`, in the duration's own unit.
final class PauseExpectedTests: XCTestCase {
    func testAPausesExpectedDurationReachesTheApplicant() throws {
        var d = try CaseDriver("fixtures/lint/ok/lightning-design.yaml")
        let t0 = at("2025-09-22T09:30")
        d.run(.submit(fields: ["applicant-name": .string("某建设公司"), "contact-phone": .string("13900007777")],
                      materials: ["application", "drawings"], channel: .window), at: t0)
        d.run(.decide(node: "accept", decision: "accept", actor: Actor(id: "w1", roles: ["window"]), comment: nil), at: t0)
        let effects = d.run(.decide(node: "review", decision: "expert-review", actor: Actor(id: "r1", roles: ["reviewer"]), comment: nil),
                            at: at("2025-09-23T10:00"))
        let notices = effects.compactMap { if case .notify(let n) = $0, n.to == .applicant { n.text } else { nil } }
        XCTAssertEqual(notices, ["某建设公司：您的申请（受理编号C-1）需专家评审，预计需要20个工作日，评审时间不计入办理时限。"])
        XCTAssertEqual(d.state.flowPause, "专家评审")
    }

    func testDurationsAreWrittenInTheirUnit() {
        XCTAssertEqual(TemplateRenderer.duration(Limit(amount: 20, unit: .workdays)), "20个工作日")
        XCTAssertEqual(TemplateRenderer.duration(Limit(amount: 30, unit: .days)), "30个自然日")
        XCTAssertEqual(TemplateRenderer.duration(Limit(amount: 4 * 60, unit: .minutes)), "4小时")
        XCTAssertEqual(TemplateRenderer.duration(Limit(amount: 90, unit: .minutes)), "90分钟")
    }
}
