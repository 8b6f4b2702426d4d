import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 load client for `shenpi bench serve`: POSIX sockets to a
/// loopback port, keep-alive, one OS thread per connection, one request in
/// flight per connection.

/// Monotonic nanoseconds (CLOCK_MONOTONIC, the clock `sleepUntil` sleeps on).
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Sleeps until a monotonic instant (no-op when it has passed).
func sleepUntil(_ deadline: UInt64) {
    while monotonicNanos() < deadline {
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        #if os(Linux)
        _ = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil)
        #else
        let now = monotonicNanos()
        if deadline > now { usleep(useconds_t(min((deadline - now) / 1000, 1_000_000))) }
        _ = ts
        #endif
    }
}

struct HTTPClientError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The head of an HTTP response: status, where the body starts, its length.
struct HTTPResponseHead: Equatable {
    var status: Int
    var headerBytes: Int
    var contentLength: Int
    var close: Bool
}

enum HTTPResponseParser {
    /// Parses a response head at the start of `bytes`; nil while the head is
    /// incomplete. Needs Content-Length (the daemon always sends it); chunked
    /// bodies are refused.
    static func head(_ bytes: ArraySlice<UInt8>) throws -> HTTPResponseHead? {
        guard bytes.count >= 4 else { return nil }
        var end: Int?
        var i = bytes.startIndex
        while i + 3 < bytes.endIndex {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { end = i; break }
            i += 1
        }
        guard let end else { return nil }
        let text = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]), (100...599).contains(status) else {
            throw HTTPClientError("bad status line: \(lines[0].prefix(80))")
        }
        var length: Int?
        var close = statusParts[0] == "HTTP/1.0"
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length":
                guard let n = Int(value), n >= 0 else { throw HTTPClientError("bad content-length: \(value)") }
                length = n
            case "transfer-encoding" where value.lowercased() != "identity":
                throw HTTPClientError("transfer-encoding \(value) is not supported")
            case "connection":
                close = value.lowercased().contains("close")
            default: break
            }
        }
        // 1xx, 204 and 304 have no body.
        if length == nil, status == 204 || status == 304 || status < 200 { length = 0 }
        guard let length else { throw HTTPClientError("response without content-length") }
        return HTTPResponseHead(status: status, headerBytes: end + 4 - bytes.startIndex, contentLength: length, close: close)
    }

    /// The bytes of a request with a body (or none).
    static func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" {
            text += "content-type: application/json\r\ncontent-length: \(body.count)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8) + body
    }
}

/// One keep-alive connection to 127.0.0.1:port with TCP_NODELAY.
final class HTTPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    private(set) var closed = false

    init(port: Int, timeoutSeconds: Int = 30) throws {
        #if os(Linux)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPClientError("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw HTTPClientError("connect to 127.0.0.1:\(port): errno \(e)")
        }
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) throws {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var sent = 0
        try bytes.withUnsafeBytes { raw in
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, flags)
                guard n > 0 else { throw HTTPClientError("send: errno \(errno)") }
                sent += n
            }
        }
    }

    /// Reads one whole response: its status and body.
    func receive() throws -> (status: Int, body: ArraySlice<UInt8>) {
        while true {
            if let head = try HTTPResponseParser.head(buffer[...]), buffer.count >= head.headerBytes + head.contentLength {
                let total = head.headerBytes + head.contentLength
                let body = buffer[head.headerBytes..<total]
                buffer.removeFirst(total)
                if head.close { closed = true }
                return (head.status, body)
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else {
                closed = true
                throw HTTPClientError(n == 0 ? "connection closed by the server" : "recv: errno \(errno)")
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Sends a request and reads its response.
    func exchange(_ request: [UInt8]) throws -> (status: Int, body: ArraySlice<UInt8>) {
        try write(request)
        return try receive()
    }
}

/// p50 / p90 / p99 / max of latency samples in microseconds, by nearest rank.
struct LatencySummary: Equatable {
    var count: Int
    var p50: UInt64
    var p90: UInt64
    var p99: UInt64
    var max: UInt64

    /// nil for no samples.
    init?(microseconds samples: [UInt64]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func rank(_ q: Double) -> UInt64 {
            let r = Int((q * Double(sorted.count)).rounded(.up))
            return sorted[Swift.min(Swift.max(r, 1), sorted.count) - 1]
        }
        count = sorted.count
        p50 = rank(0.50)
        p90 = rank(0.90)
        p99 = rank(0.99)
        max = sorted[sorted.count - 1]
    }
}
