import HTTPTypes
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import ShenpiAPI

/// Words the 400 Hummingbird sends when NIO's parser refuses a request
/// (a lower-case method, a bad header byte, a broken chunk): that answer has
/// an empty body, where every other error of the API is JSON saying what was
/// wrong. The handler sits between the codec and Hummingbird, sees the
/// parser's error go by, and fills in the one answer that follows it. It
/// touches no other response.
final class BadRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var parserError: HTTPParserError?
    private let logger = Logger(label: "shenpi.api")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parserError = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let error = parserError, case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest,
              head.headerFields[.contentLength] == "0"
        else { return context.write(data, promise: promise) }
        parserError = nil
        let message = Self.message(for: error)
        let answer = APIResponse.badRequest(message)
        Self.record(answer, method: "", error: message, logger: logger)
        head.headerFields[.contentLength] = String(answer.body.count)
        head.headerFields[.contentType] = answer.headers["content-type"] ?? "application/json"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: answer.body))), promise: promise)
    }

    /// Counts and logs an answer given before any route was matched, as the
    /// API counts and logs the answers it gives (route `unrouted`).
    static func record(_ answer: APIResponse, method: String, error: String, logger: Logger) {
        Counter(label: "shenpi_http_requests_total", dimensions: [("route", "unrouted"), ("method", method), ("status", String(answer.status))]).increment()
        var metadata: Logger.Metadata = ["status": .stringConvertible(answer.status), "error": .string(error)]
        if !method.isEmpty { metadata["method"] = .string(method) }
        logger.info("request", metadata: metadata)
    }

    /// What the client got wrong, in the API's words.
    static func message(for error: HTTPParserError) -> String {
        let what: String
        switch error {
        case .invalidMethod: what = "the method is not one HTTP knows (methods are upper-case, such as GET or POST)"
        case .invalidHeaderToken, .invalidCharactersUsed: what = "a header has a character HTTP does not allow in it"
        case .invalidContentLength, .unexpectedContentLength: what = "Content-Length is not a single number of bytes"
        case .invalidChunkSize: what = "a chunk of the body has a bad size line"
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
            what = "the request target is not a valid path"
        case .invalidVersion: what = "the HTTP version is not HTTP/1.0 or HTTP/1.1"
        case .headerOverflow: what = "the headers are too large"
        case .lfExpected, .invalidConstant, .strictModeAssertion: what = "a line does not end as HTTP/1.1 writes it (CR LF)"
        // NIO folds llhttp's transfer-encoding and CR errors into `unknown`.
        case .unknown: what = "its framing is not allowed (a Transfer-Encoding that does not end in chunked, Content-Length beside Transfer-Encoding, or a CR out of place)"
        default: what = "\(error)"
        }
        return "the request is not valid HTTP/1.1: \(what); the connection is closed"
    }
}
