import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle
import ShenpiAPI
import ShenpiCalendar
import ShenpiStore

/// Where notifications go.
public enum NotificationTarget: Sendable, Hashable {
    /// One JSON line per notification appended to a file.
    case file(String)
    /// POSTed to an SMS / e-mail gateway.
    case webhook(URL, bearer: String?)
}

/// Everything `shenpi serve` can be told.
public struct DaemonOptions: Sendable {
    public var database = "./shenpi.db"
    public var workflows = "./workflows"
    public var host = "127.0.0.1"
    /// 0: any free port (the daemon prints the one it got).
    public var port = 8080
    public var durability = Durability.full
    public var notifications = NotificationTarget.file("./notifications.jsonl")
    public var limits = APILimits()
    public var timerInterval: Duration = .seconds(1)
    /// A connection on which nothing arrives for this long (a request left
    /// unfinished, a keep-alive left open) is closed: half-sent requests held
    /// the descriptors until none was left for the window's clients. Each
    /// part of a body restarts the wait (Hummingbird's idle timer).
    public var idleTimeout: Duration = .seconds(60)
    /// Runs the daemon's clock from this instant instead of the system's (a
    /// rehearsal on a chosen day; tests that must not depend on today's date).
    public var clockStart: Instant?

    public init() {}
}

/// Why the daemon did not start.
public enum DaemonError: Error, CustomStringConvertible {
    case flows(CatalogError)
    case database(String)
    /// The database was written by a later release: this one must not touch it.
    case newerSchema(String)
    case listen(String)
    /// Another daemon serves this database (`DaemonLock`).
    case locked(String)

    public var description: String {
        switch self {
        case .flows(let e): return e.description
        case .database(let m), .newerSchema(let m), .listen(let m), .locked(let m): return m
        }
    }
}

/// `shenpi serve`: lints and deploys the flows, opens the store, makes an
/// administrator token on first start, then serves the API with the timer
/// loop, the outbox sender and SIGHUP reload until SIGTERM / SIGINT.
public enum Daemon {
    public static func run(_ options: DaemonOptions, logger: Logger, print say: @escaping @Sendable (String) -> Void) async throws {
        // A reload asked for while starting (a `systemctl reload` right after the
        // start, or during the timer catch-up) must not kill the daemon: SIGHUP's
        // default action is to terminate. The start reads the flows anyway; the
        // reload service traps it once it runs.
        signal(SIGHUP, SIG_IGN)
        _ = ServerMetrics.registry  // bootstrap before the first request counts anything
        ServerMetrics.recordBuild()
        let catalog: FlowCatalog
        do { catalog = try FlowCatalog.load(directory: options.workflows) } catch { throw DaemonError.flows(error) }
        if let reason = ListenProbe.problem(host: options.host, port: options.port) {
            throw DaemonError.listen("cannot listen on \(options.host):\(options.port): \(reason)")
        }
        // Before the store is opened (or migrated): a second daemon changes nothing.
        let lock = try DaemonLock(database: options.database)
        let database: AppDatabase
        let pending = AppDatabase.pendingMigrations(atPath: options.database)
        let upgradeStart = ContinuousClock.now
        if !pending.isEmpty {
            logger.notice("upgrading the database schema: some steps read every case once, minutes on a large store", metadata: [
                "file": .string(options.database), "migrations": .string(pending.joined(separator: ",")),
            ])
        }
        do {
            database = try AppDatabase.openFile(atPath: options.database, durability: options.durability)
            if !pending.isEmpty {
                let took = ContinuousClock.now - upgradeStart
                logger.notice("database schema upgraded", metadata: [
                    "schema": .string(Release.schema), "seconds": .string(String(format: "%.1f", Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)),
                ])
            }
        } catch let error as StoreOpenError {
            // `unreadable` names the file and says "cannot open" itself.
            // `unreadable` and `newerSchema` name the file themselves.
            switch error {
            case .unreadable, .newerSchema: throw DaemonError.newerSchema("\(error)")
            default: break
            }
            throw DaemonError.newerSchema("cannot open \(options.database): \(error)")
        } catch {
            throw DaemonError.database("cannot open \(options.database): \(error)")
        }
        database.file?.whenMoved { moved in
            logger.critical("the database file is no longer the one this daemon opened: every write is refused; restart the daemon on the right file",
                            metadata: ["file": .string(moved.path), "reason": .string(moved.reason)])
        }
        let offset = options.clockStart.map { $0.secondsSinceEpoch - Int(Date().timeIntervalSince1970) } ?? 0
        let clock: @Sendable () -> Instant = { Instant(secondsSinceEpoch: Int(Date().timeIntervalSince1970) + offset) }
        if let start = options.clockStart { logger.warning("the daemon's clock runs from \(start), not from the system clock") }
        let engine = CaseEngine(database: database, calendars: catalog.calendars)
        if let latest = try? engine.latestChange(), latest > clock() {
            logger.warning("the daemon's clock is behind the store: commands on cases changed since are refused (409 clock-behind)",
                           metadata: ["now": .string("\(clock())"), "latest-change": .string("\(latest)")])
        }
        let deployed: [Deployment]
        do { deployed = try API.deploy(catalog, engine: engine, at: clock()) } catch { throw DaemonError.database("cannot deploy the flows: \(error)") }
        for warning in deployed.compactMap(\.sameVersionWarning) { logger.warning("version number reused", metadata: ["detail": .string(warning)]) }
        logger.info("flows deployed", metadata: [
            "version": .string(Release.version), "schema": .string(Release.schema),
            "flows": .stringConvertible(deployed.count), "new-versions": .stringConvertible(deployed.filter(\.isNew).count),
            "warnings": .stringConvertible(catalog.warnings), "calendars": .string(catalog.calendarCoverage),
            "untouched-after": .string((catalog.untouchedAfter ?? SupervisionOptions.defaultUntouchedAfter).description),
            "follow-up-within": .string((catalog.followUpWithin ?? SupervisionOptions.defaultFollowUpWithin).description),
        ])
        // A store counted on days this start cannot count: the local calendar copy
        // that held them is gone (the audit, and every nightly backup --strict, would fail).
        for lost in (try? engine.casesDuePastCalendarData()) ?? [] {
            logger.error("running cases are due past the calendar's data", metadata: [
                "calendar": .string(lost.calendar), "covers": .string("\(lost.covers)"), "cases": .stringConvertible(lost.count),
                "first": .string(lost.cases.joined(separator: ",") + (lost.count > lost.cases.count ? ",…" : "")),
                "latest-due": .string("\(lost.latestDue)"),
                "detail": .string("they were counted on data this start does not have: restore the catalog's calendars/ copy that holds the days after "
                                  + "\(lost.covers) (docs/operations.md, year end)"),
            ])
        }
        // Weeks ahead, say when the calendar data stops covering new cases' limits.
        for horizon in CalendarHorizon.of(catalog) where horizon.daysLeft(from: clock().date) <= 45 {
            logger.warning("calendar data runs out", metadata: ["calendar": .string(horizon.calendar),
                                                               "detail": .string(horizon.warning(on: clock().date))])
        }
        let api = API(engine: engine, catalog: catalog, clock: clock, limits: options.limits,
                      logger: Logger(label: "shenpi.api"), metricsText: ServerMetrics.text)
        ServerMetrics.refresh(database)

        let sender: any NotificationSender
        switch options.notifications {
        case .file(let path): sender = FileSender(path: path)
        case .webhook(let url, let bearer): sender = WebhookSender(url: url, bearer: bearer)
        }
        var timers = TimerService(engine: engine, clock: clock, logger: Logger(label: "shenpi.timers"), pollInterval: options.timerInterval)
        timers.afterPass = {
            ServerMetrics.refresh(database)
            ServerMetrics.refresh(horizons: CalendarHorizon.of(api.catalog), today: clock().date)
        }
        let outbox = OutboxService(engine: engine, outbox: api.outbox, sender: sender, clock: clock, logger: Logger(label: "shenpi.outbox"))
        let reload = ReloadService(api: api, directory: options.workflows, logger: Logger(label: "shenpi.reload"), today: { clock().date })
        let host = options.host
        let app = Application(
            responder: APIResponder(api: api),
            server: .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [BadRequestHandler()],
                                                                     idleTimeout: .nanoseconds(Int64(options.idleTimeout.components.seconds) * 1_000_000_000))),
            configuration: ApplicationConfiguration(address: .hostname(host, port: options.port), serverName: "shenpi"),
            onServerRunning: { channel in
                // Only once the port is ours: a daemon that cannot listen must not
                // spend the one showing of the administrator token.
                let tokens = TokenStore(database: database)
                do {
                    if try !tokens.hasActiveTokens() {
                        let (_, secret) = try tokens.create(name: "admin", department: nil, roles: [], scopes: Scope.allCases, at: clock())
                        say("shenpi: created the administrator token (shown only this once; keep it safe):\n\(secret)")
                    }
                } catch {
                    logger.error("cannot create the administrator token", metadata: ["error": .string("\(error)")])
                }
                let port = channel.localAddress?.port ?? options.port
                say("shenpi: listening on http://\(host):\(port)")
            },
            logger: Logger(label: "shenpi.http")
        )
        // Timers that fell due while the daemon was down fire before anyone can act.
        await timers.pass(perTransaction: TimerService.catchUpBatch)
        // Shutdown runs in reverse order: the server stops accepting and
        // finishes in-flight requests first, then the loops stop.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [timers, outbox, reload, app, ReadinessService(api: api)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error where "\(error)".contains("bind(") {
            throw DaemonError.listen("cannot listen on \(host):\(options.port): " + Self.reason(error))
        }
        // A checkpoint that failed (a full disk) is no failed stop: the commits are safe in the -wal.
        if let reason = try database.close() {
            logger.warning("the WAL still holds commits (\(reason)): keep \(options.database)-wal with it")
        }
        logger.info("stopped")
        withExtendedLifetime(lock) {}
    }

    /// `Address already in use` out of NIO's `bind(descriptor:ptr:bytes:): … (errno: 98)`.
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        guard let colon = text.range(of: "): ") else { return text }
        let rest = text[colon.upperBound...]
        return String(rest.prefix { $0 != ")" }).trimmingCharacters(in: .whitespaces)
    }
}
