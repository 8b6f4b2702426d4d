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
    let timeout: TimeInterval
    /// Sent as `Authorization: Bearer …` when set.
    var bearer: String?

    /// At most this many requests in flight. A chunk is awaited whole, so a
    /// gateway that hangs holds the next chunk (and the next outbox pass)
    /// back by at most `timeout`.
    var concurrency = 8

    /// The sender's own session, reused for every post. On Linux
    /// `URLSession.shared` ignores `URLRequest.timeoutInterval` and waits
    /// its own 60 s (an answer after 45 s counted as delivered), so the
    /// timeout has to be the session configuration's.
    let session: URLSession

    init(url: URL, timeout: TimeInterval = 10, bearer: String?) {
        self.url = url
        self.timeout = timeout
        self.bearer = bearer
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    func send(_ batch: [Delivery]) async -> [Int64: String] {
        var failed: [Int64: String] = [:]
        for start in stride(from: 0, to: batch.count, by: concurrency) {
            let chunk = batch[start..<min(start + concurrency, batch.count)]
            await withTaskGroup(of: (Int64, String?).self) { group in
                for d in chunk {
                    group.addTask {
                        do {
                            try await post(d.message, contacts: d.contacts)
                            return (d.message.id, nil)
                        } catch {
                            return (d.message.id, "\(error)")
                        }
                    }
                }
                for await (id, error) in group { if let error { failed[id] = error } }
            }
        }
        return failed
    }

    func post(_ message: OutboxMessage, contacts: [String: String]) async throws {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(message.deliveryID, forHTTPHeaderField: "Idempotency-Key")
        request.setValue(message.deliveryID, forHTTPHeaderField: "X-Shenpi-Delivery-Id")
        if let bearer { request.setValue("Bearer " + bearer, forHTTPHeaderField: "Authorization") }
        request.httpBody = DeliveryPayload(message, contacts: contacts).json
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw SendError("no answer from the gateway within \(Self.seconds(timeout)) (URLError \(error.code.rawValue))")
        } catch let error as URLError {
            // Only the code: the error's text carries the URL, which may hold the gateway's credentials.
            throw SendError("no answer from the gateway (URLError \(error.code.rawValue))")
        } catch {
            throw SendError("no answer from the gateway")
        }
        guard let http = response as? HTTPURLResponse else { throw SendError("no HTTP answer from the gateway") }
        guard (200..<300).contains(http.statusCode) else { throw SendError("gateway answered \(http.statusCode)") }
    }

    /// `10 s`, `1.5 s`.
    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : "\(t) s"
    }
}
