import Foundation
import Logging
import ShenpiAPI
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiServer
import ShenpiStore
import ShenpiTestSupport
import XCTest

/// The timer loop and the outbox sender, in-process with a hand-moved clock.
final class ServicesTests: XCTestCase {
    /// Keeps `swift test` output clean.
    let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var t: Instant
        init(_ iso: String) { t = Instant(iso: iso)! }
        var now: Instant { lock.withLock { t } }
        func advance(days: Int) { advance(seconds: days * 86_400) }
        func advance(seconds: Int) { lock.withLock { t = t.adding(seconds: seconds) } }
    }

    func makeAPI(_ clock: Clock) throws -> API {
        let catalog = try FlowCatalog.load(directory: TestSupport.path("workflows"))
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: catalog.calendars)
        _ = try API.deploy(catalog, engine: engine, at: clock.now)
        return API(engine: engine, catalog: catalog, clock: { clock.now }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func submit(_ api: API, _ id: String) async throws {
        let (_, token) = try api.tokens.create(name: "w-\(id)", department: "center", roles: ["window"], scopes: [.intake], at: Instant(iso: "2025-09-01")!)
        let answer = await api.handle(APIRequest(method: "POST", target: "/v1/cases", headers: ["authorization": "Bearer " + token],
                                                 body: Data(Bodies.busCard(id).utf8)))
        XCTAssertEqual(answer.status, 201)
    }

    func testTimersThatFellDueWhileDownFireAtOnceAndDeemTheCaseAccepted() async throws {
        let clock = Clock("2025-09-26T09:30")
        let api = try makeAPI(clock)
        try await submit(api, "BC-1")
        let service = TimerService(engine: api.engine, clock: { clock.now }, logger: quiet)
        await service.pass()
        XCTAssertNil(try api.engine.case("BC-1").state.acceptedAt, "nothing is due yet")
        clock.advance(days: 10)
        await service.pass()
        let state = try api.engine.case("BC-1").state
        XCTAssertTrue(state.deemedAccepted, "the window's 1-workday limit ran out: 视为受理")
        XCTAssertTrue(try api.engine.case("BC-1").history.contains { $0.event.automatic && $0.event.actor == "system" })
    }

    /// A damaged case keeps its timers due; the loop warns about it once, not every pass.
    func testAStuckTimerIsWarnedAboutOnceUntilItClears() async throws {
        let clock = Clock("2025-09-26T09:30")
        let api = try makeAPI(clock)
        try await submit(api, "BC-1")
        try await submit(api, "BC-2")
        let lines = Locked<[String]>([])
        let logger = Logger(label: "test", factory: { _ in LineRecorder(lines: lines) })
        let service = TimerService(engine: CaseEngine(database: api.engine.database, calendars: api.engine.calendars),
                                   clock: { clock.now }, logger: logger)
        let original = try await api.engine.database.writer.read { try Data.fetchOne($0, sql: #"SELECT snapshot FROM "case" WHERE id = 'BC-1'"#) }
        try await api.engine.database.writer.write { try $0.execute(sql: #"UPDATE "case" SET snapshot = x'7b7d' WHERE id = 'BC-1'"#) }
        clock.advance(days: 10)
        await service.pass()
        await service.pass()
        await service.pass()
        let warnings = lines.current.filter { $0.hasPrefix("warning timer refused case=BC-1") }
        XCTAssertEqual(warnings.count, 1, lines.current.joined(separator: "\n"))
        XCTAssertEqual(lines.current.filter { $0.hasPrefix("debug timer refused case=BC-1") }.count, 2)
        XCTAssertEqual(service.stuck.count, 1)
        XCTAssertTrue(try api.engine.case("BC-2").state.deemedAccepted, "the other case's timer fired")

        // Repaired: its timer fires, nothing is stuck, and a later damage is news again.
        try await api.engine.database.writer.write { try $0.execute(sql: #"UPDATE "case" SET snapshot = ? WHERE id = 'BC-1'"#, arguments: [original]) }
        await service.pass()
        XCTAssertEqual(service.stuck.count, 0)
        XCTAssertTrue(lines.current.contains { $0.hasPrefix("info timer fired case=BC-1") })
    }

    /// Keeps `level message metadata` lines (metadata sorted) for assertions.
    struct LineRecorder: LogHandler {
        let lines: Locked<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.mutate { $0.append("\(event.level) \(event.message) \(fields)") }
        }
    }

    struct Recorder: NotificationSender {
        let sent = Locked<[String]>([])
        var fail: Bool

        func send(_ batch: [Delivery]) async -> [Int64: String] {
            if fail { return Dictionary(uniqueKeysWithValues: batch.map { ($0.message.id, "gateway down") }) }
            sent.mutate { $0 += batch.map { $0.message.deliveryID + " " + ($0.contacts["phone"] ?? "-") } }
            return [:]
        }
    }

    final class Locked<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: T
        init(_ v: T) { value = v }
        func mutate(_ body: (inout T) -> Void) { lock.withLock { body(&value) } }
        var current: T { lock.withLock { value } }
    }

    func testFailedDeliveriesAreRetriedWithBackoffAndVisibleOnTheCase() async throws {
        let clock = Clock("2025-09-26T09:30")
        let api = try makeAPI(clock)
        try await submit(api, "BC-1")
        let (_, token) = try api.tokens.create(name: "li.na", department: "center", roles: ["window"], scopes: [.intake], at: clock.now)
        let accept = await api.handle(APIRequest(method: "POST", target: "/v1/cases/BC-1/actions", headers: ["authorization": "Bearer " + token],
                                                 body: Data(Bodies.decide("accept", "accept").utf8)))
        XCTAssertEqual(accept.status, 200)

        let failing = OutboxService(engine: api.engine, outbox: api.outbox, sender: Recorder(fail: true), clock: { clock.now }, logger: quiet)
        let a1 = await failing.pass()
        XCTAssertEqual(a1, 1)
        let a2 = await failing.pass()
        XCTAssertEqual(a2, 0, "backing off: not retried at once")
        var message = try XCTUnwrap(api.outbox.messages(caseID: "BC-1").first)
        XCTAssertEqual(message.status, "retrying")
        XCTAssertEqual(message.lastError, "gateway down")
        let read = await api.handle(APIRequest(method: "GET", target: "/v1/cases/BC-1", headers: ["authorization": "Bearer " + token]))
        XCTAssertTrue(String(decoding: read.body, as: UTF8.self).contains("gateway down"))

        clock.advance(days: 1)
        let recorder = Recorder(fail: false)
        let working = OutboxService(engine: api.engine, outbox: api.outbox, sender: recorder, clock: { clock.now }, logger: quiet)
        let a3 = await working.pass()
        XCTAssertEqual(a3, 1)
        XCTAssertEqual(recorder.sent.current, ["\(message.deliveryID) 13812345678"], "the retry keeps the message's id")
        XCTAssertNotNil(message.deliveryID.wholeMatch(of: /shenpi-[0-9a-f]{32}/), message.deliveryID)
        message = try XCTUnwrap(api.outbox.messages(caseID: "BC-1").first)
        XCTAssertEqual(message.status, "delivered")
        XCTAssertEqual(message.attempts, 2)
        let a4 = await working.pass()
        XCTAssertEqual(a4, 0, "delivered messages are not sent again")
    }

    func testGivesUpVisiblyAfterTheLastAttemptWithCappedBackoff() async throws {
        let clock = Clock("2025-09-26T09:30")
        let (api, _) = try await apiWithAnAcceptedCase(clock)
        let outbox = Outbox(database: api.engine.database, maxAttempts: 3, baseBackoff: 2, maxBackoff: 3)
        var t = clock.now
        var waits: [Int] = []
        for attempt in 0..<3 {
            let due = try outbox.due(at: t)
            XCTAssertEqual(due.count, 1)
            try outbox.record(delivered: [], failed: [due[0].id: "HTTP 503"], at: t)
            if attempt == 2 { break }
            let next = try XCTUnwrap(outbox.nextAttempt())
            waits.append(next.secondsSinceEpoch - t.secondsSinceEpoch)
            t = next
        }
        XCTAssertEqual(Array(waits.prefix(2)), [2, 3], "2 s, then doubled but capped at 3 s")
        let message = try XCTUnwrap(outbox.messages(caseID: "BC-1").first)
        XCTAssertEqual(message.status, "failed")
        XCTAssertEqual(message.attempts, 3)
        XCTAssertTrue(try outbox.due(at: t.adding(seconds: 86_400)).isEmpty, "given up: not sent again")
        XCTAssertEqual(try api.engine.database.gauges().outboxFailed, 1)
    }

    func testTheFileSenderAppendsOneJSONLinePerNotification() async throws {
        let dir = try temporaryDirectory()
        let sender = FileSender(path: dir + "/n.jsonl")
        let m = OutboxMessage(id: 7, caseID: "BC-1", recipient: "applicant", text: "您好", createdAt: Instant(iso: "2025-09-26T09:30")!,
                              attempts: 0, deliveredAt: nil, failedAt: nil, lastError: nil)
        let first = await sender.send([Delivery(message: m, contacts: ["phone": "13812345678"])])
        let second = await sender.send([Delivery(message: m, contacts: [:])])
        XCTAssertTrue(first.isEmpty && second.isEmpty)
        let lines = try String(contentsOfFile: dir + "/n.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(String(lines[0]), #"{"caseId":"BC-1","contacts":{"phone":"13812345678"},"createdAt":"2025-09-26T09:30:00+08:00","deliveryId":"shenpi-7","recipient":"applicant","text":"您好"}"#)
    }
}
