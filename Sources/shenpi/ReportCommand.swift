import ArgumentParser
import Foundation
import ShenpiCalendar
import ShenpiLanguage
import ShenpiStore
import ShenpiSyntax

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the supervision report (督查) of a case store.",
        discussion: """
            Over the cases accepted from --from to --to (Beijing dates, inclusive): accepted, completed, \
            completion and on-time rates, 好差评 satisfaction with each 差评's follow-up (整改反馈) and those overdue, 逾期未受理 applications \
            (received, unanswered past their intake limit), 只受不理 cases, \
            overdue and warning lists, per department and per flow. Beyond that cohort: 本期办结 (cases finished in the period, \
            whenever accepted, and those accepted earlier and finished late), earlier cases still running red, yellow or untouched, \
            and 差评 given earlier and still open; steps past their own limit (环节超时: answered late in the period, or still \
            waiting), counted per role. 回访 day by day (was one applicant in ten reached each day?), and the callback \
            sample of the --callback-day: at least 10% of the applicants served that day, drawn reproducibly from the seed, with \
            what the calls found. \
            The database is opened read-only. Exit 2: a missing or foreign database, a bad date. \
            See docs/store.md, "Supervision report".
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The SQLite database file.")
    var db: String

    @Option(help: "First day of the period (YYYY-MM-DD); default: open.")
    var from: String?

    @Option(help: "Last day of the period (YYYY-MM-DD); default: open.")
    var to: String?

    @Option(help: "Judge running cases at this instant (2025-09-30T17:00, Beijing time); default: now.")
    var at: String?

    @Option(help: "只受不理 threshold: N workdays or N days (default: the --registry's supervision: untouched-after, else 3 workdays).")
    var untouchedAfter: String?

    @Option(help: "Follow-up limit of a 差评 after the rating day, of a dissatisfied callback after the call: N workdays or N days (default: the --registry's supervision: follow-up-within, else 15 workdays).")
    var followUpWithin: String?

    @Option(help: "The day of the callback sample (default: --to, else the day of --at; if nobody was served then, the period's last day before it that served someone).")
    var callbackDay: String?

    @Option(help: "Seed of the callback sample (default: the day as yyyymmdd).")
    var sampleSeed: UInt64?

    @Option(help: "A folder of *.cal calendars layered over the bundled ones (a flow's own calendar; default: ./workflows/calendars when it exists).")
    var calendars: String?

    @Option(help: "The catalog's registry.yaml: late steps (环节超时) are counted by their role's department too, and its supervision: thresholds are the defaults (default: ./workflows/registry.yaml when it exists, as the daemon serves ./workflows).")
    var registry: String?

    @Option(help: "text or json.")
    var format: Format = .text

    func run() throws {
        var options = SupervisionOptions()
        options.from = try Self.date(from, "--from")
        options.to = try Self.date(to, "--to")
        if let f = options.from, let t = options.to, f > t { throw ValidationError("--from \(f) is after --to \(t)") }
        options.callbackDay = try Self.date(callbackDay, "--callback-day")
        let now = Instant(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
        options.at = now
        if let at {
            guard let instant = Instant(iso: at) else {
                throw ValidationError("bad instant for --at: \(at) (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
            }
            // The store is as it is now: a later instant would count today's
            // running cases as if nobody acted until then.
            guard instant <= now else {
                throw ValidationError("--at \(instant.shortDescription) is after now (\(now.shortDescription)): the report reads the store as it stands, so it cannot be judged later than now")
            }
            options.at = instant
        }
        if let untouchedAfter { options.untouchedAfter = try Self.threshold(untouchedAfter, "--untouched-after") }
        if let followUpWithin { options.followUpWithin = try Self.threshold(followUpWithin, "--follow-up-within") }
        options.sampleSeed = sampleSeed
        // Run where the daemon runs (its default --workflows ./workflows), the
        // report reads the catalog the daemon reads: the same figures as GET /v1/report.
        // One found by default that cannot be read is said, and left out: nobody named it.
        var found: Registry?
        if let registry {
            found = try Self.registry(registry)
        } else if FileManager.default.fileExists(atPath: "workflows/registry.yaml") {
            do {
                found = try Self.registry("workflows/registry.yaml", named: "workflows/registry.yaml (read by default)")
            } catch let error as ValidationError {
                FileHandle.standardError.write(Data(("shenpi: warning: \(error.message)\n"
                    + "shenpi: warning: the report uses the default thresholds, and late steps have no departments\n").utf8))
            }
        }
        if let r = found {
            for role in r.roles {
                if let department = role.department?.value { options.roleDepartments[role.id.value] = department }
                if let title = role.title?.value { options.roleTitles[role.id.value] = title }
            }
            for d in r.departments { if let title = d.title?.value { options.departmentTitles[d.id.value] = title } }
            // The center's own thresholds, unless the options say otherwise.
            let thresholds = r.supervisionThresholds
            if untouchedAfter == nil, let t = thresholds.untouchedAfter { options.untouchedAfter = t }
            if followUpWithin == nil, let t = thresholds.followUpWithin { options.followUpWithin = t }
        }

        let registry = try CalendarSupport.bundled(over: calendars, orDefaultFor: "the report")
        let report: SupervisionReport
        do {
            report = try SupervisionReport.build(fileAtPath: db, calendars: registry, options: options)
        } catch let error as StoreOpenError {
            throw ValidationError(error.description)
        }
        print(format == .json ? report.json : report.text, terminator: "")
        if !report.unknownCalendars.isEmpty {
            let which = report.unknownCalendars.joined(separator: ", ")
            FileHandle.standardError.write(Data(("shenpi: warning: calendar \(which) of flows in the store is not known here: the legal-limit lists "
                + "(违法超期) leave their cases out and other days are counted on cn; pass --calendars with the catalog's calendars folder\n").utf8))
        }
    }

    /// A registry file, read; its errors as lint prints them.
    /// `named`: how messages call it (the option, or the file found by default).
    static func registry(_ path: String, named: String? = nil) throws -> Registry {
        let name = named ?? "--registry \(path)"
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("--registry: no such file: \(path)") }
        let doc = Loader().load(path: path)
        var diagnostics = doc.diagnostics
        var registry: Registry?
        if let root = doc.root, !diagnostics.contains(where: { $0.severity == .error }) {
            if FileKind.of(keys: root.mappingEntries?.map(\.key.value) ?? []) == .registry {
                let (decoded, found) = RegistryDecoder.decode(root, file: path)
                registry = decoded
                diagnostics += found
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }
        guard let registry, errors.isEmpty else {
            let detail = errors.map(\.canonicalLine).joined(separator: "\n")
            // Errors in it say what is wrong; without any, it is another kind of file.
            throw ValidationError(detail.isEmpty ? "\(name) is not a registry (a file with the top-level key \"registry\")"
                                                 : "\(name) has errors:\n" + detail)
        }
        return registry
    }

    static func date(_ text: String?, _ option: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(iso: text), text.count == 10 else {
            throw ValidationError("bad date for \(option): \(text) (expected YYYY-MM-DD)")
        }
        return date
    }

    /// `3`, `3 workdays`, `3workdays`, `5 days` (`SupervisionOptions.threshold`).
    static func threshold(_ text: String, _ option: String) throws -> TimeLimit {
        guard let limit = SupervisionOptions.threshold(text) else {
            throw ValidationError("bad \(option): \(text) (expected N workdays or N days, N from 0 to 9999)")
        }
        return limit
    }
}
