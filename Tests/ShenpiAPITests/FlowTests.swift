import Foundation
import ShenpiCalendar
import ShenpiAPI
import ShenpiTestSupport
import XCTest

/// Flows, their diagrams and guides; the OpenAPI file against the routes.
final class FlowTests: XCTestCase {
    func testFlowsAreListedWithMaterialsLimitsDiagramAndGuide() async throws {
        let h = try APIHarness()
        let user = try h.user("li.na", department: "center", roles: ["window"])
        let list = await h.call("GET", "/v1/flows", token: user)
        let ids = (list.json["flows"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        XCTAssertEqual(ids.count, 8)
        XCTAssertTrue(ids.contains("business-registration"))

        let flow = await h.call("GET", "/v1/flows/business-registration", token: user)
        XCTAssertEqual(flow.json["promisedLimit"] as? String, "5 workdays")
        XCTAssertEqual(flow.json["legalLimit"] as? String, "20 workdays")
        XCTAssertEqual((flow.json["materials"] as? [[String: Any]])?.count, 16)
        XCTAssertEqual((flow.json["versions"] as? [[String: Any]])?.first?["serving"] as? Bool, true)
        let bus = await h.call("GET", "/v1/flows/senior-bus-card", token: user)
        let permit = (bus.json["materials"] as? [[String: Any]])?.first { $0["id"] as? String == "residence-permit" }
        XCTAssertEqual(permit?["when"] as? String, "hukou == 'non-local'")
        // The words a form and a queue show: an enum's value titles, the decisions' titles.
        let hukou = (bus.json["fields"] as? [[String: Any]])?.first { $0["id"] as? String == "hukou" }
        XCTAssertEqual(hukou?["valueTitles"] as? [String: String], ["local": "本市户籍", "non-local": "非本市户籍"])
        XCTAssertNil((bus.json["fields"] as? [[String: Any]])?.first { $0["id"] as? String == "phone" }?["valueTitles"])
        let lightning = await h.call("GET", "/v1/flows/lightning-design", token: user)
        let steps = lightning.json["steps"] as? [[String: Any]] ?? []
        func titles(_ step: String) -> [String: String]? { steps.first { $0["id"] as? String == step }?["decisionTitles"] as? [String: String] }
        XCTAssertEqual(titles("accept")?["refuse"], "不予受理", "the flow's decision-titles")
        XCTAssertEqual(titles("decide")?["refuse"], "不予许可", "the decision's own title over them")

        let mermaid = await h.call("GET", "/v1/flows/business-registration/diagram", token: user)
        XCTAssertEqual(mermaid.status, 200)
        XCTAssertTrue(mermaid.text.contains("flowchart"), mermaid.text)
        let r1 = await h.call("GET", "/v1/flows/business-registration/diagram?format=dot", token: user)
        XCTAssertTrue(r1.text.hasPrefix("digraph"))
        let r2 = await h.call("GET", "/v1/flows/business-registration/diagram?format=svg", token: user)
        XCTAssertEqual(r2.status, 400)
        let guide = await h.call("GET", "/v1/flows/senior-bus-card/guide", token: user)
        XCTAssertTrue(guide.text.contains("老年人免费乘车卡办理"), guide.text)
        XCTAssertEqual(guide.headers["content-type"], "text/markdown; charset=utf-8")
        let r3 = await h.call("GET", "/v1/flows/senior-bus-card/guide?format=html", token: user)
        XCTAssertTrue(r3.text.contains("<html"))
        let r4 = await h.call("GET", "/v1/flows/nope", token: user)
        XCTAssertEqual(r4.status, 404)
    }

    func testTheServedOpenAPIFileIsDocsAPIAndDescribesExactlyTheRoutes() async throws {
        let h = try APIHarness()
        let served = await h.call("GET", "/v1/openapi.yaml", token: nil).text
        let docs = try XCTUnwrap(TestSupport.read("docs/api/openapi.yaml"))
        XCTAssertEqual(served, docs, "copy docs/api/openapi.yaml to Sources/ShenpiAPI/Resources/openapi.yaml")
        // `paths:` entries and their methods, read line by line (two-space path keys, four-space methods).
        var documented: Set<String> = []
        var current: String?
        var inPaths = false
        for line in docs.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, first != " ", first != "#" { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { current = String(line.dropFirst(2).dropLast()) }
            for method in ["get", "post", "put", "delete", "patch"] where line == "    \(method):" {
                documented.insert("\(method.uppercased()) \(current ?? "?")")
            }
        }
        let routes = Set(API.endpoints.map { "\($0.method) \($0.path)" })
        XCTAssertEqual(documented, routes)
    }
}

/// A reload (SIGHUP) takes new flows, new calendars and new days of the
/// running calendars, and refuses a change to a day cases may have been
/// counted on.
final class ReloadTests: XCTestCase {
    /// A copy of the workflow folder to edit.
    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "shenpi-reload-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// The bundled `cn` with `extra` appended and its coverage moved to `covers`.
    func writeCN(into dir: String, covers: String, _ extra: String) throws {
        let text = try String(contentsOfFile: TestSupport.path("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
        try (text.replacingOccurrences(of: "2026-12-31", with: covers) + extra)
            .write(toFile: dir + "/calendars/cn.cal", atomically: true, encoding: .utf8)
    }

    func testAReloadTakesANewCalendarAndTheFlowOnIt() throws {
        let h = try APIHarness()
        let dir = try folder()
        let cal = try String(contentsOfFile: dir + "/calendars/citizen-center.cal", encoding: .utf8)
        try cal.replacingOccurrences(of: "calendar citizen-center", with: "calendar annex-hall")
            .write(toFile: dir + "/calendars/annex-hall.cal", atomically: true, encoding: .utf8)
        let flow = dir + "/transport/senior-bus-card.yaml"
        let text = try String(contentsOfFile: flow, encoding: .utf8)
        let v = try XCTUnwrap(TestSupport.flowVersion(text))
        try TestSupport.settingFlowVersion(text.replacingOccurrences(of: "calendar: citizen-center", with: "calendar: annex-hall"), to: "\(v + 1)")
            .write(toFile: flow, atomically: true, encoding: .utf8)
        _ = try h.api.replaceCatalog(try FlowCatalog.load(directory: dir))
        XCTAssertEqual(h.api.catalog.flows["senior-bus-card"]?.machine.version, v + 1)
        XCTAssertEqual(h.engine.calendars.ids.contains("annex-hall"), true)
    }

    /// The year-end path: next year's notice added to a copy of `cn` in the
    /// folder, then a reload, and the window accepts again the cases whose
    /// limit ends in the new year.
    func testAReloadAddingNextYearLetsTheWindowAcceptAgain() async throws {
        let h = try APIHarness(start: "2026-12-21T09:30")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let submitted = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("Y-1"))
        XCTAssertEqual(submitted.status, 201, submitted.text)
        let refused = await h.call("POST", "/v1/cases/Y-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertTrue(refused.text.contains("2027-01-01"), refused.text)

        let dir = try folder()
        try writeCN(into: dir, covers: "2027-12-31", """

            year 2027 测试数据（并非国务院办公厅通知）
            off  2027-01-01 元旦
            """)
        let deployed = try h.api.replaceCatalog(try FlowCatalog.load(directory: dir))
        XCTAssertFalse(deployed.contains(where: \.isNew), "the flows did not change")
        XCTAssertEqual(try h.engine.calendars.calendar("citizen-center").coverage.upperBound.description, "2027-12-31")
        let accepted = await h.call("POST", "/v1/cases/Y-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        XCTAssertEqual(CalendarHorizon.of(h.api.catalog).first { $0.calendar == "citizen-center" }?.coveredUntil.description, "2027-12-31")
    }

    func testAReloadChangingACoveredDayIsRefusedAndNothingChanges() throws {
        let h = try APIHarness()
        let dir = try folder()
        // Next year added, but National Day 2026 shortened by a day.
        try writeCN(into: dir, covers: "2027-12-31", """

            year 2027 测试数据（并非国务院办公厅通知）
            off  2027-01-01 元旦
            """)
        let path = dir + "/calendars/cn.cal"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "off  2026-10-01..2026-10-07", with: "off  2026-10-01..2026-10-06")
            .write(toFile: path, atomically: true, encoding: .utf8)
        // The folder's own check (the lint a reload runs) refuses it already…
        XCTAssertThrowsError(try FlowCatalog.load(directory: dir)) { XCTAssertTrue("\($0)".contains("2026-10-07"), "\($0)") }
        // …and so does the engine, for calendars that come another way.
        var changed = try FlowCatalog.load(directory: TestSupport.path("workflows"))
        changed.calendars = try CalendarRegistry.loading(directory: dir + "/calendars", over: nil)
        XCTAssertThrowsError(try h.api.replaceCatalog(changed)) { error in
            // The edited base is named, not the calendar layered on it; no
            // entry lists the day any more, so the copy's `covers` line.
            XCTAssertTrue("\(error)".hasPrefix("calendar cn would make 2026-10-07 a working day; it is a day off now (cn.cal:13); "), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("; the running calendars stay (restart to change days already covered)"), "\(error)")
        }
        XCTAssertEqual(try h.engine.calendars.calendar("cn").coverage.upperBound.description, "2026-12-31")
    }
}

/// The daemon says weeks ahead when the calendar data stops covering new cases.
final class CalendarHorizonTests: XCTestCase {
    func testTheHorizonCountsTheLongestCaseLimitBackFromTheEndOfTheData() throws {
        let catalog = try APIHarness.catalog.get()
        let horizons = CalendarHorizon.of(catalog)
        let center = try XCTUnwrap(horizons.first { $0.calendar == "citizen-center" })
        XCTAssertEqual(center.coveredUntil.description, "2026-12-31")
        XCTAssertFalse(center.flows.isEmpty)
        for id in center.flows {
            XCTAssertEqual(catalog.flows[id]?.machine.limits.promised?.amount ?? catalog.flows[id]?.machine.limits.legal?.amount, center.longestWorkdays)
        }
        let calendar = try catalog.calendars.calendar("citizen-center")
        // Accepting on the stop day, the longest limit would end after the data.
        XCTAssertThrowsError(try calendar.addingWorkdays(center.longestWorkdays, to: center.acceptanceStops), "the first day refused")
        XCTAssertNoThrow(try calendar.addingWorkdays(center.longestWorkdays, to: center.acceptanceStops.adding(days: -1)))
        XCTAssertTrue(center.warning.contains("can no longer be accepted from about \(center.acceptanceStops)"))
        XCTAssertTrue(center.warning(on: center.acceptanceStops.adding(days: -1)).contains("accepted from about \(center.acceptanceStops)"))
        XCTAssertTrue(center.warning(on: center.acceptanceStops.adding(days: 3)).contains("accepted since about \(center.acceptanceStops)"),
                      "a day gone by is not announced as ahead")
        XCTAssertEqual(center.daysLeft(from: center.acceptanceStops.adding(days: -10)), 10)
    }

    /// A last fitting day on a Friday: the weekend after it fits too (its
    /// count starts on Monday), so acceptance stops on the Monday.
    func testAcceptanceStopsWithTheNextWorkingDay() throws {
        let cn = try APIHarness.catalog.get().calendars.calendar("cn")
        // 2026-12-31 is a Thursday: 4 workdays back is Friday 12-25.
        let stops = CalendarHorizon.acceptanceStops(longestWorkdays: 4, on: cn)
        XCTAssertEqual(stops.description, "2026-12-28")
        XCTAssertNoThrow(try cn.addingWorkdays(4, to: CivilDate(year: 2026, month: 12, day: 27)!))
        XCTAssertThrowsError(try cn.addingWorkdays(4, to: stops))
        XCTAssertEqual(CalendarHorizon.acceptanceStops(longestWorkdays: 10, on: cn).description, "2026-12-18")
    }

    /// Engine rules 9: a legal limit in calendar days that rolls past days
    /// off needs the data to know its last day, so a 30-day flow without a
    /// promise stops accepting on 2 December (due 2027-01-01, a day nobody
    /// can yet say is off), before the 10-workday flows; the warning says so.
    func testARollingDayLimitStopsAcceptanceToo() throws {
        let cn = try APIHarness.catalog.get().calendars.calendar("cn")
        XCTAssertEqual(CalendarHorizon.acceptanceStops(rollingDays: 30, on: cn).description, "2026-12-02")
        XCTAssertNoThrow(try cn.addingDays(30, to: CivilDate(year: 2026, month: 12, day: 1)!, rollingOffDaysForward: true))
        let holds = try FlowCatalog.load(directory: TestSupport.path("fixtures/holds"))
        let horizon = try XCTUnwrap(CalendarHorizon.of(holds).first { $0.calendar == "cn" })
        XCTAssertEqual([horizon.acceptanceStops.description, horizon.limit.description], ["2026-12-02", "30 days"])
        XCTAssertEqual(horizon.flows, ["legal-days"])
        XCTAssertTrue(horizon.warning.contains("cases with a 30-day limit (legal-days) can no longer be accepted from about 2026-12-02"), horizon.warning)
    }
}
