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
/// Each message is sent at most once per attempt, even while the store
/// cannot record the attempt.
/// Commands only write the outbox; they never wait for a delivery.
struct OutboxService: Service {
    let engine: CaseEngine
    let outbox: Outbox
    let sender: any NotificationSender
    let clock: @Sendable () -> Instant
    let logger: Logger
    var pollInterval: Duration = .milliseconds(500)
    /// Messages per pass: one send, one write. A full batch means a backlog,
    /// so the next pass starts at once; otherwise the sender waits
    /// `pollInterval`, leaving the single writer to the commands.
    var batchSize = 256

    func run() async throws {
        // A graceful shutdown cancels the loop; that is its normal end, not an error.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    let sent = await pass()
                    if sent < batchSize { try await Task.sleep(for: pollInterval) }
                }
            }
        } catch is CancellationError {}
    }

    /// A send the store could not record yet, retried with backoff (see `UnrecordedResults`).
    let unrecorded = UnrecordedResults()

    /// One round over the due messages (a batch: one send, one write to
    /// record the results); the number attempted.
    @discardableResult
    func pass() async -> Int {
        // A send not yet recorded comes first, and alone: its deliveries must
        // not go out again, and more sends would only pile up more to record.
        if let (held, retryAt) = unrecorded.current {
            if clock() >= retryAt { await record(held) }
            return 0
        }
        let outbox = self.outbox
        let engine = self.engine
        let now = clock()
        let batch: [Delivery]
        do {
            batch = try await blocking {
                try outbox.due(at: now, limit: batchSize).map { Delivery(message: $0, contacts: Self.contacts(engine, $0.caseID)) }
            }
        } catch {
            logger.error("outbox read failed", metadata: ["error": .string(Masking.mask("\(error)"))])
            return 0
        }
        if batch.isEmpty { return 0 }
        let failed = await sender.send(batch).mapValues(Masking.mask)
        // Counted as sent, once: a recording retried later does not count them again.
        Counter(label: "shenpi_notifications_total", dimensions: [("result", "delivered")]).increment(by: batch.count - failed.count)
        if !failed.isEmpty { Counter(label: "shenpi_notifications_total", dimensions: [("result", "failed-attempt")]).increment(by: failed.count) }
        await record(SendResults(batch: batch, failed: failed, at: clock()))
        return batch.count
    }

    /// Writes a send's results to the store, or holds them for a later try.
    private func record(_ results: SendResults) async {
        let outbox = self.outbox
        let givenUp: Set<Int64>
        do {
            givenUp = try await blocking { try outbox.record(delivered: results.delivered, failed: results.failed, at: results.at) }
        } catch {
            let wait = unrecorded.hold(results, failedAt: clock())
            logger.error("outbox write failed", metadata: [
                "error": .string(Masking.mask("\(error)")), "notifications": .stringConvertible(results.batch.count),
                "retry-in": .string("\(wait) s"),
            ])
            return
        }
        unrecorded.clear()
        for d in results.batch {
            guard let reason = results.failed[d.message.id] else { continue }
            // A case id may be the applicant's ID or phone number: masked like a request path.
            var metadata: Logger.Metadata = [
                "delivery": .string(d.message.deliveryID), "case": .string(Masking.mask(d.message.caseID)),
                "attempt": .stringConvertible(d.message.attempts + 1), "error": .string(reason),
            ]
            if givenUp.contains(d.message.id) {
                metadata["attempts"] = metadata.removeValue(forKey: "attempt")
                logger.error("notification given up", metadata: metadata)
            } else {
                logger.warning("notification not delivered", metadata: metadata)
            }
        }
    }

    /// The applicant's phone fields, by field id (from the case's snapshot, not its history).
    static func contacts(_ engine: CaseEngine, _ caseID: String) -> [String: String] {
        guard let (machine, fields) = try? engine.fields(ofCase: caseID) else { return [:] }
        var out: [String: String] = [:]
        for spec in machine.fields where spec.type == "phone" {
            if case .string(let s)? = fields[spec.id] { out[spec.id] = s }
        }
        return out
    }
}
