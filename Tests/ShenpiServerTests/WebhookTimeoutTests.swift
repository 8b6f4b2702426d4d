import Foundation
import Hummingbird
@testable import ShenpiServer
import ShenpiCalendar
import ShenpiStore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The webhook's timeout holds on Linux: a gateway that answers too late, or
/// never, is a failed attempt that says it timed out.
final class WebhookTimeoutTests: XCTestCase {
    let message = OutboxMessage(id: 9, caseID: "BC-1", recipient: "applicant", text: "您好", createdAt: Instant(iso: "2025-09-26T09:30")!,
                                attempts: 0, deliveredAt: nil, failedAt: nil, lastError: nil)

    func testAGatewayThatNeverAnswersIsAFailedAttemptAfterTheTimeout() async throws {
        let gateway = try SilentGateway()
        defer { gateway.close() }
        let sender = WebhookSender(url: URL(string: "http://127.0.0.1:\(gateway.port)/sms")!, timeout: 1, bearer: nil)
        let failed = await sender.send([Delivery(message: message, contacts: [:])])
        XCTAssertEqual(failed[9], "no answer from the gateway within 1 s (URLError -1001)")
    }

    /// On Linux `URLSession.shared` waited 60 s whatever the request's
    /// timeout, so an answer after the timeout still counted as delivered.
    func testAnAnswerAfterTheTimeoutIsNotADelivery() async throws {
        let router = Router()
        router.post("/sms") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .noContent)
        }
        let (port, server) = try await WebhookTests.serve(router)
        defer { server.cancel() }

        let sender = WebhookSender(url: URL(string: "http://127.0.0.1:\(port)/sms")!, timeout: 1, bearer: nil)
        let failed = await sender.send([Delivery(message: message, contacts: [:])])
        XCTAssertEqual(failed[9], "no answer from the gateway within 1 s (URLError -1001)")
    }

    /// A listening socket that is never accepted: the kernel completes the
    /// connection and takes the request, and nobody ever answers.
    final class SilentGateway: @unchecked Sendable {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.EBADF) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                    bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            guard bound else { Glibc.close(fd); throw POSIXError(.EADDRNOTAVAIL) }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        func close() { _ = Glibc.close(fd) }
    }
}
