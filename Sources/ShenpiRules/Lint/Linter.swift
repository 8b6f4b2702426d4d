import Foundation
import ShenpiCalendar
import ShenpiLanguage
import ShenpiSyntax

/// What went wrong before any file could be checked (exit code 2).
public struct LintUsageError: Error, CustomStringConvertible {
    public var description: String
    /// A folder that holds no YAML file: for a daemon, a wrong folder rather than flows to fix.
    public var noFiles = false
}

/// The result of a lint run: sorted diagnostics and the source lines for
/// snippets, and the models of the flows that were checked (for the tools that
/// render or compile them).
public struct LintResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var sources: [String: [String]]
    public var filesChecked: Int
    /// Scenario files among the files given, skipped: `shenpi test` checks them.
    public var scenariosSkipped: Int = 0
    /// Every checked flow file that decoded, in path order, with its catalog.
    public var flows: [CheckedFlow] = []

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// A decoded flow with the catalog it was checked in and its own findings.
public struct CheckedFlow: Sendable {
    public var flow: Workflow
    public var catalog: Catalog
    public var calendars: CalendarCatalog
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Runs the loader, the decoder and every rule over files, folders or stdin.
public struct Linter: Sendable {
    public static let registryFileName = "registry.yaml"
    public static let noRegistryRule = "no-registry"
    /// Local calendars of a catalog live in this folder beside `registry.yaml`.
    public static let calendarFolder = "calendars"
    public static let calendarDataRule = "calendar-data"

    public var registryPath: String?
    /// The bundled calendars; a catalog's `calendars/*.cal` layer on top.
    public var calendars: CalendarRegistry
    public var loader = Loader()
    /// Current directory, for finding catalogs and shortening paths.
    public var workingDirectory: String

    public init(calendars: CalendarRegistry, registryPath: String? = nil,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.calendars = calendars
        self.registryPath = registryPath
        self.workingDirectory = workingDirectory
    }

    /// Lints `paths` (files, folders, or `-` for `stdin`).
    public func lint(paths: [String], stdin: [UInt8]? = nil) throws -> LintResult {
        var targets: [String] = []
        // A named file is shown under the path given (`../fire/x.yaml`), not as
        // the absolute path it resolves to outside the working folder.
        var given: [String: String] = [:]
        for p in paths where p != "-" {
            let found = try FileWalker.yamlFiles(at: absolute(p), shownAs: p)
            guard !found.isEmpty else { throw LintUsageError(description: "no *.yaml or *.yml files under \(p)", noFiles: true) }
            targets += found
            // Only where the working folder cannot give a relative path (`../fire`).
            let base = absolute(p)
            for f in found.map(absolute) where !p.hasPrefix("/") && display(f).hasPrefix("/") && f.hasPrefix(base) && given[f] == nil {
                given[f] = (p.hasSuffix("/") ? String(p.dropLast()) : p) + f.dropFirst(base.count)
            }
        }
        // A file reached twice (a linked folder, or named twice) is checked
        // once, under the path named first.
        var firstPaths = FirstPaths()
        var seen: Set<String> = []
        targets = targets.map(absolute).filter { firstPaths.canonical($0) == $0 && seen.insert($0).inserted }.sorted()
        let shownPath: @Sendable (String) -> String = { [given, self] path in given[path] ?? self.display(path) }
        // A calendar file named on its own (a CI run over the changed files)
        // is checked as calendar data with the others of its folder, not read as YAML.
        let calendarTargets = targets.filter { $0.hasSuffix(".cal") }
        targets.removeAll { $0.hasSuffix(".cal") }
        var calendarFileDiagnostics: Set<Diagnostic> = []
        // Each folder read once, however many of its files were named.
        for (folder, named) in Dictionary(grouping: calendarTargets, by: { ($0 as NSString).deletingLastPathComponent }) {
            let shown = Set(named.map(shownPath))
            calendarFileDiagnostics.formUnion(calendars(inFolder: folder).1.filter { shown.contains($0.file) })
        }
        if let registryPath, !FileManager.default.fileExists(atPath: registryPath) {
            throw LintUsageError(description: "registry not found: \(registryPath)")
        }
        // Every catalog a target belongs to is read whole: sub-flow calls and
        // workflow ids are checked across files.
        var catalogRoots: Set<String> = []
        var rootOf: [String: String?] = [:]
        for t in targets {
            let root = catalogRoot(forFileIn: (t as NSString).deletingLastPathComponent)
            rootOf[t] = root
            if let root { catalogRoots.insert(root) }
        }
        var stdinRoot: String?? = nil
        if paths.contains("-") {
            stdinRoot = .some(catalogRoot(forFileIn: workingDirectory))
            if let r = stdinRoot ?? nil { catalogRoots.insert(r) }
        }
        var all = Set(targets)
        // A catalog folder that cannot be read is an error even when one file
        // was named: its flows and its registry are part of that file's check.
        for root in catalogRoots.sorted() { for f in try FileWalker.yamlFiles(at: root, shownAs: root == absolute(workingDirectory) ? "." : display(root)) { all.insert(absolute(f)) } }
        if let registryPath { all.insert(absolute(registryPath)) }
        // The catalog walk may reach a named file again by another path
        // (`real/a.yaml` for a named `alias/a.yaml`): it is read once, under
        // the name the user gave, and every path of it finds that reading.
        var canonical: [String: String] = [:]
        for path in targets + all.subtracting(targets).sorted() { canonical[path] = firstPaths.canonical(path) }
        let files = all.filter { canonical[$0] == $0 }.sorted()
        let read = ParallelMap.map(files) { SourceFile.read(path: shownPath($0), location: $0, bytes: nil, loader: self.loader) }
        var byPath: [String: SourceFile] = [:]
        for (p, f) in zip(files, read) { byPath[p] = f }
        for path in all where canonical[path] != path { byPath[path] = canonical[path].flatMap { byPath[$0] } }
        if let registryPath, byPath[absolute(registryPath)].map({ if case .registry = $0.content { false } else { true } }) ?? true {
            throw LintUsageError(description: "--registry \(registryPath) is not a readable registry file (top-level key \"registry\"); lint it to see why")
        }

        var linted: [(SourceFile, String?)] = targets.map { (byPath[$0]!, rootOf[$0] ?? nil) }
        if let stdin, let root = stdinRoot {
            linted.append((SourceFile.read(path: "<stdin>", bytes: stdin, loader: loader), root))
        }
        let scenariosSkipped = linted.filter(\.0.isScenario).count
        linted.removeAll(where: \.0.isScenario)
        let catalogs = Dictionary(uniqueKeysWithValues: catalogRoots.map { root in
            (root, catalog(root: root, files: byPath))
        })
        let calendarsOf = Dictionary(uniqueKeysWithValues: catalogRoots.map { ($0, localCalendars(root: $0)) })
        let explicitCatalog = registryPath.map { _ in catalog(root: nil, files: byPath) }
        let explicitCalendars = registryPath.map { localCalendars(root: (absolute($0) as NSString).deletingLastPathComponent) }
        let standard = (CalendarCatalog(calendars), [Diagnostic]())
        let results = ParallelMap.map(linted) { (file, root) -> ([Diagnostic], CheckedFlow?) in
            let cat = explicitCatalog ?? root.flatMap { r in catalogs[r] } ?? Catalog()
            let cals = explicitCalendars ?? root.flatMap { r in calendarsOf[r] } ?? standard
            let found = self.check(file, catalog: cat, calendars: cals.0)
            return (found, file.flow.map { CheckedFlow(flow: $0, catalog: cat, calendars: cals.0, diagnostics: Diagnostic.sorted(found)) })
        }
        // A broken local calendar file is reported once, with the files it affects.
        var calendarDiagnostics: Set<Diagnostic> = []
        for (_, root) in linted {
            if let d = explicitCalendars?.1 ?? root.flatMap({ calendarsOf[$0]?.1 }) { calendarDiagnostics.formUnion(d) }
        }
        var sources: [String: [String]] = [:]
        for (f, _) in linted { sources[f.path] = f.lines }
        // The registry is part of every flow's check: its errors are reported
        // once, with the flows it affects, even when only flows were named.
        var registryDiagnostics: [Diagnostic] = []
        var registries: Set<String> = []
        for (f, root) in linted where f.flow != nil {
            if let path = registryPath.map(absolute) ?? root.map({ $0 + "/" + Self.registryFileName }) { registries.insert(path) }
        }
        for path in Set(registries.map { canonical[$0] ?? $0 }).subtracting(targets).sorted() {
            guard let registry = byPath[path] else { continue }
            guard case .registry = registry.content else {
                // Unreadable or broken: every flow's roles and departments go unchecked, so it fails the run.
                var errors = registry.diagnostics.filter { $0.severity == .error }
                if errors.isEmpty {
                    errors = [Diagnostic(file: registry.path, range: SourceRange(at: .init(line: 1, column: 1)), severity: .error,
                                         rule: RuleID.unknownFileKind, message: "expected a registry (top-level key \"registry\")")]
                }
                sources[registry.path] = registry.lines
                registryDiagnostics += errors
                continue
            }
            let errors = check(registry, catalog: Catalog(), calendars: standard.0).filter { $0.severity == .error }
            if !errors.isEmpty { sources[registry.path] = registry.lines }
            registryDiagnostics += errors
        }
        return LintResult(diagnostics: Diagnostic.sorted(results.flatMap { $0.0 } + calendarDiagnostics.union(calendarFileDiagnostics) + registryDiagnostics),
            sources: sources, filesChecked: linted.count + calendarTargets.count, scenariosSkipped: scenariosSkipped, flows: results.compactMap { $0.1 })
    }

    /// The bundled calendars plus the catalog's own `calendars/*.cal`.
    func localCalendars(root: String) -> (CalendarCatalog, [Diagnostic]) {
        calendars(inFolder: root + "/" + Self.calendarFolder)
    }

    /// The bundled calendars plus the `*.cal` files of `folder`.
    func calendars(inFolder folder: String) -> (CalendarCatalog, [Diagnostic]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            return (CalendarCatalog(calendars), [])
        }
        // A broken file is reported and left out, and the others still
        // serve: flows on a good calendar get no "unknown calendar" errors.
        let survey = CalendarRegistry.survey(directory: folder, over: calendars)
        var catalog = CalendarCatalog(survey.registry)
        catalog.brokenFiles = survey.broken
        let diagnostics = survey.errors.map { error in
            let located = error.inFolder(folder)
            return Diagnostic(file: display(located.file), range: SourceRange(at: .init(line: max(error.line, 1), column: max(error.column, 1))),
                              severity: .error, rule: Self.calendarDataRule, message: error.message)
        }
        return (catalog, diagnostics)
    }

    func check(_ file: SourceFile, catalog: Catalog, calendars: CalendarCatalog) -> [Diagnostic] {
        var out = file.diagnostics
        switch file.content {
        case .unknown, .scenario: return out
        case .registry(let registry):
            out += RegistryRule().check(registry)
            out += FollowUpLimitRule().check(registry)
        case .flow(let flow):
            if catalog.registry == nil {
                let message = catalog.unusableRegistry.map { "\($0) is not a usable registry (lint it to see why); roles and departments are not checked" }
                    ?? "no \(Self.registryFileName) in this folder or above it; roles and departments are not checked (use --registry)"
                out.append(Diagnostic(file: file.path, range: SourceRange(at: .init(line: 1, column: 1)), severity: .warning, rule: Self.noRegistryRule,
                    message: message))
            }
            let context = RuleContext(flow: flow, catalog: catalog, calendars: calendars)
            for rule in RuleCatalog.rules { out += rule.check(context) }
        }
        let suppression = Suppression(lines: file.lines, file: file.path, textLines: file.textLines)
        return suppression.apply(out) + suppression.diagnostics
    }

    /// The registry and flow summaries of one catalog (or of `--registry`).
    func catalog(root: String?, files: [String: SourceFile]) -> Catalog {
        let registryFile = registryPath.map(absolute) ?? root.map { $0 + "/" + Self.registryFileName }
        var cat = Catalog()
        if let registryFile, let file = files[registryFile] {
            if case .registry(let r) = file.content { cat.registry = r } else { cat.unusableRegistry = file.path }
        }
        // A folder below with a registry of its own is another catalog. A file
        // found under two paths (a linked folder) is one reading, listed once.
        var listed: Set<String> = []
        for (path, file) in files where root == nil || (path.hasPrefix(root! + "/") && catalogRoot(forFileIn: (path as NSString).deletingLastPathComponent) == root) {
            guard let flow = file.flow, let id = flow.id, listed.insert(file.path).inserted else { continue }
            cat.flows[id.value, default: []].append(.init(file: file.path, id: id.value, outcomes: flow.outcomes.map(\.id.value), range: id.range,
                limit: flow.limits.effective?.value,
                fields: Dictionary(flow.fields.map { ($0.id.value, $0.type?.value) }, uniquingKeysWith: { a, _ in a }),
                requiredFields: Set(flow.fields.filter(\.required).map(\.id.value)),
                withdrawable: flow.outcomes.contains { $0.kind?.value == .withdrawn }))
            cat.flows[id.value]![cat.flows[id.value]!.count - 1].title = flow.title?.value
            cat.flows[id.value]![cat.flows[id.value]!.count - 1].outcomeTitles = Dictionary(
                flow.outcomes.compactMap { o in o.title.map { (o.id.value, $0.value) } }, uniquingKeysWith: { a, _ in a })
            cat.flows[id.value]![cat.flows[id.value]!.count - 1].bounds = Dictionary(
                flow.fields.compactMap { f in f.minimum == nil && f.maximum == nil ? nil : (f.id.value, FieldBounds(minimum: f.minimum?.value, maximum: f.maximum?.value)) },
                uniquingKeysWith: { a, _ in a })
        }
        for key in cat.flows.keys { cat.flows[key]!.sort { $0.file < $1.file } }
        return cat
    }

    /// The nearest folder at or above `dir` holding `registry.yaml`.
    func catalogRoot(forFileIn dir: String) -> String? {
        if registryPath != nil { return nil }
        var current = absolute(dir)
        while true {
            if FileManager.default.fileExists(atPath: current + "/" + Self.registryFileName) { return current }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        return FileWalker.normalize(p)
    }

    /// Paths under the working directory are shown relative to it.
    func display(_ absolutePath: String) -> String {
        let base = FileWalker.normalize(workingDirectory)
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return absolutePath.hasPrefix(prefix) ? String(absolutePath.dropFirst(prefix.count)) : absolutePath
    }
}
