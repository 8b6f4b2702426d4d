import Foundation
import Logging
import Metrics
import ServiceLifecycle
import ShenpiAPI
import ShenpiCalendar
import ShenpiStore

/// Fires due timers (warnings, timeouts, waits) through the engine, each in
/// its own transaction. On start it first catches up: timers that fell due
/// while the daemon was down fire at once, earliest first, many to a
/// transaction (nobody is waiting for the writer yet).
struct TimerService: Service {
    let engine: CaseEngine
    let clock: @Sendable () -> Instant
    let logger: Logger
    /// The longest sleep: a command may schedule a timer earlier than the one waited for.
    var pollInterval: Duration = .seconds(1)
    /// Refreshes gauges once per pass (set by the daemon).
    var afterPass: (@Sendable () -> Void)?
    /// Timers the engine refuses (or cases it cannot read) stay due and come
    /// back every pass until someone acts: warned about once, not every second.
    let stuck = StuckTimers()

    func run() async throws {
        // A graceful shutdown cancels the loop; that is its normal end, not an error.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await pass()
                    try await Task.sleep(for: pollInterval)
                }
            }
        } catch is CancellationError {}
    }

    /// Timers to a transaction when catching up at start: one `fdatasync`
    /// for many (a store of 68 673 cases whose intake timeouts fell due
    /// took 50 s to catch up one by one).
    static let catchUpBatch = 256

    /// Fires what is due now; `perTransaction` above 1 only while no command
    /// waits for the writer (a batch holds it for all of its timers).
    func pass(perTransaction: Int = 1) async {
        do {
            // Every pass looks at the store's file, so a deleted or replaced
            // one turns /healthz to 503 within a second even when nobody
            // writes. Found (and logged once), there is nothing to fire into.
            try engine.database.file?.check()
            let now = clock()
            let fired = try await blocking { try engine.fireDueTimers(upTo: now, perTransaction: perTransaction) }
            let new = stuck.update(fired.filter { $0.error != nil })
            for timer in fired {
                let result = timer.error == nil ? "fired" : "refused"
                // A case id may be the applicant's ID or phone number: masked like a request path.
                var metadata: Logger.Metadata = [
                    "case": .string(Masking.mask(timer.caseID)), "timer": .string(timer.timerID), "due": .string(timer.due.description),
                ]
                if let error = timer.error { metadata["error"] = .string(Masking.mask(error.description)) }
                // The case records it at its due instant (the law's moment); the log says how late it really went.
                let late = now.secondsSinceEpoch - timer.due.secondsSinceEpoch
                if late >= 60 { metadata["late"] = .stringConvertible(late) }
                let isNew = timer.error == nil || new.contains(StuckTimers.key(timer))
                if isNew {
                    let kind = timer.kind?.rawValue ?? "unreadable"
                    Counter(label: "shenpi_timers_fired_total", dimensions: [("kind", kind), ("result", result)]).increment()
                }
                logger.log(level: timer.error == nil ? .info : isNew ? .warning : .debug, "timer \(result)", metadata: metadata)
            }
            Gauge(label: "shenpi_timers_stuck").record(stuck.count)
        } catch is StoreMovedError {
            // Logged once, by the daemon, when found.
        } catch {
            var metadata: Logger.Metadata = ["error": .string(Masking.mask("\(error)"))]
            if let trouble = engine.database.unavailable(error) { metadata["file"] = .string(trouble.path) }
            logger.error("timer pass failed", metadata: metadata)
        }
        afterPass?()
    }
}

/// The refused timers of the last pass, by case, timer and reason.
final class StuckTimers: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []

    static func key(_ t: FiredTimer) -> String { "\(t.caseID)\u{0}\(t.timerID)\u{0}\(t.error?.description ?? "")" }

    /// Replaces the set with this pass's refusals; returns those not refused
    /// in the pass before (a timer that fires again later, or is refused for
    /// another reason, counts as new).
    func update(_ refused: [FiredTimer]) -> Set<String> {
        let now = Set(refused.map(Self.key))
        return lock.withLock {
            defer { keys = now }
            return now.subtracting(keys)
        }
    }

    var count: Int { lock.withLock { keys.count } }
}
