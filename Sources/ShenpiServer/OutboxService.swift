import Foundation
import Logging
import Metrics
import ServiceLifecycle
import ShenpiAPI
import ShenpiCalendar
import ShenpiEngine
import ShenpiStore

/// Drains the notification outbox through a sender: at least once (a
/// message is marked delivered only after the sender returned), retries
/// with exponential backoff, a visible failure after the last attempt.
/// Commands only write the outbox; they never wait for a delivery.
struct OutboxService: Service {
    let engine: CaseEngine
    let outbox: Outbox
    let sender: any NotificationSender
    let clock: @Sendable () -> Instant
    let logger: Logger
    var pollInterval: Duration = .milliseconds(500)

    func run() async throws {
        // A graceful shutdown cancels the loop; that is its normal end, not an error.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    let sent = await pass()
                    if sent == 0 { try await Task.sleep(for: pollInterval) }
                }
            }
        } catch is CancellationError {}
    }

    /// One round over the due messages; the number attempted.
    @discardableResult
    func pass() async -> Int {
        let outbox = self.outbox
        let now = clock()
        let due: [OutboxMessage]
        do {
            due = try await blocking { try outbox.due(at: now) }
        } catch {
            logger.error("outbox read failed", metadata: ["error": .string("\(error)")])
            return 0
        }
        for message in due {
            if Task.isCancelled { break }
            do {
                try await sender.send(message, contacts: contacts(of: message.caseID))
                let at = clock()
                try await blocking { try outbox.markDelivered(message.id, at: at) }
                Counter(label: "shenpi_notifications_total", dimensions: [("result", "delivered")]).increment()
            } catch {
                let at = clock()
                let reason = Masking.mask("\(error)")
                try? await blocking { try outbox.markFailed(message.id, error: reason, at: at) }
                Counter(label: "shenpi_notifications_total", dimensions: [("result", "failed-attempt")]).increment()
                logger.warning("notification not delivered", metadata: [
                    "delivery": .string(message.deliveryID), "case": .string(message.caseID), "attempt": .stringConvertible(message.attempts + 1),
                    "error": .string(reason),
                ])
            }
        }
        return due.count
    }

    /// The applicant's phone fields, by field id.
    func contacts(of caseID: String) async -> [String: String] {
        let engine = self.engine
        return (try? await blocking { () -> [String: String] in
            let record = try engine.case(caseID)
            let machine = try engine.machine(record.fingerprint)
            var out: [String: String] = [:]
            for spec in machine.fields where spec.type == "phone" {
                if case .string(let s)? = record.state.fields[spec.id] { out[spec.id] = s }
            }
            return out
        }) ?? [:]
    }
}
