import Foundation
import Hummingbird
import Logging
@testable import ShenpiServer
import ShenpiCalendar
import ShenpiStore
import XCTest

/// The webhook sender against a real HTTP gateway on a loopback port.
final class WebhookTests: XCTestCase {
    final class Gateway: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(deliveryID: String?, key: String?, body: String)] = []
        var status: HTTPResponse.Status = .ok

        func record(_ request: Request, body: String) -> HTTPResponse.Status {
            lock.withLock {
                seen.append((request.headers[HTTPFields.Element.Name("X-Shenpi-Delivery-Id")!], request.headers[HTTPFields.Element.Name("Idempotency-Key")!], body))
                return status
            }
        }

        var requests: [(deliveryID: String?, key: String?, body: String)] { lock.withLock { seen } }
        func answer(_ s: HTTPResponse.Status) { lock.withLock { status = s } }
    }

    func testPostsEachNotificationWithItsDeliveryIDAndReportsFailures() async throws {
        let gateway = Gateway()
        let router = Router()
        router.post("/sms") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            let status = gateway.record(request, body: String(buffer: body))
            return Response(status: status)
        }
        let (port, server) = try await Self.serve(router)
        defer { server.cancel() }

        let sender = WebhookSender(url: URL(string: "http://127.0.0.1:\(port)/sms")!, timeout: 5, bearer: nil)
        let message = OutboxMessage(id: 42, caseID: "BC-1", recipient: "applicant", text: "您好", createdAt: Instant(iso: "2025-09-26T09:30")!,
                                    attempts: 0, deliveredAt: nil, failedAt: nil, lastError: nil)
        let ok = await sender.send([Delivery(message: message, contacts: ["phone": "13812345678"])])
        XCTAssertTrue(ok.isEmpty, "\(ok)")
        XCTAssertEqual(gateway.requests.first?.deliveryID, "shenpi-42")
        XCTAssertEqual(gateway.requests.first?.key, "shenpi-42")
        XCTAssertTrue(gateway.requests.first?.body.contains(#""phone":"13812345678""#) ?? false)

        gateway.answer(.serviceUnavailable)
        let failed = await sender.send([Delivery(message: message, contacts: [:])])
        XCTAssertEqual(failed[42], "gateway answered 503")

        let nobody = WebhookSender(url: URL(string: "http://127.0.0.1:1/sms")!, timeout: 2, bearer: nil)
        let refused = await nobody.send([Delivery(message: message, contacts: [:])])
        XCTAssertNotNil(refused[42], "a refused connection is a failed attempt")
    }

    /// Runs `router` on a free loopback port until the task is cancelled.
    static func serve(_ router: Router<BasicRequestContext>) async throws -> (port: Int, server: Task<Void, any Error>) {
        let port = Locked(0)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { port.set($0.localAddress?.port ?? 0) },
                              logger: Logger(label: "gateway", factory: { _ in SwiftLogNoOpLogHandler() }))
        let server = Task { try await app.run() }
        for _ in 0..<500 where port.get() == 0 { try await Task.sleep(for: .milliseconds(10)) }
        return (port.get(), server)
    }

    final class Locked: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int
        init(_ v: Int) { value = v }
        func get() -> Int { lock.withLock { value } }
        func set(_ v: Int) { lock.withLock { value = v } }
    }
}
