import Logging
import Metrics
import ServiceLifecycle
import ShenpiAPI
import ShenpiCalendar
import ShenpiStore
import UnixSignals

/// Reloads the workflow folder on SIGHUP: lint, compile, deploy, swap. A
/// folder with errors is refused and the flows already served stay.
struct ReloadService: Service {
    let api: API
    let directory: String
    let logger: Logger
    /// Today, for the calendar horizon said again after each reload.
    let today: @Sendable () -> CivilDate

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals { reload() }
        }
    }

    func reload() {
        do {
            let catalog = try FlowCatalog.load(directory: directory)
            let before = Set(api.catalog.flows.keys)
            let deployed = try api.replaceCatalog(catalog)
            let fresh = deployed.filter(\.isNew)
            // A flow no longer in the folder takes no new cases; its running ones go on.
            let removed = before.subtracting(catalog.flows.keys).sorted()
            if !removed.isEmpty {
                logger.warning("flows no longer served: new cases are refused, running cases go on", metadata: ["flows": .string(removed.joined(separator: ","))])
            }
            logger.info("flows reloaded", metadata: [
                // `new-versions` a count, as at start (one type per key for log stores); which ones in `new`.
                "flows": .stringConvertible(deployed.count), "new-versions": .stringConvertible(fresh.count),
                "new": .string(fresh.map { "\($0.workflow)@\($0.version)" }.joined(separator: ",")),
                "calendars": .string(catalog.calendarCoverage),
                "untouched-after": .string((catalog.untouchedAfter ?? SupervisionOptions.defaultUntouchedAfter).description),
                "follow-up-within": .string((catalog.followUpWithin ?? SupervisionOptions.defaultFollowUpWithin).description),
            ])
            for warning in deployed.compactMap(\.sameVersionWarning) { logger.warning("version number reused", metadata: ["detail": .string(warning)]) }
            Counter(label: "shenpi_reloads_total", dimensions: [("result", "ok")]).increment()
            for horizon in CalendarHorizon.of(catalog) where horizon.daysLeft(from: today()) <= 45 {
                logger.warning("calendar data runs out", metadata: ["calendar": .string(horizon.calendar),
                                                                   "detail": .string(horizon.warning(on: today()))])
            }
        } catch {
            // One log line per diagnostic: a text log stays one event per line.
            // The first line says why ("the flows have lint errors; …:"), the others are the diagnostics.
            let lines = "\(error)".split(separator: "\n").map(String.init)
            logger.error("reload refused; the flows already served stay", metadata: [
                "reason": .string(lines.first ?? ""), "problems": .stringConvertible(max(lines.count - 1, 0)),
            ])
            for problem in lines.dropFirst() { logger.error("reload problem", metadata: ["detail": .string(problem)]) }
            // `systemctl reload` reports success either way: this is what an alert can see.
            Counter(label: "shenpi_reloads_total", dimensions: [("result", "refused")]).increment()
        }
    }
}

/// Turns `/healthz` to 503 as soon as a graceful stop begins, so a balancer
/// stops sending before the server closes (listed last: stopped first).
struct ReadinessService: Service {
    let api: API

    func run() async throws {
        try? await gracefulShutdown()
        api.setReady(false)
    }
}
