import Foundation

/// An HTTP request as the API sees it: the server adapter fills it in, tests
/// build it by hand. Header names are lower-case.
public struct APIRequest: Sendable {
    public var method: String
    /// The path without the query, percent-decoded per segment by the router.
    public var path: String
    public var query: [String: String]
    public var headers: [String: String]
    public var body: Data
    /// Where the request came from, for logs.
    public var peer: String?

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: Data = Data(), peer: String? = nil) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
        self.peer = peer
    }

    /// Splits `target` (`/v1/cases?status=active`) into path and query.
    public init(method: String, target: String, headers: [String: String] = [:], body: Data = Data(), peer: String? = nil) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let value = kv.count == 2 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1])) : ""
                query[key] = value
            }
        }
        self.init(method: method, path: String(parts[0]), query: query, headers: headers, body: body, peer: peer)
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// An HTTP response: status, headers and a body (JSON unless said otherwise).
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ status: Int, _ value: some Encodable, headers: [String: String] = [:]) -> APIResponse {
        json(status, encoded: JSONOutput.encode(value), headers: headers)
    }

    /// JSON already encoded; `nil` when it could not be.
    static func json(_ status: Int, encoded: Data?, headers: [String: String] = [:]) -> APIResponse {
        var h = headers
        h["content-type"] = "application/json; charset=utf-8"
        guard let body = encoded else {
            // Not a silent `{}` with a success status: the client hears it failed.
            return APIResponse(status: 500, headers: ["content-type": "application/json; charset=utf-8"],
                               body: Data(#"{"error":{"code":"internal","message":"the answer could not be encoded"}}"#.utf8))
        }
        return APIResponse(status: status, headers: h, body: body)
    }

    static func text(_ status: Int, _ text: String, contentType: String) -> APIResponse {
        APIResponse(status: status, headers: ["content-type": contentType], body: Data(text.utf8))
    }
}

/// The one JSON style of every response: sorted keys, ISO instants as strings.
enum JSONOutput {
    /// `nil` only for a value JSON cannot hold (a non-finite number).
    static func encode(_ value: some Encodable) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(value)
    }
}

extension APIResponse {
    /// 413 for a body over the limit (the server adapter answers it before reading the body).
    /// A request that is not HTTP/1.1 as RFC 9112 writes it (the connection closes after it).
    public static func badRequest(_ message: String) -> APIResponse {
        APIError(400, "bad-request", message).response
    }

    public static func tooLarge(_ length: Int?, limit: Int) -> APIResponse {
        let size = length.map { "is \($0) bytes" } ?? "is too large"
        return APIError(413, "too-large", "the body \(size); at most \(limit) are accepted").response
    }
}
