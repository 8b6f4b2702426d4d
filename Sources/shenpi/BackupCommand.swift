import ArgumentParser
import Foundation
import ShenpiCalendar
import ShenpiStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the case database while the daemon runs (SQLite online backup).",
        discussion: """
            Writes one consistent copy of --db into --to (never overwriting a file), then checks the copy \
            with the audit. The copy is owner-only (0600). Exit 2: a missing or foreign database, an existing \
            target (a symbolic link included), a --to folder that is missing or not writable, a copy that \
            cannot be written there (a full disk); 1: the copy fails its audit, or with --strict \
            some case could not be re-run or the copy could not be audited at all (an earlier release's schema; \
            the copy is kept). See docs/operations.md.
            """
    )

    @Option(help: "The database to copy.")
    var db = "./shenpi.db"

    @Option(help: "The new file.")
    var to: String

    @Option(help: "The flows' local calendars, for the audit's re-run of each case (default: ./workflows/calendars when it exists).")
    var calendars: String?

    @Flag(help: "Fail (exit 1) when the audit could not re-run a case of the copy (its calendar unknown), or not audit the copy at all (an earlier release's schema); the copy is kept.")
    var strict = false

    func run() throws {
        PrivateFiles.restrict()
        try PrivateFiles.checkWritable(to, option: "--to")
        // An explicit --calendars is checked first: a bad one must not leave a
        // copy behind. The default folder must not stop a backup: if it cannot
        // be read, the copy is audited on the bundled calendars (and says so).
        let registry = try CalendarSupport.bundled(over: calendars, orDefaultFor: "the audit")
        do {
            try AppDatabase.backup(fromPath: db, toPath: to)
        } catch let e as StoreOpenError {
            throw ValidationError(e.description)
        } catch let e as BackupError {
            throw ValidationError(e.description)
        }
        let report: AuditReport
        do {
            report = try StoreAudit.verify(fileAtPath: to, calendars: registry)
        } catch StoreOpenError.olderSchema {
            // The copy is good; this release audits only its own schema. A
            // nightly --strict job must not take an unaudited copy for a checked one.
            let line = "backed up \(db) to \(to): not audited, the database has an earlier release's schema "
                + "(audit it with that release, or audit an upgraded copy; docs/operations.md)"
            guard strict else {
                print(line)
                return
            }
            FileHandle.standardError.write(Data("shenpi: \(line)\n".utf8))
            throw ExitCode(1)
        }
        if let mismatch = report.mismatch {
            FileHandle.standardError.write(Data("shenpi: the copy fails its audit: \(mismatch)\n".utf8))
            throw ExitCode(1)
        }
        if report.notRerun > 0, strict {
            FileHandle.standardError.write(Data(("shenpi: backed up \(db) to \(to), but \(report.notRerun) of \(report.cases) cases were checked "
                + "without re-running: unknown calendar " + report.unknownCalendars.joined(separator: ", ") + " (pass --calendars)\n").utf8))
            throw ExitCode(1)
        }
        let rerun = report.notRerun == 0 ? "" : " (\(report.notRerun) cases checked without re-running: unknown calendar; pass --calendars)"
        print("backed up \(db) to \(to): \(report.cases) cases, \(report.events) events, audit ok" + rerun)
    }
}
