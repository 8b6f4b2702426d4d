import Logging
import Metrics
import ServiceLifecycle
import ShenpiAPI
import ShenpiCalendar
import ShenpiStore

/// Fires due timers (warnings, timeouts, waits) through the engine, each in
/// its own transaction. On start it first catches up: timers that fell due
/// while the daemon was down fire at once, earliest first.
struct TimerService: Service {
    let engine: CaseEngine
    let clock: @Sendable () -> Instant
    let logger: Logger
    /// The longest sleep: a command may schedule a timer earlier than the one waited for.
    var pollInterval: Duration = .seconds(1)
    /// Refreshes gauges once per pass (set by the daemon).
    var afterPass: (@Sendable () -> Void)?

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

    func pass() async {
        do {
            let now = clock()
            let fired = try await blocking { try engine.fireDueTimers(upTo: now) }
            for timer in fired {
                let result = timer.error == nil ? "fired" : "refused"
                Counter(label: "shenpi_timers_fired_total", dimensions: [("kind", timer.kind?.rawValue ?? "unreadable"), ("result", result)]).increment()
                var metadata: Logger.Metadata = [
                    "case": .string(timer.caseID), "timer": .string(timer.timerID), "due": .string(timer.due.description),
                ]
                if let error = timer.error { metadata["error"] = .string(Masking.mask(error.description)) }
                logger.log(level: timer.error == nil ? .info : .warning, "timer \(result)", metadata: metadata)
            }
        } catch {
            logger.error("timer pass failed", metadata: ["error": .string(Masking.mask("\(error)"))])
        }
        afterPass?()
    }
}
