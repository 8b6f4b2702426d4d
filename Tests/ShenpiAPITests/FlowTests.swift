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

/// A reload is refused when a flow names a calendar the running daemon did not load.
final class ReloadTests: XCTestCase {
    func testAReloadNamingANewCalendarIsRefusedAndTheServedFlowsStay() throws {
        let h = try APIHarness()
        let dir = NSTemporaryDirectory() + "shenpi-reload-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        let cal = try String(contentsOfFile: dir + "/calendars/citizen-center.cal", encoding: .utf8)
        try cal.replacingOccurrences(of: "calendar citizen-center", with: "calendar annex-hall")
            .write(toFile: dir + "/calendars/annex-hall.cal", atomically: true, encoding: .utf8)
        let flow = dir + "/transport/senior-bus-card.yaml"
        let text = try String(contentsOfFile: flow, encoding: .utf8)
        try text.replacingOccurrences(of: "calendar: citizen-center", with: "calendar: annex-hall")
            .replacingOccurrences(of: "version: 1", with: "version: 2").write(toFile: flow, atomically: true, encoding: .utf8)
        let catalog = try FlowCatalog.load(directory: dir)
        XCTAssertThrowsError(try h.api.replaceCatalog(catalog)) { error in
            XCTAssertTrue("\(error)".contains("annex-hall"), "\(error)")
        }
        XCTAssertEqual(h.api.catalog.flows["senior-bus-card"]?.machine.version, 1)
        XCTAssertFalse(try h.engine.deployments().contains { $0.workflow == "senior-bus-card" && $0.version == 2 })
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
        XCTAssertThrowsError(try calendar.addingWorkdays(center.longestWorkdays, to: center.acceptanceStops.adding(days: 1)))
        XCTAssertNoThrow(try calendar.addingWorkdays(center.longestWorkdays, to: center.acceptanceStops.adding(days: -1)))
        XCTAssertTrue(center.warning.contains("can no longer be accepted from about \(center.acceptanceStops)"))
        XCTAssertEqual(center.daysLeft(from: center.acceptanceStops.adding(days: -10)), 10)
    }
}
