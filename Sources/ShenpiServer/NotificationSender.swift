import Foundation
import ShenpiStore

/// One notification to deliver, with the applicant's phone fields.
struct Delivery: Sendable {
    var message: OutboxMessage
    var contacts: [String: String]
}

/// Delivers notifications; a failure means "try that one again later".
protocol NotificationSender: Sendable {
    /// Delivers every message of `batch`; returns the failed ones' errors by outbox id.
    func send(_ batch: [Delivery]) async -> [Int64: String]
}

/// What a gateway receives: `POST` with this JSON body and the delivery id
/// in `Idempotency-Key` and `X-Shenpi-Delivery-Id` (stable across retries).
struct DeliveryPayload: Encodable {
    var deliveryId: String
    var caseId: String
    var recipient: String
    var text: String
    var createdAt: String
    /// The applicant's phone fields, for an SMS gateway.
    var contacts: [String: String]

    init(_ m: OutboxMessage, contacts: [String: String]) {
        deliveryId = m.deliveryID
        caseId = m.caseID
        recipient = m.recipient
        text = m.text
        createdAt = m.createdAt.description
        self.contacts = m.recipient == "applicant" ? contacts : [:]
    }

    /// `JSONEncoder`'s bytes (sorted keys, slashes as they are), written
    /// directly: the encoder was most of a delivery's CPU.
    var json: Data {
        var w = CanonicalJSON()
        var f = true
        w.open()
        w.key("caseId", &f); w.string(caseId)
        w.key("contacts", &f)
        w.open()
        var g = true
        for key in contacts.keys.sorted() {
            w.stringKey(key, &g)
            w.string(contacts[key]!)
        }
        w.close()
        w.key("createdAt", &f); w.string(createdAt)
        w.key("deliveryId", &f); w.string(deliveryId)
        w.key("recipient", &f); w.string(recipient)
        w.key("text", &f); w.string(text)
        w.close()
        return w.data
    }

}

struct SendError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
