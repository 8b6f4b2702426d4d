import Metrics
import Prometheus
import ShenpiAPI
import ShenpiCalendar
import ShenpiEngine
import ShenpiStore

/// The Prometheus registry behind swift-metrics, bootstrapped once per
/// process: `/metrics` renders it.
enum ServerMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func text() -> String { registry.emitToString() }

    /// `shenpi_build_info{version, schema} 1`: which release is running, for dashboards and alerts across an upgrade.
    static func recordBuild() {
        Gauge(label: "shenpi_build_info", dimensions: [("version", Release.version), ("schema", Release.schema)]).record(1)
        // Counters whose first event may be hours away are shown at 0 from the
        // start: an alert on their rate sees 0, not "no data".
        for result in ["delivered", "failed-attempt"] {
            Counter(label: "shenpi_notifications_total", dimensions: [("result", result)]).increment(by: 0)
        }
        for result in ["ok", "refused"] {
            Counter(label: "shenpi_reloads_total", dimensions: [("result", result)]).increment(by: 0)
        }
        for kind in TimerKind.allCases.map(\.rawValue) + ["unreadable"] {
            for result in ["fired", "refused"] {
                Counter(label: "shenpi_timers_fired_total", dimensions: [("kind", kind), ("result", result)]).increment(by: 0)
            }
        }
        Gauge(label: "shenpi_timers_stuck").record(0)
    }

    /// Days until each calendar's data stops covering new cases (see `CalendarHorizon`).
    static func refresh(horizons: [CalendarHorizon], today: CivilDate) {
        for h in horizons {
            Gauge(label: "shenpi_calendar_acceptance_days_left", dimensions: [("calendar", h.calendar)]).record(h.daysLeft(from: today))
        }
    }

    /// Store gauges: pending timers, outbox backlog, failed deliveries, active cases.
    static func refresh(_ database: AppDatabase) {
        guard let g = try? database.gauges() else { return }
        Gauge(label: "shenpi_timers_pending").record(g.timersPending)
        Gauge(label: "shenpi_outbox_pending").record(g.outboxPending)
        Gauge(label: "shenpi_outbox_failed").record(g.outboxFailed)
        Gauge(label: "shenpi_cases_active").record(g.activeCases)
    }
}
