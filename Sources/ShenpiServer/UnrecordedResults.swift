import Foundation
import ShenpiCalendar

/// What one send did: the batch, the failed ones' errors by outbox id, when.
struct SendResults: Sendable {
    var batch: [Delivery]
    var failed: [Int64: String]
    var at: Instant

    var delivered: [Int64] { batch.map(\.message.id).filter { failed[$0] == nil } }
}

/// A send the store could not record (another process holds its write lock,
/// the disk is full). Kept in memory and recorded again with backoff, so a
/// notification already delivered is not sent again meanwhile; lost on a
/// restart, after which those notifications go out again (at least once).
final class UnrecordedResults: @unchecked Sendable {
    /// The first retry of a recording waits this long, each further one twice as long, up to `maxWait`.
    static let firstWait = 2
    static let maxWait = 60

    private let lock = NSLock()
    private var results: SendResults?
    private var failures = 0
    private var retryAt = Instant(secondsSinceEpoch: 0)

    /// The results waiting to be recorded, and from when to try again.
    var current: (results: SendResults, retryAt: Instant)? {
        lock.withLock { results.map { ($0, retryAt) } }
    }

    /// Keeps `results` after a failed recording at `now`; the wait in seconds before the next try.
    func hold(_ results: SendResults, failedAt now: Instant) -> Int {
        lock.withLock {
            self.results = results
            failures += 1
            let wait = min(Self.maxWait, Self.firstWait << min(failures - 1, 10))
            retryAt = now.adding(seconds: wait)
            return wait
        }
    }

    /// Recorded: nothing is held any more.
    func clear() {
        lock.withLock {
            results = nil
            failures = 0
        }
    }
}
