import ArgumentParser
import Foundation
import ShenpiStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check a case store against its own history.",
        subcommands: [AuditVerify.self]
    )
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every case: hash chain, commands re-run on the pinned machine, snapshot, rows.",
        discussion: """
            Exit 0: every case agrees with its events (counts printed; a warning names calendars it \
            could not find, whose cases were not re-run). Exit 1: the first case (and event) that \
            differs is named; with --strict, also when any case could not be re-run. Exit 2: the file is missing or not a Shenpi database. The database \
            is opened read-only. See docs/store.md.
            """
    )

    @Option(help: "The SQLite database file.")
    var db: String

    @Option(help: "A folder of *.cal calendars layered over the bundled ones (a flow's own calendar; default: ./workflows/calendars when it exists).")
    var calendars: String?

    @Flag(help: "Fail (exit 1) when a case could not be re-run on its machine (its calendar unknown), as a nightly check should.")
    var strict = false

    func run() throws {
        let folder = calendars ?? (FileManager.default.fileExists(atPath: "workflows/calendars") ? "workflows/calendars" : nil)
        let registry = try CalendarSupport.bundled(over: folder)
        let report: AuditReport
        do {
            report = try StoreAudit.verify(fileAtPath: db, calendars: registry)
        } catch let error as StoreOpenError {
            throw ValidationError(error.description)
        }
        if let mismatch = report.mismatch {
            print("audit: FAILED at \(mismatch.place): \(mismatch.reason)")
            throw ExitCode(1)
        }
        let counts = "\(report.machines) machines, \(report.cases) cases, \(report.events) events, \(report.timers) timers"
        let unrun = "\(report.notRerun) of \(report.cases) cases not re-run on their machines, so only their hash chains, snapshots "
            + "and rows were checked: unknown calendar " + report.unknownCalendars.joined(separator: ", ") + " (pass --calendars DIR)"
        if report.notRerun > 0, strict {
            print("audit: FAILED: " + unrun)
            throw ExitCode(1)
        }
        print("audit: ok: " + counts)
        if report.notRerun > 0 { print("audit: warning: " + unrun) }
    }
}
