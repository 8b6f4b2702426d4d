import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShenpiTestSupport
import XCTest

/// A real `shenpi serve` process on a loopback port: the built executable
/// beside this test bundle, its own database and notification file.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// The administrator token, when this start created it.
    let adminToken: String?
    private let stdout = Pipe()
    private let stderr = Pipe()
    let stderrFile: String

    static var binary: URL {
        get throws {
            guard let url = BuiltShenpi.url else { throw XCTSkip("no shenpi executable beside the tests") }
            return url
        }
    }

    /// Starts the daemon and waits until it listens (or exits). `launcher`:
    /// a command that runs it (`prlimit …`), the daemon's path and arguments
    /// appended; it must `exec` it, so that signals reach the daemon.
    init(directory: String, workflows: String = TestSupport.path("workflows"), extra: [String] = [], launcher: [String] = []) throws {
        let binary = try Self.binary
        process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? binary
        let arguments = ["serve", "--db", directory + "/shenpi.db", "--workflows", workflows, "--listen", "127.0.0.1:0",
                         "--notifications-file", directory + "/notifications.jsonl", "--log-format", "json",
                         // A covered, fixed day: the tests must not depend on today's date or its calendar data.
                         "--clock-start", "2025-10-09T10:00"] + extra
        process.arguments = launcher.isEmpty ? arguments : launcher.dropFirst() + [binary.path] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        stderrFile = directory + "/stderr-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrFile))
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("listening on"), Date() < deadline, process.isRunning {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        while !text.hasSuffix("\n"), process.isRunning, Date() < deadline {
            text += String(decoding: stdout.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.contains("listening on") }),
            let port = Int(line.split(separator: ":").last ?? "")
        else {
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
            throw DaemonStartError(status: process.terminationStatus, stdout: text, stderr: log)
        }
        self.port = port
        adminToken = text.split(separator: "\n").first { $0.hasPrefix("shp_") }.map(String.init)
    }

    var log: String { (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? "" }

    func kill(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }

    /// Waits for the process to end; its exit status (the signal number for a
    /// process a signal ended, as `Process` says it).
    func wait(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = ended() { return status }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return ended()
    }

    private let reapLock = NSLock()
    private var reaped: Int32?

    /// Whether the process has ended, reaping it here when Foundation has not:
    /// under load its SIGCHLD watcher was seen to miss an exit, leaving a
    /// zombie that `isRunning` calls running for ever (and `waitUntilExit`
    /// spinning in `deinit`).
    private func ended() -> Int32? {
        reapLock.withLock {
            if let reaped { return reaped }
            if !process.isRunning {
                reaped = process.terminationStatus
                return reaped
            }
            var status: Int32 = 0
            guard waitpid(process.processIdentifier, &status, WNOHANG) == process.processIdentifier else { return nil }
            reaped = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
            return reaped
        }
    }

    struct Answer {
        var status: Int
        var body: Data
        var headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    func call(_ method: String, _ path: String, token: String?, body: String? = nil, headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 30)
        request.httpMethod = method
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
        return Answer(status: http.statusCode, body: data, headers: h)
    }

    /// Sends `bytes` as they are (no HTTP client would send them) and reads
    /// until the daemon closes the connection, or 10 s pass.
    func raw(_ bytes: [UInt8]) throws -> String {
        try rawExchange(bytes).answer
    }

    /// As `raw`, and whether the daemon closed the connection (rather than
    /// the 10 s wait running out).
    func rawExchange(_ bytes: [UInt8]) throws -> (answer: String, closed: Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else { throw POSIXError(.EIO) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var n = 0
        repeat {
            n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { answer += buffer[..<n] }
        } while n > 0
        return (String(decoding: answer, as: UTF8.self), n == 0)
    }

    deinit {
        if ended() == nil {
            process.terminate()
            if wait() == nil { kill(SIGKILL); _ = wait() }
        }
    }
}

struct DaemonStartError: Error, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "daemon exited \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// `shenpi <arguments>` run to completion.
func runShenpi(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    guard let r = try BuiltShenpi.run(arguments) else { throw XCTSkip("no shenpi executable beside the tests") }
    return (r.status, r.stdout, r.stderr)
}

extension XCTestCase {
    /// A fresh folder, removed when the test ends (daemons, stores and backups
    /// left in it ran to thousands of folders in /tmp over a day's test runs).
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "shenpi-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A store in `dir` with one bus-card case, BC-1, and its daemon stopped
    /// cleanly: the administrator's token and the daemon's log.
    func storeWithOneCase(_ dir: String) async throws -> (admin: String, log: String) {
        let daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken)
        let submitted = try await daemon.call("POST", "/v1/cases", token: admin, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(submitted.status, 201)
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0)
        return (admin, daemon.log)
    }
}

enum Bodies {
    static func busCard(_ id: String) -> String {
        """
        {"flow":"senior-bus-card","id":"\(id)","fields":{"applicant-name":"张三","id-number":"11010519491231002X",\
        "phone":"13812345678","hukou":"local","by-agent":false},"materials":["id-card"]}
        """
    }

    static func decide(_ step: String, _ decision: String) -> String { #"{"type":"decide","step":"\#(step)","decision":"\#(decision)"}"# }
}
