import ShenpiLanguage
import ShenpiRules
import ShenpiSyntax
import XCTest

/// `intake-limit`: Art. 32's 5 working days, on the intake of 行政许可 items only.
final class IntakeLimitRuleTests: XCTestCase {
    /// The findings' step ids or limits for a flow whose first step is `first`.
    func findings(itemType: String? = "行政许可", first: String, minutesPerWorkday: Int? = nil) throws -> [String] {
        let guide = itemType.map { "guide: { item-type: \($0) }\n" } ?? ""
        let text = "workflow: w\nversion: 1\ntitle: t\ndepartment: d\nkind: promised\ncalendar: cn\n"
            + "limits: { legal: 20 workdays, promised: 10 workdays }\n" + guide + "steps:\n" + first
            + "  - { id: decide, role: head, limit: 2 workdays, decisions: { ok: ok } }\noutcomes: [{ id: ok, kind: granted }]\n"
        let doc = Loader().load(text: text, file: "t.yaml")
        let (flow, problems) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        XCTAssertEqual(problems.map(\.message), [])
        let calendars = CalendarCatalog(ids: ["cn"], withOfficeHours: minutesPerWorkday == nil ? [] : ["cn"],
                                        minutesPerWorkday: minutesPerWorkday.map { ["cn": $0] } ?? [:])
        let context = RuleContext(flow: flow, catalog: Catalog(), calendars: calendars)
        return IntakeLimitRule().check(context).map { "\($0.line):\($0.column)" }
    }

    func testMissingAndTooLongIntakeLimits() throws {
        let bare = "  - { id: accept, role: window, decisions: { ok: decide } }\n"
        XCTAssertEqual(try findings(first: bare), ["10:11"], "no limit: at the step's id")
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 5 workdays, decisions: { ok: decide } }\n"), [])
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 6 workdays, decisions: { ok: decide } }\n"), ["10:40"])
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 7 days, decisions: { ok: decide } }\n"), [])
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 8 days, decisions: { ok: decide } }\n"), ["10:40"])
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 400 hours, decisions: { ok: decide } }\n"), [],
                       "hours without office hours: nothing to measure them by")
        // Office hours of 7 a day: 5 working days are 35 hours.
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 35 hours, decisions: { ok: decide } }\n", minutesPerWorkday: 420), [])
        XCTAssertEqual(try findings(first: "  - { id: accept, role: window, limit: 40 hours, decisions: { ok: decide } }\n", minutesPerWorkday: 420), ["10:40"])
    }

    func testOnlyTheIntakeOfLicensingItems() throws {
        let bare = "  - { id: accept, role: window, decisions: { ok: decide } }\n"
        XCTAssertEqual(try findings(itemType: "行政确认", first: bare), [])
        XCTAssertEqual(try findings(itemType: nil, first: bare), [])
        // Through a route: both steps it may lead to are intakes; a later step is not.
        let routed = "  - id: triage\n    route:\n      - { when: \"true\", next: accept }\n      - { otherwise: other }\n"
            + "  - { id: accept, role: window, decisions: { ok: decide } }\n"
            + "  - { id: other, role: window, limit: 5 workdays, decisions: { ok: decide } }\n"
        XCTAssertEqual(try findings(first: routed).count, 1)
    }
}
