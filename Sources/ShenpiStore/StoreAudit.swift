import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// The result of checking a store end to end.
public struct AuditReport: Sendable, Hashable {
    public var machines = 0
    public var cases = 0
    public var events = 0
    public var timers = 0
    /// Cases whose commands could not be re-run through their machine
    /// because its calendar is unknown (checked structurally only).
    public var notRerun = 0
    /// Those calendars' ids, sorted.
    public var unknownCalendars: [String] = []
    /// The first difference found, cases in creation order; `nil`: all good.
    public var mismatch: AuditMismatch?
}

/// Where the store stops agreeing with its own history.
public struct AuditMismatch: Sendable, Hashable, CustomStringConvertible {
    public var caseID: String
    /// The event's sequence number, when one event is at fault.
    public var seq: Int?
    /// The command version whose log row is at fault (its hash, link or
    /// shape), when the row as a whole is.
    public var command: Int?
    public var reason: String

    public init(caseID: String, seq: Int? = nil, command: Int? = nil, reason: String) {
        self.caseID = caseID
        self.seq = seq
        self.command = command
        self.reason = reason
    }

    /// `case C-2`, `case C-2 command 3` or `case C-2 event 7`.
    public var place: String {
        "case \(caseID)" + (command.map { " command \($0)" } ?? "") + (seq.map { " event \($0)" } ?? "")
    }

    public var description: String {
        "case \(caseID)" + (command.map { ", command \($0)" } ?? "") + (seq.map { ", event \($0)" } ?? "") + ": " + reason
    }
}

/// Checks every case against its own history (tamper evidence): the hash
/// chain, each command re-run through the pinned machine, the snapshot, the
/// case row's columns, the timer and rating rows, and rows of deleted cases.
/// What is and is not re-derived: docs/store.md, "Audit".
public enum StoreAudit {
    /// Opens a database file read-only and verifies it. Throws
    /// `StoreOpenError` when the file is missing or not a Shenpi database.
    public static func verify(fileAtPath path: String, calendars: CalendarRegistry = .standard) throws -> AuditReport {
        try verify(AppDatabase.openExisting(atPath: path), calendars: calendars)
    }

    /// Checks every case of the database, stopping at the first difference.
    /// `calendars` resolves the machines' calendars for re-running commands.
    public static func verify(_ reader: any DatabaseReader, calendars: CalendarRegistry = .standard) throws -> AuditReport {
        try reader.read { db in
            var report = AuditReport()
            report.machines = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM machine") ?? 0
            var machines: [String: Machine] = [:]
            var badMachines: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fingerprint, json FROM machine") {
                guard let fingerprint = try? row.decode(String.self, atIndex: 0) else { continue }  // its cases will name it undeployed
                if let m = try? MachineCodec.decode(row[1] as Data), m.fingerprint == fingerprint {
                    machines[fingerprint] = m
                } else {
                    badMachines[fingerprint] = "its machine \(fingerprint.prefix(12))… does not match its fingerprint"
                }
            }
            var unknown = Set<String>()
            let cases = try Row.fetchCursor(db, sql: #"SELECT \#(CaseColumns.select) FROM "case" ORDER BY rowid"#)
            while let row = try cases.next() {
                report.cases += 1
                let columns: CaseColumns
                do throws(UnreadableColumn) { columns = try CaseColumns(row) } catch {
                    let id = (try? row.decode(String.self, atIndex: 0)) ?? "(case row \(report.cases), its id unreadable)"
                    report.mismatch = AuditMismatch(caseID: id, seq: nil, reason: error.description)
                    return report
                }
                guard let machine = machines[columns.fingerprint] else {
                    let bad = badMachines[columns.fingerprint] ?? "its machine \(columns.fingerprint.prefix(12))… is not deployed"
                    report.mismatch = AuditMismatch(caseID: columns.id, seq: nil, reason: bad)
                    return report
                }
                let calendar = try? calendars.calendar(machine.calendar)
                if calendar == nil {
                    report.notRerun += 1
                    unknown.insert(machine.calendar)
                }
                var audit = CaseAudit(db: db, row: columns, machine: machine, calendar: calendar)
                let mismatch = try audit.run()
                report.events += audit.eventCount
                if let mismatch {
                    report.mismatch = mismatch
                    return report
                }
            }
            report.unknownCalendars = unknown.sorted()
            report.mismatch = try orphan(db)
            if report.mismatch == nil { report.mismatch = try subcaseLinks(db, machines: machines) }
            report.timers = try Int.fetchOne(db, sql: #"SELECT COALESCE(SUM(timers), 0) FROM "case""#) ?? 0
            return report
        }
    }

    /// Rows that name a case with no case row (deleted, or never written).
    static func orphan(_ db: Database) throws -> AuditMismatch? {
        for table in ["command_log", "outbox", "rating", "work_item", "case_acted"] {
            let sql = """
                SELECT case_id, COUNT(*) FROM \(table) WHERE case_id NOT IN (SELECT id FROM "case")
                GROUP BY case_id ORDER BY case_id LIMIT 1
                """
            if let row = try Row.fetchOne(db, sql: sql) {
                let n = (try? row.decode(Int.self, atIndex: 1)) ?? 0
                return AuditMismatch(caseID: (try? row.decode(String.self, atIndex: 0)) ?? "NULL", seq: nil,
                                     reason: "there is no case row, but the \(table) table holds \(n) row\(n == 1 ? "" : "s") for it (deleted?)")
            }
        }
        return nil
    }
}

/// The columns of a `case` row the audit reads.
struct CaseColumns {
    static let select = """
        id, fingerprint, workflow, status, outcome, version, snapshot, event_count, head_hash,
        created_at, updated_at, due_at, warn_at, finished_at, on_time, next_timer_at, timers
        """
    var id: String
    var fingerprint: String
    var workflow: String
    var status: String
    var outcome: String?
    var version: Int
    var snapshot: Data
    var eventCount: Int
    var headHash: Data
    var createdAt: Int
    var updatedAt: Int
    var dueAt: Int?
    var warnAt: Int?
    var finishedAt: Int?
    var onTime: Bool?
    var nextTimerAt: Int?
    var timers: Int

    /// A column that does not hold what the schema says (a NULL where a
    /// number must be, after an edit that loosened the table) is damage to
    /// report, not a reason to stop the audit with a trap.
    init(_ r: Row) throws(UnreadableColumn) {
        let names = Self.select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        func c<T: DatabaseValueConvertible>(_ i: Int) throws(UnreadableColumn) -> T { try r.audited(i, names[i]) }
        (id, fingerprint, workflow, status, outcome) = (try c(0), try c(1), try c(2), try c(3), try c(4))
        (version, snapshot, eventCount, headHash) = (try c(5), try c(6), try c(7), try c(8))
        (createdAt, updatedAt, dueAt, warnAt, finishedAt, onTime) = (try c(9), try c(10), try c(11), try c(12), try c(13), try c(14))
        (nextTimerAt, timers) = (try c(15), try c(16))
    }
}

extension Row {
    /// Column `i` (named `name` in messages) as `T`, or the damage it shows:
    /// the audit reads rows anyone may have edited, so it never traps on one.
    func audited<T: DatabaseValueConvertible>(_ i: Int, _ name: String) throws(UnreadableColumn) -> T {
        do { return try decode(atIndex: i) } catch {
            let value = self[i] as DatabaseValue
            throw UnreadableColumn(name: name, value: value.isNull ? "NULL" : "\(value)", expected: "\(T.self)")
        }
    }
}

struct UnreadableColumn: Error, CustomStringConvertible {
    var name: String
    var value: String
    var expected: String
    var description: String { "its column \(name) holds \(value.prefix(40)), not \(Self.kind(expected))" }

    /// `Int`, `Optional<String>` … as a reader of the schema says them.
    static func kind(_ type: String) -> String {
        let bare = type.hasPrefix("Optional<") ? String(type.dropFirst("Optional<".count).dropLast()) : type
        switch bare {
        case "Data": return "a blob"
        case "String": return "text"
        case "Bool": return "0 or 1"
        default: return "an integer"
        }
    }
}
