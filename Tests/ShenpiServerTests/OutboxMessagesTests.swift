import Foundation
import Logging
import ShenpiAPI
@testable import ShenpiServer
import ShenpiStore
import XCTest

/// What the outbox tells the operator and the case about a failed delivery.
extension ServicesTests {
    /// An API whose case BC-1 the window has accepted (its acceptance notice
    /// waits in the outbox), with the window's token.
    func apiWithAnAcceptedCase(_ clock: Clock) async throws -> (API, token: String) {
        let api = try makeAPI(clock)
        try await submit(api, "BC-1")
        let (_, token) = try api.tokens.create(name: "li.na", department: "center", roles: ["window"], scopes: [.intake], at: clock.now)
        _ = await api.handle(APIRequest(method: "POST", target: "/v1/cases/BC-1/actions", headers: ["authorization": "Bearer " + token],
                                        body: Data(Bodies.decide("accept", "accept").utf8)))
        return (api, token)
    }

    func testTheCaseShowsWhyTheNotificationsFileFailedWithoutTheServerPath() async throws {
        let clock = Clock("2025-09-26T09:30")
        let (api, token) = try await apiWithAnAcceptedCase(clock)
        let dir = try temporaryDirectory()
        let service = OutboxService(engine: api.engine, outbox: api.outbox, sender: FileSender(path: dir + "/notif/n.jsonl"),
                                    clock: { clock.now }, logger: quiet)
        await service.pass()
        let read = await api.handle(APIRequest(method: "GET", target: "/v1/cases/BC-1", headers: ["authorization": "Bearer " + token]))
        let body = String(decoding: read.body, as: UTF8.self)
        XCTAssertTrue(body.contains(#""lastError":"cannot create the notifications file: No such file or directory""#), body)
        XCTAssertFalse(body.contains(dir), body)
    }

    func testGivingUpLogsItsOwnErrorLineNotTheAttemptWarning() async throws {
        let clock = Clock("2025-09-26T09:30")
        let api = try makeAPI(clock)
        try await submit(api, "13812345678")
        clock.advance(days: 10)
        await TimerService(engine: api.engine, clock: { clock.now }, logger: quiet).pass()  // deemed accepted: the applicant is told
        let lines = Locked<[String]>([])
        let service = OutboxService(engine: api.engine, outbox: Outbox(database: api.engine.database, maxAttempts: 2),
                                    sender: Recorder(fail: true), clock: { clock.now },
                                    logger: Logger(label: "test", factory: { _ in LineRecorder(lines: lines) }))
        await service.pass()
        clock.advance(days: 1)
        await service.pass()
        let message = try XCTUnwrap(api.outbox.messages(caseID: "13812345678").first)
        XCTAssertEqual(message.status, "failed")
        let log = lines.current.joined(separator: "\n")
        // The applicant's message: other notices of the catch-up (a step's reminder) fail beside it.
        let own = lines.current.filter { $0.contains("delivery=\(message.deliveryID)") }
        XCTAssertEqual(own.filter { $0.hasPrefix("warning notification not delivered") && $0.contains("attempt=1 ") }.count, 1, log)
        XCTAssertFalse(lines.current.contains { $0.hasPrefix("warning notification not delivered") && $0.contains("attempt=2 ") }, log)
        XCTAssertTrue(lines.current.contains {
            $0.hasPrefix("error notification given up") && $0.contains("attempts=2 ") && $0.contains("case=138****5678")
                && $0.contains("delivery=\(message.deliveryID)") && $0.contains("error=gateway down")
        }, log)
        XCTAssertFalse(log.contains("13812345678"), log)
    }
}
