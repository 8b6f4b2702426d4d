import Foundation
import ShenpiCalendar
import ShenpiMachine
import ShenpiRender
import ShenpiRules

/// The flows the daemon serves: a workflow folder linted and compiled the
/// way `shenpi lint` checks it (its `registry.yaml`, its `calendars/` over
/// the bundled calendars). A folder with any lint error is refused whole.
public struct FlowCatalog: Sendable {
    public struct Flow: Sendable {
        public var machine: Machine
        public var checked: CheckedFlow
        public var file: String
        public var guide: GuidePage?
    }

    public var directory: String
    /// By workflow id.
    public var flows: [String: Flow]
    /// Registry role id → department id.
    public var roleDepartments: [String: String]
    public var roleTitles: [String: String]
    public var departments: [String: String]
    /// The registry's `supervision:` thresholds: the report's defaults.
    public var untouchedAfter: TimeLimit?
    public var followUpWithin: TimeLimit?
    public var calendars: CalendarRegistry
    /// Warnings of the lint (errors refuse the catalog).
    public var warnings: Int

    /// Lints, compiles and checks every flow of `directory`.
    public static func load(directory: String) throws(CatalogError) -> FlowCatalog {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noFolder(directory)
        }
        let bundled: CalendarRegistry
        do { bundled = try CalendarRegistry.loadBundled() } catch { throw .bundledCalendars("\(error)") }
        let result: LintResult
        do {
            result = try Linter(calendars: bundled).lint(paths: [directory])
        } catch let e as LintUsageError where e.noFiles {
            // A folder without flows is a wrong --workflows, not a flow to fix.
            throw .empty(directory)
        } catch {
            throw .lint("\(error)")
        }
        // Without its registry every role and department is unchecked, and the
        // lint errors that follow (calendars, called flows) would hide why.
        guard Self.registryAbove(directory) else { throw .noRegistry(directory) }
        if result.errorCount > 0 {
            var errors = result
            errors.diagnostics = result.diagnostics.filter { $0.severity == .error }
            throw .lint(OutputFormat.text.render(errors))
        }
        // After the lint, which reports a broken calendar file with its line
        // (calendar-data); what is left here is what lint cannot see.
        var calendars = bundled
        let local = directory + "/" + Linter.calendarFolder
        if FileManager.default.fileExists(atPath: local) {
            do { calendars = try CalendarRegistry.loading(directory: local, over: bundled) } catch { throw .calendars(error.inFolder(local).description) }
        }
        let site = GuideSite(result: result)
        let guides = Dictionary(site.pages.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var flows: [String: Flow] = [:]
        for checked in result.flows {
            guard let id = checked.flow.id?.value else { continue }
            guard let compiled = MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow)) else {
                throw .lint("\(checked.flow.file): passed lint but did not compile: "
                            + (MachineCompiler.refusal(of: checked.flow) ?? "a Shenpi bug"))
            }
            flows[id] = Flow(machine: compiled.machine, checked: checked, file: checked.flow.file, guide: guides[id])
        }
        if flows.isEmpty { throw .empty(directory) }
        var roleDepartments: [String: String] = [:], roleTitles: [String: String] = [:], departments: [String: String] = [:]
        if let registry = result.flows.first?.catalog.registry {
            for role in registry.roles {
                if let d = role.department?.value { roleDepartments[role.id.value] = d }
                roleTitles[role.id.value] = role.title?.value ?? role.id.value
            }
            for d in registry.departments { departments[d.id.value] = d.title?.value ?? d.id.value }
        }
        let thresholds = result.flows.first?.catalog.registry?.supervisionThresholds
        return FlowCatalog(directory: directory, flows: flows, roleDepartments: roleDepartments, roleTitles: roleTitles,
                           departments: departments, untouchedAfter: thresholds?.untouchedAfter, followUpWithin: thresholds?.followUpWithin,
                           calendars: calendars, warnings: result.warningCount)
    }

    /// Each calendar with the last day its data covers (`cn..2027-12-31,…`),
    /// for the log: whether a year-end copy was taken.
    public var calendarCoverage: String {
        calendars.ids.compactMap { id in calendars.calendars[id].map { "\(id)..\($0.coverage.upperBound)" } }.joined(separator: ",")
    }

    /// Whether `directory` or a folder above it holds the catalog's registry.yaml.
    static func registryAbove(_ directory: String) -> Bool {
        var dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        while true {
            if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(Linter.registryFileName)) { return true }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { return false }
            dir = parent
        }
    }

    /// The departments a flow's cases concern: the flow's own, every task
    /// role's, and that of the role approving its extensions (who must read
    /// a case to extend it).
    public func departments(of machine: Machine) -> Set<String> {
        var out: Set<String> = [machine.department]
        for node in machine.nodes {
            if case .task(let t) = node.kind, let d = roleDepartments[t.role] { out.insert(d) }
        }
        if let by = machine.limits.extensionAllowance?.by, let d = roleDepartments[by] { out.insert(d) }
        return out
    }
}

/// Why a workflow folder cannot be served.
public enum CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    case noFolder(String)
    case empty(String)
    case noRegistry(String)
    /// A calendar file of the catalog is refused: the catalog must change.
    case calendars(String)
    /// The calendar data installed with the binary cannot be read: the installation must.
    case bundledCalendars(String)
    /// The lint errors, as `shenpi lint` prints them.
    case lint(String)

    public var description: String {
        switch self {
        case .noFolder(let d): return "no workflow folder at \(d)"
        case .empty(let d): return "\(d) holds no flow"
        case .noRegistry(let d):
            return "no \(Linter.registryFileName) in \(d) or above it: the daemon serves a catalog, whose registry names its departments and roles"
        case .calendars(let m): return "a calendar file of the catalog is refused; nothing was deployed:\n" + m
        case .bundledCalendars(let m): return "the bundled calendar data cannot be read (a broken installation); nothing was deployed:\n" + m
        case .lint(let text): return "the flows have lint errors; nothing was deployed:\n" + text
        }
    }
}
