#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks, before the daemon touches its database, that it will be able to
/// listen: a host that does not resolve or a port that is taken must not
/// leave behind a new store with the flows deployed in it.
///
/// The probe binds a socket the way NIO's server bootstrap does
/// (`SO_REUSEADDR`, so a port in `TIME_WAIT` passes as it will for NIO) and
/// closes it at once. Another process can still take the port in between;
/// the bind that counts stays the server's, which reports the same way.
enum ListenProbe {
    /// nil when `host:port` can be bound; otherwise the reason, e.g.
    /// `Address already in use` or `unknown host (Name or service not known)`.
    static func problem(host: String, port: Int) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_PASSIVE
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return "unknown host (\(String(cString: gai_strerror(resolved))))"
        }
        defer { freeaddrinfo(list) }
        // NIO binds the first address the resolver gives.
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }
}
