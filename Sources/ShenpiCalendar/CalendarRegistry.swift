import Foundation

/// The calendars a flow may name, by id: the bundled data files
/// (`standard`), optionally with a directory of local calendar files on top.
///
/// For the linter: `ids` lists what a flow may write after `calendar:`, and
/// `idsWithOfficeHours` which of them can count a limit in hours;
/// `calendar(_:)` throws the "unknown calendar 'x'; expected one of …" error.
public struct CalendarRegistry: Sendable {
    /// Built calendars by id.
    public let calendars: [String: WorkingCalendar]
    /// The parsed files, by calendar id, for layering more files on top.
    public let definitions: [String: CalendarDefinition]

    /// Builds every calendar, resolving each one's chain of bases.
    public init(definitions list: [CalendarDefinition]) throws(CalendarDataError) {
        var byID: [String: CalendarDefinition] = [:]
        for def in list {
            if let other = byID[def.id] {
                throw CalendarDataError(file: def.file, line: def.calendarLine, message: "calendar '\(def.id)' is also defined in \(other.file)"
                    + (other.calendarLine > 0 ? ":\(other.calendarLine)" : ""))
            }
            byID[def.id] = def
        }
        var built: [String: WorkingCalendar] = [:]
        for def in list {
            var chain = [def]
            while let baseID = chain[0].base {
                guard let base = byID[baseID] else {
                    // A calendar cannot be its own base: it is not offered.
                    let known = byID.keys.filter { $0 != chain[0].id }.sorted().joined(separator: ", ")
                    throw CalendarDataError(file: chain[0].file, line: chain[0].baseLine, message: "unknown base calendar '\(baseID)'; "
                        + (known.isEmpty ? "no other calendar is defined" : "expected one of \(known)"))
                }
                guard !chain.contains(where: { $0.id == baseID }) else {
                    // The chain holds the bases first: read back, it is the way round.
                    let way = (chain.reversed().map(\.id) + [baseID]).joined(separator: " → ")
                    throw CalendarDataError(file: def.file, line: def.baseLine, message: "calendar '\(def.id)' has circular bases: \(way)")
                }
                chain.insert(base, at: 0)
            }
            built[def.id] = try WorkingCalendar(chain: chain)
        }
        calendars = built
        definitions = byID
    }

    /// Parses calendar files (`name` is used in messages) and builds them.
    public init(files: [(name: String, text: String)]) throws(CalendarDataError) {
        var defs: [CalendarDefinition] = []
        for f in files { defs.append(try CalendarDefinition.parse(f.text, file: f.name)) }
        try self.init(definitions: defs)
    }

    /// Every `*.cal` file of `directory`, layered with `base`'s calendars
    /// (so a local file may name `cn` as its base). An id defined twice in
    /// the directory is an error. A file with the id of one of `base`'s
    /// calendars takes its place, if it only adds days to it
    /// (`WorkingCalendar.problem(replacing:)`): a copy of the bundled `cn`
    /// with next year's notice added serves before a release carries it.
    /// This stops at the first problem; `survey` goes on past broken files and collects them all.
    public static func loading(directory: String, over base: CalendarRegistry? = nil) throws(CalendarDataError) -> CalendarRegistry {
        let files = try readCalendarFiles(in: directory)
        var local: [CalendarDefinition] = []
        for f in files { local.append(try CalendarDefinition.parse(f.text, file: f.name)) }
        return try layering(local, over: base)
    }

    /// `local` (parsed files of one folder) layered with `base`'s calendars,
    /// a file with the id of one of them taking its place if it only adds days.
    static func layering(_ local: [CalendarDefinition], over base: CalendarRegistry?) throws(CalendarDataError) -> CalendarRegistry {
        let replaced = Set(local.map(\.id))
        let kept = (base.map { Array($0.definitions.values) } ?? []).filter { !replaced.contains($0.id) }
        let registry = try CalendarRegistry(definitions: kept + local)
        for id in registry.idsBasesFirst where replaced.contains(id) {
            guard let old = base?.calendars[id], let new = registry.calendars[id], let def = registry.definitions[id] else { continue }
            if let problem = new.replacementProblem(replacing: old) {
                throw CalendarDataError(file: def.file, line: def.line(of: problem),
                                        message: "\(problem) (the bundled calendar); a local copy of it may only add days, such as next year's notice")
            }
        }
        return registry
    }

    /// The calendars shipped with Shenpi (`Sources/ShenpiCalendar/Data`).
    /// The bundled files are checked by the tests; if they cannot be read the
    /// installation is broken and this stops the program with the reason.
    public static let standard: CalendarRegistry = {
        do {
            return try loadBundled()
        } catch {
            fatalError("Shenpi's bundled calendar data is unusable: \(error)")
        }
    }()

    /// The bundled calendars, or why they cannot be loaded.
    public static func loadBundled() throws(CalendarDataError) -> CalendarRegistry {
        let folder = "Shenpi_ShenpiCalendar.resources"
        guard let bundle = ResourceFolder.bundle(named: folder) else {
            throw CalendarDataError(file: folder, line: 0,
                message: "the folder \(folder) is not beside the executable (\(ResourceFolder.expectedPlace(of: folder))); install it with the binary (docs/operations.md)")
        }
        guard let url = bundle.url(forResource: "Data", withExtension: nil) else {
            throw CalendarDataError(file: "Data", line: 0, message: "calendar data directory missing from the resource bundle")
        }
        return try loading(directory: url.path)
    }

    /// Known calendar ids, sorted.
    public var ids: [String] { calendars.keys.sorted() }

    /// Known calendar ids, every base before the calendars layered on it
    /// (by the length of their chain, then by id): a change to a base is
    /// reported at the base, not at a calendar that inherits it.
    public var idsBasesFirst: [String] {
        calendars.map { (depth: $0.value.layers.count, id: $0.key) }.sorted { ($0.depth, $0.id) < ($1.depth, $1.id) }.map(\.id)
    }

    /// The ids of calendars with office hours: those that can count hours.
    public var idsWithOfficeHours: Set<String> { Set(calendars.values.filter { $0.officeHours != nil }.map(\.id)) }

    /// The calendar with this id, or `CalendarError.unknownCalendar` listing the known ones.
    public func calendar(_ id: String) throws(CalendarError) -> WorkingCalendar {
        guard let cal = calendars[id] else { throw .unknownCalendar(id, known: ids) }
        return cal
    }

    /// Can calendar `id` count limits in `unit`? `false` for an unknown id.
    public func supports(_ unit: TimeUnit, calendar id: String) -> Bool {
        guard let cal = calendars[id] else { return false }
        return unit != .hours || cal.officeHours != nil
    }

    static func readCalendarFiles(in directory: String) throws(CalendarDataError) -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        for (name, read) in try calendarFiles(in: directory) {
            files.append((name, try read.get()))
        }
        return files
    }

    /// The `*.cal` files of `directory` by name, each read or why it cannot
    /// be; a folder that cannot be listed throws.
    static func calendarFiles(in directory: String) throws(CalendarDataError) -> [(name: String, text: Result<String, CalendarDataError>)] {
        let names: [String]
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) else {
            throw CalendarDataError(file: directory, line: 0, message: "no such folder")
        }
        guard isFolder.boolValue else { throw CalendarDataError(file: directory, line: 0, message: "not a folder of calendar files") }
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            // It exists and is a folder: what is left is permission.
            throw CalendarDataError(file: directory, line: 0, message: "cannot list calendar files: the folder is not readable")
        }
        return names.sorted().filter { $0.hasSuffix(".cal") }.map { name in
            (name, Result { () throws(CalendarDataError) in try readCalendarFile(name, in: directory) })
        }
    }

    static func readCalendarFile(_ name: String, in directory: String) throws(CalendarDataError) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        var isFolder: ObjCBool = false
        guard !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) || !isFolder.boolValue else {
            throw CalendarDataError(file: name, line: 0, message: "a folder, not a calendar file")
        }
        // A FIFO would block the daemon's start or reload for ever. `stat`
        // follows a link as the system does (a relative target from the
        // link's folder); `resolvingSymlinksInPath` did not, and a linked
        // calendar was "not a regular file".
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw CalendarDataError(file: name, line: 0, message: "not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) == 0 ? "it cannot be read" : String(cString: strerror(errno))
            throw CalendarDataError(file: name, line: 0, message: "cannot read the file: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CalendarDataError(file: name, line: 0, message: "not UTF-8 text")
        }
        return text
    }
}
