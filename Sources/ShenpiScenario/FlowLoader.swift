import Foundation
import ShenpiCalendar
import ShenpiMachine
import ShenpiRules

/// A flow compiled for a scenario, with the calendar its machine names.
public struct LoadedFlow: Sendable {
    public var machine: Machine
    public var calendar: WorkingCalendar
}

/// Compiles flow files the way `shenpi lint` checks them (the catalog of the
/// nearest `registry.yaml`, its `calendars/` over the bundled ones), once per
/// file per run.
public struct FlowLoader: Sendable {
    public var workingDirectory: String
    private var cache: [String: Result<LoadedFlow, Reason>] = [:]

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = workingDirectory
    }

    /// The flow at `path` (absolute, or relative to the working directory), or why it cannot run.
    public mutating func load(_ path: String) -> Result<LoadedFlow, Reason> {
        let absolute = FileWalker.normalize(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
        if let hit = cache[absolute] { return hit }
        let result = compile(absolute)
        cache[absolute] = result
        return result
    }

    private func compile(_ path: String) -> Result<LoadedFlow, Reason> {
        guard FileManager.default.fileExists(atPath: path) else { return .failure(Reason("no such flow file")) }
        let result: LintResult
        do {
            let linter = Linter(calendars: try Self.bundled.get(), workingDirectory: workingDirectory)
            result = try linter.lint(paths: [path])
        } catch {
            return .failure(Reason("\(error)"))
        }
        guard let checked = result.flows.first else {
            let first = result.diagnostics.first.map { ": " + $0.canonicalLine } ?? ""
            return .failure(Reason("not a workflow file\(first)"))
        }
        let errors = checked.diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            return .failure(Reason("the flow has \(errors.count) lint error\(errors.count == 1 ? "" : "s"), first: \(first.canonicalLine)"))
        }
        guard let machine = MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine else {
            return .failure(Reason("the flow does not compile"))
        }
        do {
            return .success(LoadedFlow(machine: machine, calendar: try Self.calendars(near: path).calendar(machine.calendar)))
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
                return try CalendarRegistry.loading(directory: folder, over: try bundled.get())
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
