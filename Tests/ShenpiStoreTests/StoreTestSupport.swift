import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiRules
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// Machines, calendars and the business-registration script shared by the store tests.
enum StoreFixtures {
    static let registrationFile = "workflows/market/business-registration.yaml"

    static let calendars: CalendarRegistry = {
        (try? CalendarRegistry.loading(directory: TestSupport.path("workflows/calendars"), over: .standard)) ?? .standard
    }()

    nonisolated(unsafe) private static var cache: [String: Machine] = [:]
    private static let lock = NSLock()

    static func machine(_ file: String = registrationFile) throws -> Machine {
        lock.lock()
        defer { lock.unlock() }
        if let m = cache[file] { return m }
        let checked = try XCTUnwrap(try TestSupport.lint([file]).flows.first)
        let m = try XCTUnwrap(MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine, file)
        cache[file] = m
        return m
    }

    /// The same flow as a new version with another title (a new fingerprint).
    static func nextVersion(of m: Machine) throws -> Machine {
        var next = m
        next.version += 1
        next.title += "（第二版）"
        next.fingerprint = try MachineCodec.fingerprint(of: next)
        return next
    }

    static let fields: [String: FieldValue] = [
        "company-name": .string("某某科技有限公司"), "contact-name": .string("张三"), "contact-phone": .string("0571-85100001"),
        "premises-type": .string("owned"), "needs-prior-approval": .boolean(false), "by-agent": .boolean(false),
    ]

    static func submit(_ m: Machine) -> Command {
        .submit(fields: fields, materials: m.materials.map(\.id), channel: .window)
    }

    static func officer(_ id: String, _ roles: String...) -> Actor { Actor(id: id, roles: Set(roles)) }

    /// A store on a temporary file with `machines` deployed: `body` takes its
    /// cases, then the audit must re-run every one of them under its own rules.
    static func audited(_ machines: [Machine], _ body: (CaseEngine) throws -> Void) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("rules.sqlite")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: calendars)
            for m in machines { try engine.deploy(m, at: at("2025-09-01T09:00")) }
            try body(engine)
        }
        let report = try StoreAudit.verify(fileAtPath: path, calendars: calendars)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.notRerun, 0)
    }

    static let accept = Command.decide(node: "accept", decision: "accept", actor: officer("w1", "window"), comment: nil)

    /// The branch decisions after acceptance, then the issue: submit … outcome "approved".
    static let branches: [Command] = [
        .decide(node: "market-review", decision: "recommend-approve", actor: officer("m1", "market-reviewer"), comment: nil),
        .decide(node: "market-approve", decision: "approve", actor: officer("m2", "market-head"), comment: "同意"),
        .decide(node: "quality-code", decision: "pass", actor: officer("q1", "quality-officer"), comment: nil),
        .decide(node: "national-tax-register", decision: "pass", actor: officer("n1", "national-tax-officer"), comment: nil),
        .decide(node: "local-tax-register", decision: "pass", actor: officer("l1", "local-tax-officer"), comment: nil),
        .decide(node: "issue", decision: "issue", actor: officer("i1", "issue-window"), comment: nil),
    ]
}

/// Beijing time `2025-09-22T09:30`.
func at(_ text: String) -> Instant { Instant(iso: text)! }

/// A temporary folder removed at the end of the test.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "shenpi-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

extension XCTestCase {
    /// An engine on a fresh in-memory database with business-registration deployed.
    func memoryEngine(fault: (@Sendable (PersistStage) throws -> Void)? = nil) throws -> CaseEngine {
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars, fault: fault)
        try engine.deploy(try StoreFixtures.machine(), at: at("2025-09-01T09:00"))
        return engine
    }

    /// Drives case `id` through every command of the registration flow; returns the last update.
    @discardableResult
    func runRegistration(_ engine: CaseEngine, id: String) throws -> CaseUpdate {
        let m = try StoreFixtures.machine()
        var u = try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        u = try engine.apply(id, StoreFixtures.accept, expectedVersion: u.version, at: at("2025-09-22T10:00"))
        for (i, c) in StoreFixtures.branches.enumerated() {
            u = try engine.apply(id, c, expectedVersion: u.version, at: at("2025-09-23T09:00").adding(seconds: i * 600))
        }
        return u
    }

    /// Row counts of the tables a command writes, and `timer`: the pending
    /// timers the case rows count.
    func counts(_ db: AppDatabase) throws -> [String: Int] {
        try db.writer.read { db in
            var result: [String: Int] = [:]
            for table in ["case", "command_log", "outbox", "rating"] {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"")
            }
            result["timer"] = try Int.fetchOne(db, sql: #"SELECT COALESCE(SUM(timers), 0) FROM "case""#)
            return result
        }
    }
}
