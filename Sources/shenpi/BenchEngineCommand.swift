import ArgumentParser
import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiRules
import ShenpiStore

/// `shenpi bench engine`: the pure step, then the durable store against the
/// raw SQLite commit rate of the same disk, then group commits.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Run business-registration cases in memory and on disk; print JSON rates.",
        discussion: """
            (a) the pure step function on one thread; (b) one transaction per command at \
            synchronous=FULL beside single-row SQLite inserts at the same durability in the same \
            folder, interleaved every 10 cases; (c) the commands of --batch cases per transaction. See docs/performance.md.
            """
    )
    @Option(help: "The business-registration flow.") var flow = "workflows/market/business-registration.yaml"
    @Option(help: "Local calendars layered on the bundled ones.") var calendars = "workflows/calendars"
    @Option(help: "Cases for the in-memory run.") var memoryCases = 20_000
    @Option(help: "Cases for each durable run; 0 runs only (a), the pure step (for profiling it alone).") var durableCases = 250
    @Option(help: "Cases per transaction in the group-commit run.") var batch = 32
    @Option(help: "Folder for the database files (default: the temporary folder).") var dir: String?
    @Option(help: "Durability of every durable run: full (the target's setting) or normal (no fsync per commit, to see the CPU share).")
    var durability: Durability = .full
    @Flag(help: "Keep the databases (durable.sqlite holds real cases of business-registration, for `shenpi audit verify` and `shenpi report`).")
    var keep = false

    func run() throws {
        guard memoryCases >= 1, durableCases >= 0, batch >= 1 else { throw ValidationError("counts must be at least 1 (durable cases at least 0)") }
        let machine = try compile()
        var registry = try CalendarSupport.bundled()
        if FileManager.default.fileExists(atPath: calendars) {
            do { registry = try CalendarRegistry.loading(directory: calendars, over: registry) } catch { throw ValidationError(error.inFolder(calendars).description) }
        }
        let calendar = try registry.calendar(machine.calendar)
        let script = RegistrationScript(machine: machine)

        let pure = script.runPure(cases: memoryCases, calendar: calendar)
        let pureReport: [String: Any] = [
            "cases": memoryCases, "commands": pure.commands, "seconds": pure.seconds,
            "commands_per_second": pure.rate, "target_commands_per_second": 1_000_000, "target_met": pure.rate > 1_000_000,
        ]
        // The same with every command's events and effects built as values (what the store does
        // before it encodes them), for comparison: no target.
        let withEvents = script.runPure(cases: memoryCases, calendar: calendar, buildingEvents: true)
        let withEventsReport: [String: Any] = ["commands": withEvents.commands, "seconds": withEvents.seconds, "commands_per_second": withEvents.rate]
        guard durableCases > 0 else {
            return try printJSON(["benchmark": "engine", "flow": machine.workflow, "commands_per_case": script.commandsPerCase, "pure": pureReport,
                                  "pure_with_events": withEventsReport])
        }
        let folder = (dir ?? NSTemporaryDirectory()) + "/shenpi-bench-engine-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let (durable, raw, chunkRatios) = try script.runDurableBesideRaw(cases: durableCases, folder: folder, durability: durability, calendars: registry)
        let grouped = try script.runGrouped(cases: durableCases, batch: batch, path: folder + "/grouped.sqlite", durability: durability, calendars: registry)

        let report: [String: Any] = [
            "benchmark": "engine", "flow": machine.workflow, "commands_per_case": script.commandsPerCase,
            "pure": pureReport, "pure_with_events": withEventsReport,
            "durable": ["synchronous": durability.rawValue.uppercased(), "cases": durableCases, "commands": durable.commands, "transactions": durable.transactions,
                        "seconds": durable.seconds, "commands_per_second": durable.rate,
                        "cpu_microseconds_per_command": durable.cpuMicrosecondsPerCommand],
            "raw_sqlite": ["synchronous": durability.rawValue.uppercased(), "inserts": raw.commands, "transactions": raw.transactions,
                           "seconds": raw.seconds, "inserts_per_second": raw.rate,
                           "cpu_microseconds_per_insert": raw.cpuMicrosecondsPerCommand],
            "durable_vs_raw": durable.rate / raw.rate, "durable_target_met": durable.rate >= 0.7 * raw.rate,
            // The disk's speed drifts within a run; the median over the interleaved chunks compares like with like.
            "durable_vs_raw_chunk_median": chunkRatios.sorted()[chunkRatios.count / 2], "chunks": chunkRatios.count,
            "group_commit": ["batch_cases": batch, "commands": grouped.commands, "transactions": grouped.transactions,
                             "seconds": grouped.seconds, "commands_per_second": grouped.rate],
        ]
        try printJSON(report)
        if keep { FileHandle.standardError.write(Data("shenpi bench engine: kept \(folder)/durable.sqlite\n".utf8)) }
    }

    private func printJSON(_ report: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    private func compile() throws -> Machine {
        let checked = try LintedFlow.load(flow, registry: nil)
        guard let machine = MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine else {
            throw ValidationError("\(flow) did not compile")
        }
        guard machine.workflow == "business-registration" else { throw ValidationError("the script drives business-registration, not \(machine.workflow)") }
        return machine
    }
}

/// Commands counted over wall-clock seconds.
struct Rate {
    var commands: Int
    var transactions: Int
    var seconds: Double
    /// CPU time of the measuring thread (user and system): the share of
    /// `seconds` that is not waiting for the disk.
    var cpuSeconds = 0.0
    var rate: Double { Double(commands) / seconds }
    var cpuMicrosecondsPerCommand: Double { cpuSeconds * 1e6 / Double(commands) }
}

/// CPU seconds the calling thread has used so far.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func elapsed(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

extension Durability: ExpressibleByArgument {}
