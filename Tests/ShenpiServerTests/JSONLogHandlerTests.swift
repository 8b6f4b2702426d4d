import Foundation
import Logging
import ShenpiAPI
import ShenpiCalendar
import ShenpiStore
import ShenpiTestSupport
@testable import ShenpiServer
import XCTest

/// `--log-format json`: one object per event, numbers as numbers.
final class JSONLogHandlerTests: XCTestCase {
    func testNumbersStayNumbersAndStringsStayStrings() throws {
        let data = JSONLogHandler.render(
            label: "shenpi.api", level: .info, message: "request",
            metadata: [
                "status": .stringConvertible(201), "ms": .stringConvertible(1.25), "user": .string("li.na"),
                "code": .string("404"), "roles": .array([.string("window")]), "id": .stringConvertible(Substring("BC-1")),
            ],
            at: Date(timeIntervalSince1970: 1_764_000_000))
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(text, #"{"code":"404","id":"BC-1","label":"shenpi.api","level":"info","ms":1.25,"msg":"request","roles":["window"],"#
            + #""status":201,"ts":"2025-11-24T16:00:00Z","user":"li.na"}"#)
    }

    /// A reload service for an API serving the flows of `served`, reloading
    /// from `folder`, with the lines it logs.
    static func reloadService(serving served: String, reloading folder: String) throws -> (ReloadService, ServicesTests.Locked<[String]>) {
        let catalog = try FlowCatalog.load(directory: served)
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: catalog.calendars)
        let at = Instant(iso: "2025-10-09T10:00")!
        _ = try API.deploy(catalog, engine: engine, at: at)
        let api = API(engine: engine, catalog: catalog, clock: { at }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let lines = ServicesTests.Locked<[String]>([])
        let logger = Logger(label: "shenpi.reload") { _ in ServicesTests.LineRecorder(lines: lines) }
        let service = ReloadService(api: api, directory: folder, logger: logger, today: { CivilDate(year: 2025, month: 10, day: 9)! })
        return (service, lines)
    }

    /// A reload refused over lint errors: one log event per line of
    /// diagnostics, so a text log keeps one event per line.
    func testARefusedReloadIsLoggedOneDiagnosticALine() throws {
        let dir = NSTemporaryDirectory() + "shenpi-reload-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/transport/senior-bus-card.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try TestSupport.settingFlowVersion(text, to: "x").replacingOccurrences(of: "kind: promised", with: "kind: promissed")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let (service, lines) = try Self.reloadService(serving: TestSupport.path("workflows"), reloading: dir)
        service.reload()
        let logged = lines.current
        XCTAssertGreaterThanOrEqual(logged.count, 3, "\(logged)")
        XCTAssertEqual(logged.first, "error reload refused; the flows already served stay problems=\(logged.count - 1) "
            + "reason=the flows have lint errors; nothing was deployed:")
        for line in logged.dropFirst() {
            XCTAssertTrue(line.hasPrefix("error reload problem detail="), line)
            XCTAssertFalse(line.contains("\n"), line)
        }
        XCTAssertTrue(logged.contains { $0.contains("senior-bus-card.yaml:") && $0.contains("promissed") }, "\(logged)")
    }

    /// A reload refused over a calendar file names it on a problem line; a
    /// reload that drops a flow names it; a folder without its registry says so.
    func testReloadsSayWhatBrokeAndWhatWasRemoved() throws {
        let dir = NSTemporaryDirectory() + "shenpi-reload-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (service, lines) = try Self.reloadService(serving: dir, reloading: dir)

        let cal = dir + "/calendars/citizen-center.cal"
        let good = try String(contentsOfFile: cal, encoding: .utf8)
        try (good + "hours    09:00-12:00\n").write(toFile: cal, atomically: true, encoding: .utf8)
        service.reload()
        // Lint reads the catalog's calendars first, with the line (exit 1 at a start, as any lint error).
        XCTAssertEqual(lines.current.first, "error reload refused; the flows already served stay problems=1 "
            + "reason=the flows have lint errors; nothing was deployed:")
        XCTAssertTrue(lines.current.dropFirst().first?.hasPrefix("error reload problem detail=\(dir)/calendars/citizen-center.cal:") ?? false, "\(lines.current)")
        try good.write(toFile: cal, atomically: true, encoding: .utf8)

        try FileManager.default.removeItem(atPath: dir + "/transport/senior-bus-card.yaml")
        service.reload()
        XCTAssertTrue(lines.current.contains("warning flows no longer served: new cases are refused, running cases go on flows=senior-bus-card"), "\(lines.current)")

        try FileManager.default.removeItem(atPath: dir + "/registry.yaml")
        XCTAssertThrowsError(try FlowCatalog.load(directory: dir)) {
            XCTAssertEqual("\($0)", "no registry.yaml in \(dir) or above it: the daemon serves a catalog, whose registry names its departments and roles")
        }
    }

    /// The text log escapes what would end a line or drive a terminal.
    func testTheTextLogKeepsEachEntryOnOneLine() {
        XCTAssertEqual(TextLogHandler.escaped("case X\n2026-11-30 error FORGED\r"), "case X\\n2026-11-30 error FORGED\\r")
        XCTAssertEqual(TextLogHandler.escaped("\u{1B}[31mred\u{0}\u{2028}"), "\\u{1B}[31mred\\u{0}\\u{2028}")
        XCTAssertEqual(TextLogHandler.escaped("办件 20250926-1\tok"), "办件 20250926-1\\tok")
        XCTAssertEqual(TextLogHandler.escaped(.array([.string("a\nb"), .stringConvertible(12)])), .array([.string("a\\nb"), .string("12")]))
    }

    /// A value cannot add a field to the line: one with `=` is quoted.
    func testTheTextLogQuotesAValueThatWouldReadAsFields() {
        XCTAssertEqual(TextLogHandler.escaped(.string("a path=/v1/tokens status=204")), .string(#""a path=/v1/tokens status=204""#))
        XCTAssertEqual(TextLogHandler.escaped(.string(#"x="y" \ z"#)), .string(#""x=\"y\" \\ z""#))
        XCTAssertEqual(TextLogHandler.escaped(.string("li.na")), .string("li.na"))
        XCTAssertEqual(TextLogHandler.escaped(.string("the flows have lint errors; nothing was deployed:")), .string("the flows have lint errors; nothing was deployed:"))
    }
}

