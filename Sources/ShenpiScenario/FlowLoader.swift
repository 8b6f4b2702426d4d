import Foundation
import ShenpiCalendar
import ShenpiMachine
import ShenpiRules

/// A flow compiled for a scenario, with the calendar its machine names and
/// what the store it runs on needs to open its sub-cases.
public struct LoadedFlow: Sendable {
    public var machine: Machine
    public var calendar: WorkingCalendar
    /// The bundled calendars with its catalog's on top: the sub-cases' flows may name others.
    public var calendars: CalendarRegistry
    /// The other flows of its catalog that lint clean and compile, deployed
    /// beside it as `shenpi serve --workflows` would: a call step opens its
    /// sub-case on the called flow's machine.
    public var catalog: [Machine] = []
    /// The roles of its catalog's registry; `nil` without one.
    public var registryRoles: Set<String>?
}

/// Compiles flow files the way `shenpi lint` checks them (the catalog of the
/// nearest `registry.yaml`, its `calendars/` over the bundled ones), once per
/// file per run.
public struct FlowLoader: Sendable {
    public var workingDirectory: String
    private var cache: [String: Result<Compiled, Reason>] = [:]

    /// One flow file compiled, and the files of its catalog by workflow id.
    private struct Compiled: Sendable {
        var flow: LoadedFlow
        var catalogFiles: [String: [String]]
    }

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = workingDirectory
    }

    /// The flow at `path` (absolute, or relative to the working directory)
    /// with its catalog, or why it cannot run. Flows of the catalog that do
    /// not compile are left out, as long as the flow calls none of them:
    /// a call of one could only be refused halfway through the scenario
    /// ("no deployed machine"), far from the reason.
    public mutating func load(_ path: String) -> Result<LoadedFlow, Reason> {
        let file = absolute(path)
        if cache[file] == nil { compile([file]) }
        guard case .success(let compiled) = cache[file]! else { return cache[file]!.map(\.flow) }
        let others = compiled.catalogFiles.values.joined().map { absolute($0) }.filter { $0 != file }.sorted()
        let missing = others.filter { cache[$0] == nil }
        if !missing.isEmpty { compile(missing) }
        var flow = compiled.flow
        flow.catalog = others.compactMap { try? cache[$0]?.get().flow.machine }
        if let broken = brokenCall(flow, compiled.catalogFiles) { return .failure(broken) }
        return .success(flow)
    }

    /// The first call step of `flow`, or of a flow it calls (at any depth),
    /// whose called flow is in the catalog but was left out of it, with the
    /// callee's own reason.
    private func brokenCall(_ flow: LoadedFlow, _ files: [String: [String]]) -> Reason? {
        var seen: Set<String> = [flow.machine.workflow]
        var queue = [flow.machine]
        while !queue.isEmpty {
            let machine = queue.removeFirst()
            for node in machine.nodes {
                guard case .call(let id, _) = node.kind else { continue }
                if let callee = flow.catalog.filter({ $0.workflow == id }).max(by: { $0.version < $1.version }) {
                    if seen.insert(id).inserted { queue.append(callee) }
                    continue
                }
                let reasons = (files[id] ?? []).compactMap { f -> String? in
                    guard case .failure(let why) = cache[absolute(f)] else { return nil }
                    return "\(f): \(why.message)"
                }
                guard !reasons.isEmpty else { continue }
                let whose = machine.workflow == flow.machine.workflow ? "" : " of flow \(machine.workflow)"
                return Reason("step \(node.id)\(whose) calls flow \(id), which cannot be deployed beside it: " + reasons.joined(separator: "; "))
            }
        }
        return nil
    }

    private func absolute(_ path: String) -> String {
        FileWalker.normalize(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
    }

    /// Lints `paths` in one run and caches each file's machine or why it has none.
    private mutating func compile(_ paths: [String]) {
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        for p in paths where !existing.contains(p) { cache[p] = .failure(Reason("no such flow file")) }
        guard !existing.isEmpty else { return }
        let result: LintResult
        do {
            let linter = Linter(calendars: try Self.bundled.get(), workingDirectory: workingDirectory)
            result = try linter.lint(paths: existing)
        } catch {
            for p in existing { cache[p] = .failure(Reason("\(error)")) }
            return
        }
        let checked = Dictionary(result.flows.map { (absolute($0.flow.file), $0) }, uniquingKeysWith: { a, _ in a })
        for p in existing {
            guard let flow = checked[p] else {
                let first = result.diagnostics.first.map { ": " + $0.canonicalLine } ?? ""
                cache[p] = .failure(Reason("not a workflow file\(first)"))
                continue
            }
            let files = flow.catalog.flows.mapValues { $0.map(\.file) }
            cache[p] = Self.compile(flow, path: p).map { Compiled(flow: $0, catalogFiles: files) }
        }
    }

    private static func compile(_ checked: CheckedFlow, path: String) -> Result<LoadedFlow, Reason> {
        let errors = checked.diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            return .failure(Reason("the flow has \(errors.count) lint error\(errors.count == 1 ? "" : "s"), first: \(first.canonicalLine)"))
        }
        guard let machine = MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine else {
            return .failure(Reason("the flow does not compile"))
        }
        do {
            let calendars = try Self.calendars(near: path)
            return .success(LoadedFlow(machine: machine, calendar: try calendars.calendar(machine.calendar), calendars: calendars,
                                       registryRoles: checked.catalog.registry.map { Set($0.roles.map(\.id.value)) }))
        } catch {
            return .failure(Reason("\(error)"))
        }
    }

    /// The bundled calendars with the catalog's `calendars/*.cal` on top
    /// (a broken local calendar is an error, never silently skipped).
    static func calendars(near path: String) throws -> CalendarRegistry {
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty {
            if FileManager.default.fileExists(atPath: dir + "/" + Linter.registryFileName) {
                let folder = dir + "/" + Linter.calendarFolder
                guard FileManager.default.fileExists(atPath: folder) else { return try bundled.get() }
                let standard = try bundled.get()
                do { return try CalendarRegistry.loading(directory: folder, over: standard) } catch { throw error.inFolder(folder) }
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        return try bundled.get()
    }

    /// The bundled calendars, loaded once; unreadable data (a broken
    /// installation) fails the scenario with the reason instead of trapping.
    static let bundled = Result { () throws(CalendarDataError) -> CalendarRegistry in try CalendarRegistry.loadBundled() }
}
