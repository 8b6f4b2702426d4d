import ArgumentParser
import Foundation
import ShenpiBench
import ShenpiMachine
import ShenpiRules

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print machine-readable results (see docs/performance.md).",
        subcommands: [BenchGenerate.self, BenchLint.self, BenchCompile.self, BenchEngine.self, BenchServe.self]
    )
}

struct CatalogOptions: ParsableArguments {
    @Option(help: "Number of flows.") var flows: Int = 300
    @Option(help: "Number of departments.") var departments: Int = 40
    @Option(help: "Generator seed.") var seed: UInt64 = 2025

    func validate() throws {
        // A center has hundreds of items; a bound keeps a typo from filling the disk.
        guard (1...100_000).contains(flows), (1...10_000).contains(departments) else {
            throw ValidationError("--flows must be 1–100000 and --departments 1–10000")
        }
    }

    var generator: CatalogGenerator { CatalogGenerator(flows: flows, departments: departments, seed: seed) }
}

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Write a synthetic catalog to a folder.")
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "Folder to write into.") var directory: String

    func run() throws {
        let files = try catalog.generator.write(to: directory)
        print("wrote \(files.count) flows and registry.yaml to \(directory)")
    }
}

struct BenchLint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Generate a catalog, lint it repeatedly, print JSON timings.")
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "Timed runs (after one warm-up).") var iterations: Int = 10

    func run() throws {
        guard (1...10_000).contains(iterations) else { throw ValidationError("--iterations must be 1–10000") }
        let dir = NSTemporaryDirectory() + "shenpi-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try catalog.generator.write(to: dir)
        let linter = Linter(calendars: try CalendarSupport.bundled(), workingDirectory: dir)
        let warm = try linter.lint(paths: [dir])
        var times: [Double] = []
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try linter.lint(paths: [dir])
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let median = times[times.count / 2]
        let report: [String: Any] = [
            "benchmark": "lint-catalog", "flows": catalog.flows, "departments": catalog.departments,
            "files": warm.filesChecked, "errors": warm.errorCount, "warnings": warm.warningCount,
            "iterations": iterations, "best_seconds": times[0], "median_seconds": median,
            "files_per_second": Double(warm.filesChecked) / median,
            "peak_rss_bytes": usage.ru_maxrss * 1024,
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

struct BenchCompile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile and analyse the generated catalog and a wide parallel flow; print JSON timings."
    )
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "Timed runs.") var iterations: Int = 20
    @Option(help: "Branches of the stress flow.") var branches: Int = 12
    @Option(help: "Steps per branch of the stress flow.") var steps: Int = 5

    func run() throws {
        guard (1...10_000).contains(iterations), (1...10_000).contains(branches), (1...10_000).contains(steps) else {
            throw ValidationError("--iterations, --branches and --steps must be 1–10000")
        }
        let dir = NSTemporaryDirectory() + "shenpi-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try catalog.generator.write(to: dir)
        try StressFlow.yaml(branches: branches, steps: steps).write(toFile: dir + "/stress.yaml", atomically: true, encoding: .utf8)
        let linter = Linter(calendars: try CalendarSupport.bundled(), workingDirectory: dir)
        let checked = try linter.lint(paths: [dir]).flows
        guard let stress = checked.first(where: { $0.flow.id?.value == "parallel-stress" }) else {
            throw ValidationError("the stress flow did not decode")
        }
        func time(_ flows: [CheckedFlow], _ work: (CheckedFlow) -> Int) -> (median: Double, checksum: Int) {
            var times: [Double] = []
            var sum = 0
            for _ in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                for f in flows { sum &+= work(f) }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return (times.sorted()[times.count / 2], sum)
        }
        let compileAndCheck: (CheckedFlow) -> Int = { f in
            guard let c = MachineCompiler.compile(f.flow, index: FlowIndex(f.flow)) else { return -1 }
            return Soundness(c.machine).findings.count
        }
        let allRules: (CheckedFlow) -> Int = { f in
            let context = RuleContext(flow: f.flow, catalog: f.catalog, calendars: f.calendars)
            return RuleCatalog.rules.reduce(0) { $0 + $1.check(context).count }
        }
        let catalogFlows = checked.filter { $0.flow.id?.value != "parallel-stress" }
        let a = time(catalogFlows, compileAndCheck)
        let b = time(catalogFlows, allRules)
        let c = time([stress], compileAndCheck)
        let d = time([stress], allRules)
        let report: [String: Any] = [
            "benchmark": "compile-analyse", "flows": catalogFlows.count, "iterations": iterations,
            "catalog_compile_soundness_seconds": a.median, "catalog_all_rules_seconds": b.median,
            "stress_branches": branches, "stress_steps_per_branch": steps,
            "stress_compile_soundness_seconds": c.median, "stress_all_rules_seconds": d.median,
            "findings_checksum": a.checksum &+ c.checksum,
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
