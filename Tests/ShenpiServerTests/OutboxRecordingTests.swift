import Foundation
import GRDB
import Logging
import ShenpiAPI
import ShenpiCalendar
@testable import ShenpiServer
import ShenpiStore
import ShenpiTestSupport
import XCTest

/// A store that cannot be written for a while (another process holds the
/// write lock, a full disk) must not make the sender deliver again and again.
extension ServicesTests {
    func testADeliveryTheStoreCannotRecordIsNotSentAgainWhileTheRecordingBacksOff() async throws {
        _ = ServerMetrics.registry
        let clock = Clock("2025-09-26T09:30")
        let dir = try temporaryDirectory()
        let catalog = try FlowCatalog.load(directory: TestSupport.path("workflows"))
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: dir + "/shenpi.db"), calendars: catalog.calendars)
        _ = try API.deploy(catalog, engine: engine, at: clock.now)
        let api = API(engine: engine, catalog: catalog, clock: { clock.now }, logger: quiet)
        try await submit(api, "BC-1")
        let (_, token) = try api.tokens.create(name: "li.na", department: "center", roles: ["window"], scopes: [.intake], at: clock.now)
        _ = await api.handle(APIRequest(method: "POST", target: "/v1/cases/BC-1/actions", headers: ["authorization": "Bearer " + token],
                                        body: Data(Bodies.decide("accept", "accept").utf8)))

        // Another process takes the write lock and keeps it.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: dir + "/shenpi.db", configuration: configuration)
        try await other.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }

        let delivered = { Self.counter(#"shenpi_notifications_total{result="delivered"}"#) }
        let before = delivered()
        let recorder = Recorder(fail: false)
        let lines = Locked<[String]>([])
        let service = OutboxService(engine: api.engine, outbox: api.outbox, sender: recorder, clock: { clock.now },
                                    logger: Logger(label: "test", factory: { _ in LineRecorder(lines: lines) }))
        let writeFailures = { lines.current.filter { $0.hasPrefix("error outbox write failed") } }

        let first = await service.pass()
        XCTAssertEqual(first, 1)
        for _ in 0..<3 { await service.pass() }  // the daemon's passes, 0.5 s apart
        XCTAssertEqual(recorder.sent.current.count, 1, "delivered once, not again while it cannot be recorded")
        XCTAssertEqual(writeFailures().count, 1, "the recording waits: " + lines.current.joined(separator: "\n"))
        XCTAssertTrue(writeFailures()[0].contains("retry-in=2 s"), writeFailures()[0])

        clock.advance(seconds: 2)
        await service.pass()
        XCTAssertEqual(writeFailures().count, 2)
        XCTAssertTrue(writeFailures()[1].contains("retry-in=4 s"), "backing off: " + writeFailures()[1])
        clock.advance(seconds: 3)
        await service.pass()
        XCTAssertEqual(writeFailures().count, 2, "not due yet")

        try await other.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
        clock.advance(seconds: 1)
        await service.pass()
        let message = try XCTUnwrap(api.outbox.messages(caseID: "BC-1").first)
        XCTAssertEqual(message.status, "delivered")
        XCTAssertEqual(message.attempts, 1)
        XCTAssertEqual(message.deliveredAt, Instant(iso: "2025-09-26T09:30"), "recorded as delivered when it was")
        let after = await service.pass()
        XCTAssertEqual(after, 0)
        XCTAssertEqual(recorder.sent.current.count, 1)
        XCTAssertEqual(delivered() - before, 1, "counted once")
    }

    /// A counter's value in the `/metrics` text (0 before it first counts).
    static func counter(_ series: String) -> Int {
        let line = ServerMetrics.text().split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return line.flatMap { Int($0.dropFirst(series.count + 1)) } ?? 0
    }
}
