import Foundation
import Logging
import Metrics
import ShenpiCalendar
import ShenpiStore

/// Limits on what a request may carry.
public struct APILimits: Sendable {
    /// Larger bodies get 413 before they are read.
    public var maxBodyBytes = 1 << 20
    /// Deeper JSON nesting gets 400.
    public var maxJSONDepth = 16

    public init() {}
}

/// The HTTP API as a function of a request: routing, authentication,
/// authorization, JSON in and out, idempotency and version checks. The
/// server adapter only moves bytes; tests call `handle` directly.
public final class API: Sendable {
    public let engine: CaseEngine
    public let tokens: TokenStore
    public let outbox: Outbox
    public let limits: APILimits
    let clock: MonotonicClock
    let committer: GroupCommitter
    let catalogBox: Locked<FlowCatalog>
    let logger: Logger
    /// Renders `/metrics` (set by the server, which owns the registry).
    let metricsText: (@Sendable () -> String)?
    let ready = Locked(true)
    /// Recently seen tokens: saves a database read per request. Revoking
    /// through the API clears it; a revocation from the CLI (another
    /// process) takes effect within `tokenCacheSeconds`.
    let tokenCache = Locked(TokenCache())
    static let tokenCacheSeconds = 5

    public init(engine: CaseEngine, catalog: FlowCatalog, clock: @escaping @Sendable () -> Instant, limits: APILimits = APILimits(),
                logger: Logger = Logger(label: "shenpi.api"), metricsText: (@Sendable () -> String)? = nil) {
        self.engine = engine
        tokens = TokenStore(database: engine.database)
        outbox = Outbox(database: engine.database)
        self.limits = limits
        self.clock = MonotonicClock(clock)
        committer = GroupCommitter(engine: engine)
        catalogBox = Locked(catalog)
        self.logger = logger
        self.metricsText = metricsText
    }

    deinit { committer.stop() }

    public var catalog: FlowCatalog { catalogBox.value }

    /// Swaps in a reloaded catalog (SIGHUP) after deploying its machines;
    /// running cases stay on the machines they started on. Its calendars
    /// come first: new calendars and new days (next year's holidays) are
    /// taken, a change to a day already covered refuses the whole reload
    /// (`CaseEngine.replaceCalendars`). Calendars taken stay even if a
    /// deployment then fails: they only add days.
    public func replaceCatalog(_ catalog: FlowCatalog) throws -> [Deployment] {
        // Machines first: a deployed machine nobody serves yet is harmless,
        // while calendars swapped under a refused catalog would not be.
        let deployed = try Self.deploy(catalog, engine: engine, at: clock.now())
        try engine.replaceCalendars(catalog.calendars)
        catalogBox.value = catalog
        return deployed
    }

    /// Deploys every machine of the catalog (new versions become new rows).
    public static func deploy(_ catalog: FlowCatalog, engine: CaseEngine, at now: Instant) throws -> [Deployment] {
        try engine.deploy(catalog.flows.keys.sorted().map { catalog.flows[$0]!.machine }, at: now)
    }

    /// Marks the daemon as stopping: `/healthz` answers 503 so balancers stop sending.
    public func setReady(_ value: Bool) { ready.value = value }

    /// Answers one request. Never throws: every failure is a JSON error response.
    public func handle(_ request: APIRequest) async -> APIResponse {
        let started = ContinuousClock.now
        var routeName = "unmatched"
        var who: String?
        let response: APIResponse
        do {
            guard request.body.count <= limits.maxBodyBytes else {
                throw APIError(413, "too-large", "the body is \(request.body.count) bytes; at most \(limits.maxBodyBytes) are accepted")
            }
            let (route, params) = try Routes.match(request.method, request.path)
            routeName = route.pattern
            var context = RequestContext(request: request, params: params, caller: nil)
            if route.authenticated {
                let caller = try authenticate(request)
                who = caller.principal.name
                context.caller = caller
                // A moved store's old file is no longer the record: nothing of it is
                // served — told after the token, so no stranger learns the path.
                if let moved = engine.database.file?.moved { throw moved }
            }
            response = try await route.handler(self, context)
        } catch let error as APIError where error.status >= 500 {
            response = internalError(error, route: routeName)
        } catch let error as CaseEngineError where error.apiError.status >= 500 {
            response = internalError(error.apiError, route: routeName)
        } catch let error as APIError {
            response = error.response
        } catch let error as CaseEngineError {
            response = error.apiError.response
        } catch {
            if let trouble = engine.database.unavailable(error) {
                response = storeUnavailable(trouble, route: routeName)
            } else {
                logger.error("internal error", metadata: ["route": .string(routeName), "error": .string(Masking.mask("\(error)"))])
                response = APIError(500, "internal", "internal error; see the daemon's log").response
            }
        }
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        let dimensions = [("route", routeName), ("method", request.method), ("status", String(response.status))]
        Counter(label: "shenpi_http_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "shenpi_http_request_duration_seconds", dimensions: [("route", routeName)]).recordNanoseconds(nanoseconds)
        // Built only when it is logged: the masking and the dictionary are per request.
        if routeName != "/healthz", routeName != "/metrics", logger.logLevel <= .info {
            var metadata: Logger.Metadata = [
                "method": .string(request.method), "path": .string(Masking.loggablePath(request.path)), "status": .stringConvertible(response.status),
                "ms": .stringConvertible(Double(nanoseconds / 1000) / 1000),
            ]
            if let who { metadata["user"] = .string(who) }
            logger.info("request", metadata: metadata)
        }
        return response
    }

    /// Logged whole; answered as `internal`, except a damaged case, which
    /// says which case and what to run.
    private func internalError(_ error: APIError, route: String) -> APIResponse {
        logger.error("internal error", metadata: ["route": .string(route), "error": .string(Masking.mask(error.message))])
        return error.code == "case-damaged" ? error.response : APIError(500, "internal", "internal error; see the daemon's log").response
    }

    /// 503: the store refused the write for a reason of its own; nothing was
    /// written. A moved file was logged once, when found (by the daemon).
    private func storeUnavailable(_ trouble: StoreUnavailable, route: String) -> APIResponse {
        switch trouble {
        case .moved(let moved):
            return APIError(503, "store-moved", moved.description).response
        case .busy:
            logger.error("the database is locked by another process", metadata: [
                "route": .string(route), "file": .string(trouble.path), "error": .string(Masking.mask(trouble.description)),
            ])
            var busy = APIError(503, "store-busy", "the database is locked by another process; nothing was written: retry")
            // The lock was held past the store's own 5 s wait: a retry a second later is the hall's best guess.
            busy.headers["retry-after"] = "1"
            return busy.response
        }
    }

    func authenticate(_ request: APIRequest) throws -> Caller {
        guard let header = request.header("authorization") else { throw APIError(401, "unauthenticated", "missing Authorization: Bearer <token>") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(401, "unauthenticated", "the Authorization header must be: Bearer <token>")
        }
        let secret = String(parts[1].trimmingBlanks())
        let now = ContinuousClock.now
        let (hit, generation) = tokenCache.mutate { ($0.entries[secret], $0.generation) }
        if let hit, hit.until > now {
            return Caller(principal: hit.principal, roleDepartments: catalog.roleDepartments)
        }
        guard let principal = try tokens.authenticate(secret) else {
            throw APIError(401, "unauthenticated", "unknown or revoked token")
        }
        tokenCache.mutate { cache in
            // A revocation since the read above: do not cache what may be stale.
            guard cache.generation == generation else { return }
            if cache.entries.count > 10_000 { cache.entries.removeAll() }
            cache.entries[secret] = (principal, now + .seconds(Self.tokenCacheSeconds))
        }
        return Caller(principal: principal, roleDepartments: catalog.roleDepartments)
    }
}

/// What a handler gets: the request, the path parameters, the caller.
struct RequestContext: Sendable {
    var request: APIRequest
    var params: [String: String]
    var caller: Caller?

    /// The authenticated caller (every route but /healthz, /metrics and the OpenAPI file).
    var user: Caller {
        get throws {
            guard let caller else { throw APIError(401, "unauthenticated", "missing Authorization: Bearer <token>") }
            return caller
        }
    }

    func param(_ name: String) -> String { params[name] ?? "" }
}

/// A value behind a lock: the catalog (swapped on reload), flags.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func mutate<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&stored) } }
}

/// The wall clock made monotonic: a step back of the system clock (NTP)
/// must not date a command before the one acknowledged just before it.
final class MonotonicClock: Sendable {
    private let source: @Sendable () -> Instant
    private let last = Locked(Instant(secondsSinceEpoch: 0))

    init(_ source: @escaping @Sendable () -> Instant) { self.source = source }

    func now() -> Instant {
        let t = source()
        return last.mutate { last in
            last = max(last, t)
            return last
        }
    }
}

/// Authenticated tokens by secret, and a generation bumped by every revocation.
struct TokenCache: Sendable {
    var entries: [String: (principal: Principal, until: ContinuousClock.Instant)] = [:]
    var generation = 0
}
