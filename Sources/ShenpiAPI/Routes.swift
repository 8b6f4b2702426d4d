import Foundation
import ShenpiEngine

/// One endpoint: method, path pattern (`{name}` segments are parameters),
/// whether it needs a token, and its handler.
struct Route: Sendable {
    let method: String
    let pattern: String
    let authenticated: Bool
    let handler: @Sendable (API, RequestContext) async throws -> APIResponse
    /// Split once: every request is matched against every route. A
    /// parameter segment is its name, a literal one `nil` in `parameters`.
    let segments: [Substring]
    let parameters: [String?]

    init(method: String, pattern: String, authenticated: Bool, handler: @escaping @Sendable (API, RequestContext) async throws -> APIResponse) {
        self.method = method
        self.pattern = pattern
        self.authenticated = authenticated
        self.handler = handler
        segments = pattern.split(separator: "/")
        parameters = segments.map { $0.hasPrefix("{") ? String($0.dropFirst().dropLast()) : nil }
    }
}

/// Every endpoint of the API; docs/api/openapi.yaml describes exactly these
/// (a test compares the two).
enum Routes {
    static let all: [Route] = [
        Route(method: "GET", pattern: "/healthz", authenticated: false) { api, _ in api.health() },
        Route(method: "GET", pattern: "/metrics", authenticated: false) { api, _ in api.metrics() },
        Route(method: "GET", pattern: "/v1/openapi.yaml", authenticated: false) { _, _ in
            guard let text = OpenAPIDocument.text else {
                throw APIError(500, "internal", "openapi.yaml is missing: install Shenpi_ShenpiAPI.resources beside the binary")
            }
            return .text(200, text, contentType: "application/yaml; charset=utf-8")
        },
        Route(method: "GET", pattern: "/v1/me", authenticated: true) { api, c in try api.me(c) },
        Route(method: "GET", pattern: "/v1/flows", authenticated: true) { api, c in try api.listFlows(c) },
        Route(method: "GET", pattern: "/v1/flows/{flow}", authenticated: true) { api, c in try api.readFlow(c) },
        Route(method: "GET", pattern: "/v1/flows/{flow}/diagram", authenticated: true) { api, c in try api.flowDiagram(c) },
        Route(method: "GET", pattern: "/v1/flows/{flow}/guide", authenticated: true) { api, c in try api.flowGuide(c) },
        Route(method: "POST", pattern: "/v1/cases", authenticated: true) { api, c in try await api.submit(c) },
        // Reads that can take seconds on a large store (every case's row, a
        // colour filter's clocks, the report's logs) run off the cooperative pool.
        Route(method: "GET", pattern: "/v1/cases", authenticated: true) { api, c in try await longRead { try api.listCases(c) } },
        Route(method: "GET", pattern: "/v1/cases/{case}", authenticated: true) { api, c in try api.readCase(c) },
        Route(method: "POST", pattern: "/v1/cases/{case}/actions", authenticated: true) { api, c in try await api.act(c) },
        Route(method: "POST", pattern: "/v1/cases/{case}/rating", authenticated: true) { api, c in try await api.rate(c) },
        Route(method: "POST", pattern: "/v1/cases/{case}/follow-up", authenticated: true) { api, c in try await api.followUp(c) },
        Route(method: "POST", pattern: "/v1/cases/{case}/callback", authenticated: true) { api, c in try await api.callBack(c) },
        Route(method: "GET", pattern: "/v1/queue", authenticated: true) { api, c in try api.queue(c) },
        Route(method: "GET", pattern: "/v1/report", authenticated: true) { api, c in try await longRead { try api.report(c) } },
        Route(method: "GET", pattern: "/v1/tokens", authenticated: true) { api, c in try api.listTokens(c) },
        Route(method: "POST", pattern: "/v1/tokens", authenticated: true) { api, c in try api.createToken(c) },
        Route(method: "DELETE", pattern: "/v1/tokens/{token}", authenticated: true) { api, c in try api.revokeToken(c) },
    ]

    /// The route for `method` and `path` with its parameters; 404 for an
    /// unknown path, 405 for a known path with another method.
    static func match(_ method: String, _ path: String) throws -> (Route, [String: String]) {
        // Empty segments are kept, so `/v1/me/`, `/v1//me` and `//v1/me` name
        // no endpoint: one resource has one path (an Idempotency-Key's replay
        // compares it).
        let parts = path.hasPrefix("/") ? path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) : []
        var allowed: [String] = []
        for route in all {
            guard let params = bind(route, parts) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                // No id holds a control character: `C1%00zz` named case C1 (SQLite
                // reads a bound text up to its NUL), so it names nothing.
                // A route has one parameter at most: no order to keep, nothing to sort per request.
                for (name, value) in params where value.unicodeScalars.contains(where: FieldHygiene.isControl) {
                    throw APIError.notFound("no \(name) \"\(Masking.printable(Masking.mask(value)))\": an id holds no control character")
                }
                return (route, params)
            }
            allowed.append(route.method)
            if route.method == "GET" { allowed.append("HEAD") }
        }
        if !allowed.isEmpty {
            var error = APIError(405, "method-not-allowed", "\(method) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))")
            error.headers["allow"] = allowed.joined(separator: ", ")
            throw error
        }
        throw APIError.notFound("no endpoint \(path)")
    }

    private static func bind(_ route: Route, _ parts: [Substring]) -> [String: String]? {
        guard route.segments.count == parts.count else { return nil }
        // Literals first, with nothing allocated: most routes fail here.
        for i in parts.indices where route.parameters[i] == nil && route.segments[i] != parts[i] { return nil }
        var params: [String: String] = [:]
        for i in parts.indices {
            guard let name = route.parameters[i] else { continue }
            let s = parts[i]
            // Foundation's decoding goes through NSString: only when there is something to decode.
            guard let value = s.contains("%") ? String(s).removingPercentEncoding : String(s), !value.isEmpty else { return nil }
            params[name] = value
        }
        return params
    }
}

extension API {
    /// Every (method, path pattern) the API answers: for the OpenAPI check and docs.
    public static var endpoints: [(method: String, path: String)] { Routes.all.map { ($0.method, $0.pattern) } }
}
