import ArgumentParser
import Foundation

/// `shenpi serve` started by `shenpi bench serve` as a child process of the
/// same executable, on a loopback port it picks itself.
final class ChildDaemon {
    let process = Process()
    let port: Int
    let adminToken: String
    private let stdout = Pipe()

    private let signals: StopOnSignals?

    init(directory: String, workflows: String, durability: String, signals: StopOnSignals? = nil) throws {
        self.signals = signals
        process.executableURL = Self.ownExecutable
        process.arguments = [
            "serve", "--db", directory + "/bench.db", "--workflows", workflows, "--listen", "127.0.0.1:0",
            "--notifications-file", directory + "/n.jsonl", "--log-level", "error", "--durability", durability,
            // A fixed working day inside the calendar data: figures must not depend on today's date.
            "--clock-start", "2025-10-09T10:00",
        ]
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        if let signals { try signals.launch(process) } else { try process.run() }
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !(text.contains("listening on") && text.hasSuffix("\n")), Date() < deadline, process.isRunning {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        guard let listening = lines.first(where: { $0.contains("listening on") }),
            let port = Int(listening.split(separator: ":").last ?? "")
        else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw ValidationError("the daemon did not start (exit \(process.terminationStatus)); its output: \(text)")
        }
        guard let token = lines.first(where: { $0.hasPrefix("shp_") }) else {
            process.terminate()
            process.waitUntilExit()
            throw ValidationError("the daemon printed no administrator token (is \(directory)/bench.db new?)")
        }
        self.port = port
        adminToken = String(token)
    }

    var pid: Int32 { process.processIdentifier }

    /// SIGTERM, then waits; the exit status.
    @discardableResult
    func stop() -> Int32 {
        signals?.forget()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// This executable: /proc/self/exe's target on Linux, else argv[0].
    static var ownExecutable: URL {
        if let url = Bundle.main.executableURL, FileManager.default.isExecutableFile(atPath: url.path) { return url }
        let arg0 = CommandLine.arguments[0]
        if arg0.contains("/") { return URL(fileURLWithPath: arg0).standardizedFileURL }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(arg0)"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        return URL(fileURLWithPath: arg0)
    }

    /// The daemon's unlabelled counters and gauges (`GET /metrics`), by name.
    func metrics() -> [String: Double] {
        guard let connection = try? HTTPConnection(port: port),
            let answer = try? connection.exchange(HTTPResponseParser.request("GET", "/metrics", headers: [], body: []))
        else { return [:] }
        var values: [String: Double] = [:]
        for line in String(decoding: answer.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let v = Double(parts[1]) { values[String(parts[0])] = v }
        }
        return values
    }

    /// One request on a fresh connection (setup calls); status and JSON object.
    func call(_ method: String, _ path: String, token: String?, body: String) throws -> (Int, [String: Any]) {
        let connection = try HTTPConnection(port: port)
        var headers: [(String, String)] = []
        if let token { headers.append(("authorization", "Bearer " + token)) }
        let answer = try connection.exchange(HTTPResponseParser.request(method, path, headers: headers, body: Array(body.utf8)))
        let json = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
        return (answer.status, json)
    }
}

/// One JSON object on one line, keys in the order given.
struct JSONLine {
    private var parts: [String] = []

    mutating func add(_ key: String, _ value: Any?) {
        parts.append("\"\(key)\":" + Self.encode(value))
    }

    /// A number rounded to `digits` decimals (null when absent or not finite).
    mutating func add(_ key: String, _ value: Double?, digits: Int) {
        guard let value, value.isFinite else { return add(key, nil) }
        parts.append("\"\(key)\":" + String(format: "%.\(digits)f", value))
    }

    mutating func add(_ key: String, object: JSONLine) { parts.append("\"\(key)\":" + object.text) }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    /// This object's keys, then `other`'s.
    func merged(_ other: JSONLine) -> JSONLine {
        var out = self
        out.parts += other.parts
        return out
    }

    private static func encode(_ value: Any?) -> String {
        switch value {
        case nil: return "null"
        case let b as Bool: return b ? "true" : "false"
        case let i as Int: return String(i)
        case let d as Double: return d.isFinite ? String(d) : "null"
        case let s as String:
            let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        default: return "null"
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP to the bench (a `timeout`, a closed
/// terminal), stops the daemon once there is one and runs `cleanup` before
/// exiting: an interrupted bench leaves no daemon running and no folder
/// behind. Installed before the daemon starts, so no signal falls between.
final class StopOnSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var child: Int32 = 0
    private var sources: [any DispatchSourceSignal] = []

    init(cleanup: @escaping @Sendable () -> Void) {
        let registered = DispatchGroup()
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Ignored only until the source's own handler is in place: a child
            // spawned while a signal is ignored would inherit that.
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                // Waits out a launch in progress, so a daemon being spawned is known.
                let pid = lock.withLock { () -> Int32 in
                    defer { child = 0 }
                    return child
                }
                if pid > 0 {
                    kill(pid, SIGTERM)
                    var status: Int32 = 0
                    waitpid(pid, &status, 0)
                }
                cleanup()
                _exit(128 + sig)
            }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            sources.append(source)
        }
        registered.wait()
    }

    /// Starts the daemon with the signals held off until its pid is known.
    func launch(_ process: Process) throws {
        try lock.withLock {
            try process.run()
            child = process.processIdentifier
        }
    }

    /// The daemon is being stopped (or is gone): a late signal must not kill a reused pid.
    func forget() { lock.withLock { child = 0 } }
}
