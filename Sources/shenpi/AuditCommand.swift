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
        abstract: "Replay every case's events and check the hash chain, snapshots and timers.",
        discussion: """
            Exit 0: every case agrees with its events (counts printed). Exit 1: the first case and \
            event that differ are named. Exit 2: the file is missing or not a Shenpi database. \
            The database is opened read-only. See docs/store.md.
            """
    )

    @Option(help: "The SQLite database file.")
    var db: String

    func run() throws {
        let report: AuditReport
        do {
            report = try StoreAudit.verify(fileAtPath: db)
        } catch let error as StoreOpenError {
            throw ValidationError(error.description)
        }
        if let mismatch = report.mismatch {
            print("audit: FAILED at case \(mismatch.caseID)" + (mismatch.seq.map { " event \($0)" } ?? "") + ": \(mismatch.reason)")
            throw ExitCode(1)
        }
        print("audit: ok: \(report.machines) machines, \(report.cases) cases, \(report.events) events, \(report.timers) timers")
    }
}
