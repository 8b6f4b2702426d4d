import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request ready to send, with the case it creates or acts on.
struct LoadRequest: Sendable {
    var bytes: [UInt8]
    var caseID: String?
}

/// What a phase sends. `next(connection, sequence)` builds the next request
/// (nil: nothing left to send, and that connection stops); `answered` hears
/// every answer's status (0: no answer, the connection failed).
struct Workload: Sendable {
    var scenario: String
    var next: @Sendable (Int, Int) -> LoadRequest?
    var answered: @Sendable (LoadRequest, Int) -> Void = { _, _ in }
}

/// The figures of one phase. Latencies are of 2xx answers only; `rps`
/// counts 2xx answers per second of the phase.
struct PhaseResult {
    var scenario: String
    var targetRPS: Double?
    var connections: Int
    var seconds: Double
    var elapsed: Double
    var sent = 0
    var ok = 0
    var errors = 0
    var exhausted = false
    var latency: LatencySummary?
    /// CPU time over the phase in cores (1.0 = one core busy all along).
    var serverCores: Double?
    var clientCores: Double?
    /// Idle (and I/O wait) time of the whole machine over the phase, in cores.
    var idleCores: Double?

    var rps: Double { elapsed > 0 ? Double(ok) / elapsed : 0 }

    /// The daemon's CPU time per answered request, in microseconds.
    var serverMicrosecondsPerRequest: Double? {
        guard let cores = serverCores, rps > 0 else { return nil }
        return cores / rps * 1e6
    }
}

/// The first failure of each scenario goes to stderr, the rest are counted.
final class FirstErrorReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<String> = []

    func report(_ scenario: String, _ message: String) {
        let first = lock.withLock { seen.insert(scenario).inserted }
        if first {
            FileHandle.standardError.write(Data("shenpi bench serve: \(scenario): first error: \(message.prefix(2000))\n".utf8))
        }
    }
}

/// One connection's thread and its tallies (read only after it has finished).
private final class LoadWorker: @unchecked Sendable {
    let index: Int
    var sent = 0, ok = 0, errors = 0
    var exhausted = false
    var latencies: [UInt64] = []
    var finished: UInt64 = 0

    init(index: Int) { self.index = index }

    /// Closed loop (`interval` nil): the next request as soon as the answer is
    /// in. Open loop: request k of this connection is due at
    /// start + offset + k·interval, and its latency runs from that due time,
    /// so a slow answer that delays the following sends counts against them
    /// too (no coordinated omission).
    func run(_ w: Workload, port: Int, start: UInt64, end: UInt64, interval: Double?, offset: Double, errors reporter: FirstErrorReporter) {
        var connection = try? HTTPConnection(port: port)
        sleepUntil(start)
        var sequence = 0
        while true {
            let due: UInt64
            if let interval {
                due = start + UInt64(offset + Double(sequence) * interval)
                if due >= end { break }
                sleepUntil(due)
            } else {
                due = monotonicNanos()
                if due >= end { break }
            }
            guard let request = w.next(index, sequence) else {
                exhausted = true
                break
            }
            sequence += 1
            sent += 1
            var status = 0
            do {
                if connection == nil || connection!.closed { connection = try HTTPConnection(port: port) }
                let answer = try connection!.exchange(request.bytes)
                status = answer.status
                let done = monotonicNanos()
                if (200..<300).contains(status) {
                    ok += 1
                    latencies.append((done - due) / 1000)
                } else {
                    errors += 1
                    reporter.report(w.scenario, "HTTP \(status) \(String(decoding: answer.body, as: UTF8.self))")
                }
            } catch {
                errors += 1
                connection = nil
                reporter.report(w.scenario, "\(error)")
                usleep(10_000)  // do not spin on a refused connection
            }
            w.answered(request, status)
        }
        finished = monotonicNanos()
    }
}

enum LoadRunner {
    /// Runs `workload` over `connections` connections for `seconds`: closed
    /// loop when `rate` is nil (saturation), else open loop at `rate`
    /// requests a second spread evenly over the connections.
    static func run(_ workload: Workload, port: Int, connections: Int, seconds: Double, rate: Double?,
                    serverPID: Int32?, errors reporter: FirstErrorReporter) -> PhaseResult {
        let workers = (0..<connections).map(LoadWorker.init)
        let start = monotonicNanos() + 100_000_000  // time for every thread to connect
        let end = start + UInt64(seconds * 1e9)
        let interval = rate.map { Double(connections) * 1e9 / $0 }
        let serverCPU0 = serverPID.flatMap(processCPUSeconds)
        let clientCPU0 = ownCPUSeconds()
        let idle0 = machineIdleSeconds()
        let group = DispatchGroup()
        for worker in workers {
            group.enter()
            let offset = rate.map { Double(worker.index) * 1e9 / $0 } ?? 0
            let thread = Thread {
                worker.run(workload, port: port, start: start, end: end, interval: interval, offset: offset, errors: reporter)
                group.leave()
            }
            thread.name = "load-\(worker.index)"
            thread.start()
        }
        group.wait()
        let finished = workers.map(\.finished).max() ?? end
        let elapsed = Double(max(finished, start) - start) / 1e9
        var result = PhaseResult(scenario: workload.scenario, targetRPS: rate, connections: connections, seconds: seconds, elapsed: elapsed)
        var samples: [UInt64] = []
        for w in workers {
            result.sent += w.sent
            result.ok += w.ok
            result.errors += w.errors
            result.exhausted = result.exhausted || w.exhausted
            samples += w.latencies
        }
        result.latency = LatencySummary(microseconds: samples)
        let wall = Double(finished - (start - 100_000_000)) / 1e9
        if let pid = serverPID, let a = serverCPU0, let b = processCPUSeconds(pid) { result.serverCores = (b - a) / wall }
        result.clientCores = (ownCPUSeconds() - clientCPU0) / wall
        if let a = idle0, let b = machineIdleSeconds() { result.idleCores = (b - a) / wall }
        return result
    }

    /// User + system CPU seconds of a process (Linux /proc; nil elsewhere).
    static func processCPUSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let paren = text.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)": state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: paren)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Idle + iowait seconds of all CPUs since boot (Linux /proc/stat; nil elsewhere).
    static func machineIdleSeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = text.split(separator: "\n").first else { return nil }
        // cpu  user nice system idle iowait irq softirq steal …
        let fields = line.split(separator: " ")
        guard fields.count > 5, fields[0] == "cpu", let idle = Double(fields[4]), let wait = Double(fields[5]) else { return nil }
        return (idle + wait) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}
