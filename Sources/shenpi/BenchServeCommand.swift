import ArgumentParser
import Foundation

/// `shenpi bench serve`: a loopback load test of a real `shenpi serve`
/// child process, submit and act beside /healthz, at saturation and at a
/// fixed rate. One JSON object per phase on stdout, then a summary.
struct BenchServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Load-test a loopback `shenpi serve`: /healthz, submit and act; print JSON per phase.",
        discussion: """
            Starts `shenpi serve` on a fresh database in a temporary folder, makes an intake token for the \
            window, then runs, each for --seconds: GET /healthz, POST /v1/cases (senior-bus-card) and \
            POST /v1/cases/{id}/actions (accept, If-Match "1", each on its own new case) at saturation (every \
            connection sends its next request when the answer is in), then the same three open-loop at --rate \
            requests a second (latency counted from each request's scheduled time). Cases for act are made by \
            the submit phases and, when those made too few, by untimed submits in between. Latencies are of \
            2xx answers; anything else is an error. After each act phase it waits until the outbox has \
            delivered every accept's notification to the file. See docs/performance.md.
            """
    )
    @Option(help: "Seconds per phase.") var seconds: Double = 5
    @Option(help: "Connections (one client thread each).") var connections = 16
    @Option(help: "Requests a second in the fixed-rate phases.") var rate: Double = 1000
    @Option(help: "The workflow folder the daemon serves (needs senior-bus-card).") var workflows = "workflows"
    @Option(help: "The daemon's --durability: full or normal.") var durability = "full"
    @Option(help: "Seconds of pause between phases (lets the outbox and timers catch up).") var pause: Double = 1
    @Flag(help: "Keep the temporary folder (database, notifications).") var keep = false

    func run() throws {
        // Bounded before anything starts: a huge --seconds or --rate once trapped converting to integers.
        guard seconds > 0, seconds <= 3600, connections >= 1, connections <= 1024, rate > 0, rate <= 1_000_000,
            pause >= 0, pause <= 3600
        else {
            throw ValidationError("--seconds must be in (0, 3600], --rate in (0, 1000000], --pause in [0, 3600], --connections 1–1024")
        }
        guard ["full", "normal"].contains(durability) else { throw ValidationError("--durability must be full or normal") }
        guard FileManager.default.fileExists(atPath: workflows + "/registry.yaml") else {
            throw ValidationError("no \(workflows)/registry.yaml; run from the repository root or pass --workflows")
        }
        let dir = NSTemporaryDirectory() + "shenpi-bench-serve-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer {
            if keep { note("kept \(dir)") } else { try? FileManager.default.removeItem(atPath: dir) }
        }
        let keep = self.keep
        let signals = StopOnSignals { if !keep { try? FileManager.default.removeItem(atPath: dir) } }
        let daemon = try ChildDaemon(directory: dir, workflows: workflows, durability: durability, signals: signals)
        defer {
            let status = daemon.stop()
            if status != 0 { note("the daemon exited with status \(status)") }
        }
        let (status, created) = try daemon.call("POST", "/v1/tokens", token: daemon.adminToken,
                                                body: #"{"name":"bench","department":"center","roles":["window"],"scopes":["intake"]}"#)
        guard status == 201, let window = created["token"] as? String else { throw ValidationError("POST /v1/tokens answered \(status)") }

        let bench = ServeLoad(port: daemon.port, pid: daemon.pid, token: window, connections: connections, seconds: seconds)
        let rateText = String(Int(rate))
        var acted = 0
        func phase(_ w: Workload, rate r: Double?) -> PhaseResult {
            let before = w.scenario == "healthz" ? [:] : daemon.metrics()
            let result = bench.run(w, rate: r)
            var extra = JSONLine()
            if w.scenario != "healthz" {
                // Requests per group commit over the phase: how many shared each fsync.
                let after = daemon.metrics()
                func delta(_ name: String) -> Double { (after[name] ?? 0) - (before[name] ?? 0) }
                let commits = delta("shenpi_group_commits_total")
                extra.add("mean_batch", commits > 0 ? delta("shenpi_group_commit_commands_total") / commits : nil, digits: 2)
            }
            if w.scenario == "act" {
                // Every accept queues one notification; the outbox delivers them after the answer.
                acted += result.ok
                let (backlog, drain) = Self.drainNotifications(file: dir + "/n.jsonl", expected: acted)
                extra.add("notifications_backlog_at_end", backlog)
                extra.add("notifications_drain_s", drain, digits: 2)
            }
            emit(Self.line(result, durability: durability, extra: extra))
            if result.exhausted { note("\(w.scenario): ran out of cases after \(result.sent) requests (\(String(format: "%.2f", result.elapsed)) s)") }
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            return result
        }
        let healthSat = phase(bench.healthz(), rate: nil)
        let submitSat = phase(bench.submit(tag: "S"), rate: nil)
        bench.prefill(atLeast: 3 * submitSat.ok, note: note)
        let actSat = phase(bench.act(), rate: nil)
        let healthRate = phase(bench.healthz(), rate: rate)
        let submitRate = phase(bench.submit(tag: "R\(rateText)"), rate: rate)
        bench.prefill(atLeast: Int((rate * seconds).rounded(.up)) + connections, note: note)
        let actRate = phase(bench.act(), rate: rate)

        var summary = JSONLine()
        summary.add("summary", true)
        summary.add("durability", durability)
        summary.add("healthz_rps", healthSat.rps, digits: 1)
        summary.add("submit_rps", submitSat.rps, digits: 1)
        summary.add("act_rps", actSat.rps, digits: 1)
        summary.add("submit_vs_healthz", submitSat.rps / healthSat.rps, digits: 3)
        summary.add("act_vs_healthz", actSat.rps / healthSat.rps, digits: 3)
        // The same comparison in the daemon's CPU per request: what the rate
        // ratio tends to once both phases are bound by CPU, whatever the cores.
        if let h = healthSat.serverMicrosecondsPerRequest, let a = actSat.serverMicrosecondsPerRequest, a > 0 {
            summary.add("act_vs_healthz_by_server_cpu", h / a, digits: 3)
        }
        summary.add("rate", Int(rate))
        summary.add("healthz_p99_ms_at_rate", healthRate.latency.map { Double($0.p99) / 1000 }, digits: 3)
        summary.add("submit_p99_ms_at_rate", submitRate.latency.map { Double($0.p99) / 1000 }, digits: 3)
        summary.add("act_rps_at_rate", actRate.rps, digits: 1)
        summary.add("act_p99_ms_at_rate", actRate.latency.map { Double($0.p99) / 1000 }, digits: 3)
        var targets = JSONLine()
        targets.add("act_at_least_a_third_of_healthz", actSat.rps * 3 >= healthSat.rps && actSat.errors == 0)
        let kept = actRate.errors == 0 && !actRate.exhausted && actRate.rps >= 0.98 * rate
        targets.add("act_p99_under_10ms_at_rate", kept && (actRate.latency?.p99 ?? .max) < 10_000)
        summary.add("targets_met", object: targets)
        emit(summary.text)
    }

    /// One line on stdout at once (unbuffered, so a pipe sees each phase as it ends).
    private func emit(_ line: String) {
        StandardOutput.write(line + "\n")
        StandardOutput.flush()
    }

    private func note(_ text: String) { FileHandle.standardError.write(Data("shenpi bench serve: \(text)\n".utf8)) }

    /// Waits (up to two minutes) until the notification file has `expected`
    /// lines: the backlog when called and the seconds it took to clear
    /// (nil: not cleared in time).
    static func drainNotifications(file: String, expected: Int) -> (Int, Double?) {
        func delivered() -> Int { (FileManager.default.contents(atPath: file) ?? Data()).reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
        let start = monotonicNanos()
        let backlog = max(0, expected - delivered())
        while delivered() < expected {
            if monotonicNanos() - start > 120_000_000_000 { return (backlog, nil) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (backlog, Double(monotonicNanos() - start) / 1e9)
    }

    static func line(_ r: PhaseResult, durability: String, extra: JSONLine = JSONLine()) -> String {
        var j = JSONLine()
        j.add("scenario", r.scenario)
        j.add("mode", r.targetRPS == nil ? "saturation" : "fixed-rate")
        if let t = r.targetRPS { j.add("target_rps", Int(t)) }
        j.add("connections", r.connections)
        j.add("seconds", r.elapsed, digits: 3)
        j.add("requests", r.sent)
        j.add("ok", r.ok)
        j.add("errors", r.errors)
        if r.exhausted { j.add("cases_exhausted", true) }
        j.add("rps", r.rps, digits: 1)
        func ms(_ us: UInt64?) -> Double? { us.map { Double($0) / 1000 } }
        j.add("p50_ms", ms(r.latency?.p50), digits: 3)
        j.add("p90_ms", ms(r.latency?.p90), digits: 3)
        j.add("p99_ms", ms(r.latency?.p99), digits: 3)
        j.add("max_ms", ms(r.latency?.max), digits: 3)
        j.add("server_cores", r.serverCores, digits: 2)
        j.add("server_cpu_us_per_request", r.serverMicrosecondsPerRequest, digits: 1)
        j.add("client_cores", r.clientCores, digits: 2)
        j.add("idle_cores", r.idleCores, digits: 2)
        j.add("durability", durability)
        return j.merged(extra).text
    }
}

/// The requests of the three scenarios against one daemon, and the cases
/// that submits have made and acts have not used yet.
final class ServeLoad: @unchecked Sendable {
    let port: Int
    let pid: Int32
    let connections: Int
    let seconds: Double
    private let auth: (String, String)
    private let errors = FirstErrorReporter()
    private let lock = NSLock()
    private var fresh: [String] = []
    private var nextFresh = 0
    private var prefills = 0

    init(port: Int, pid: Int32, token: String, connections: Int, seconds: Double) {
        self.port = port
        self.pid = pid
        auth = ("authorization", "Bearer " + token)
        self.connections = connections
        self.seconds = seconds
    }

    var available: Int { lock.withLock { fresh.count - nextFresh } }

    func run(_ w: Workload, rate: Double?, seconds s: Double? = nil) -> PhaseResult {
        LoadRunner.run(w, port: port, connections: connections, seconds: s ?? seconds, rate: rate, serverPID: pid, errors: errors)
    }

    func healthz() -> Workload {
        let bytes = HTTPResponseParser.request("GET", "/healthz")
        return Workload(scenario: "healthz", next: { _, _ in LoadRequest(bytes: bytes) })
    }

    /// New senior-bus-card cases with ids `tag-connection-sequence`; with
    /// `limit`, at most that many requests in all.
    func submit(tag: String, limit: Int? = nil, scenario: String = "submit") -> Workload {
        let auth = self.auth
        let budget = Countdown(limit ?? .max)
        return Workload(
            scenario: scenario,
            next: { c, s in
                guard budget.take() else { return nil }
                let id = "\(tag)-\(c)-\(s)"
                let body = Self.busCard(id)
                return LoadRequest(bytes: HTTPResponseParser.request("POST", "/v1/cases", headers: [auth], body: Array(body.utf8)), caseID: id)
            },
            answered: { [self] request, status in
                if (200..<300).contains(status), let id = request.caseID { lock.withLock { fresh.append(id) } }
            })
    }

    /// Accepts at the window, each on a case no act has touched (If-Match "1").
    func act() -> Workload {
        let auth = self.auth
        let body = Array(#"{"type":"decide","step":"accept","decision":"accept"}"#.utf8)
        return Workload(scenario: "act", next: { [self] _, _ in
            let id: String? = lock.withLock {
                guard nextFresh < fresh.count else { return nil }
                defer { nextFresh += 1 }
                return fresh[nextFresh]
            }
            guard let id else { return nil }
            return LoadRequest(bytes: HTTPResponseParser.request("POST", "/v1/cases/\(id)/actions", headers: [auth, ("if-match", "\"1\"")], body: body),
                               caseID: id)
        })
    }

    /// Untimed submits at saturation until at least `count` cases wait for an act.
    func prefill(atLeast count: Int, note: (String) -> Void) {
        var rounds = 0
        while available < count, rounds < 5 {
            let missing = count - available
            prefills += 1
            rounds += 1
            let r = run(submit(tag: "P\(prefills)", limit: missing, scenario: "prefill"), rate: nil, seconds: 600)
            note("prefill: \(r.ok) more cases in \(String(format: "%.1f", r.elapsed)) s (\(r.errors) errors); \(available) ready for act")
        }
    }

    static func busCard(_ id: String) -> String {
        """
        {"flow":"senior-bus-card","id":"\(id)","fields":{"applicant-name":"张三","id-number":"11010519491231002X",\
        "phone":"13812345678","hukou":"local","by-agent":false},"materials":["id-card"]}
        """
    }
}

/// A countdown shared by the client threads.
private final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int
    init(_ n: Int) { left = n }

    func take() -> Bool {
        lock.withLock {
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }
}
