import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ShenpiAPI

/// Hummingbird in front of `API.handle`: collects the body (refusing one
/// over the limit with 413 before reading it all), converts the request,
/// and writes the answer. Everything else is the API's business.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let api: API
    let logger = Logger(label: "shenpi.api")

    func respond(to request: Request, context: Context) async throws -> Response {
        let limit = api.limits.maxBodyBytes
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        let method = request.method.rawValue
        if let length = headers["content-length"].flatMap(Int.init), length > limit {
            return unrouted(APIResponse.tooLarge(length, limit: limit), method: method)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return unrouted(APIResponse.tooLarge(nil, limit: limit), method: method)
        } catch let error as HTTPParserError {
            // A broken chunked body; the connection is closed after this answer.
            var response = unrouted(APIResponse.badRequest(BadRequestHandler.message(for: error)), method: method)
            response.headers[.connection] = "close"
            return response
        } catch {
            return unrouted(APIResponse.badRequest("the request body could not be read (\(type(of: error)))"), method: method)
        }
        let target = request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
        let apiRequest = APIRequest(method: request.method.rawValue, target: target, headers: headers,
                                    body: Data(body.readableBytesView), peer: nil)
        let answer = await api.handle(apiRequest)
        if request.method == .head {
            // The GET's headers, its length included, without its body (RFC 9110 §9.3.2).
            var response = Self.response(answer)
            response.body = ResponseBody()  // sets Content-Length: 0, so the length comes after
            response.headers[.contentLength] = String(answer.body.count)
            return response
        }
        return Self.response(answer)
    }

    /// An answer given before the API saw the request, counted and logged as the API's are.
    private func unrouted(_ answer: APIResponse, method: String) -> Response {
        let message = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: [String: Any]])?["error"]?["message"] as? String
        BadRequestHandler.record(answer, method: method, error: message ?? "", logger: logger)
        return Self.response(answer)
    }

    static func response(_ answer: APIResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            // HTTPTypes' field type, reached through the HTTPFields Hummingbird exports.
            if let n = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: n, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
