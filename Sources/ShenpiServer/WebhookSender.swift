import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShenpiStore

/// Posts each notification to an SMS / e-mail gateway. A 2xx answer is a
/// delivery; anything else (or no answer within `timeout`) is retried by
/// the outbox with backoff. The gateway deduplicates on the delivery id.
struct WebhookSender: NotificationSender {
    let url: URL
    var timeout: TimeInterval = 10
    /// Sent as `Authorization: Bearer …` when set.
    var bearer: String?

    func send(_ message: OutboxMessage, contacts: [String: String]) async throws {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(message.deliveryID, forHTTPHeaderField: "Idempotency-Key")
        request.setValue(message.deliveryID, forHTTPHeaderField: "X-Shenpi-Delivery-Id")
        if let bearer { request.setValue("Bearer " + bearer, forHTTPHeaderField: "Authorization") }
        request.httpBody = DeliveryPayload(message, contacts: contacts).json
        let (_, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw SendError("no HTTP answer from \(url.absoluteString)") }
        guard (200..<300).contains(http.statusCode) else { throw SendError("gateway answered \(http.statusCode)") }
    }
}
