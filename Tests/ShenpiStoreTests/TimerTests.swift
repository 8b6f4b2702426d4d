import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiScenario
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

final class TimerTests: XCTestCase {
    /// The case row's timer columns are those of its snapshot after every
    /// command: the earliest due instant (what the timer loop looks for)
    /// and the count; an extension moves the case clock's timers.
    func testTheTimerColumnsFollowThePendingTimers() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        func columns() throws -> [Int?] {
            let r = try XCTUnwrap(engine.database.writer.read { try Row.fetchOne($0, sql: #"SELECT next_timer_at, timers FROM "case" WHERE id = 'C-1'"#) })
            return [r[0] as Int?, r[1] as Int?]
        }
        func expected() throws -> [Int?] {
            let state = try engine.case("C-1").state
            return [state.pendingTimers.map(\.at.secondsSinceEpoch).min(), state.pendingTimers.count]
        }
        var u = try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        XCTAssertEqual(try columns(), try expected())
        XCTAssertEqual(try columns()[1], 2, "the window step's warning and timeout")
        u = try engine.apply("C-1", StoreFixtures.accept, expectedVersion: u.version, at: at("2025-09-22T10:00"))
        XCTAssertEqual(try columns(), try expected())
        let caseTimers = u.state.pendingTimers.filter { $0.kind == .caseTimeout || $0.kind == .caseWarning }
        XCTAssertEqual(caseTimers.count, 2)
        u = try engine.apply("C-1", .extend(workdays: 3, approver: StoreFixtures.officer("h1", "market-director")), expectedVersion: u.version,
                             at: at("2025-09-23T10:00"))
        XCTAssertEqual(try columns(), try expected())
        for t in caseTimers {
            XCTAssertGreaterThan(try XCTUnwrap(u.state.pendingTimers.first { $0.id == t.id }).at, t.at, "due later")
        }
        for (i, c) in StoreFixtures.branches.enumerated() {
            u = try engine.apply("C-1", c, expectedVersion: u.version, at: at("2025-09-24T09:00").adding(seconds: i * 600))
            XCTAssertEqual(try columns(), try expected())
        }
        XCTAssertTrue(u.state.isFinished)
        XCTAssertEqual(try columns(), [nil, 0], "a finished case has no timers")
    }

    func testTimersSurviveARestartAndFireInDueOrder() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.sqlite")
        let m = try StoreFixtures.machine()
        var scheduled: [(String, PendingTimer)] = []
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            // Nobody acts at the window: both cases will be deemed accepted.
            try engine.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-23T09:30"))
            try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
            scheduled = try engine.pendingTimers()
            XCTAssertFalse(scheduled.isEmpty)
        }

        // A new process: the timers come back from the file.
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        XCTAssertEqual(try engine.pendingTimers().map(\.timer.id), scheduled.map(\.1.id))
        let first = try engine.fireDueTimers(upTo: at("2025-09-24T00:00"))
        XCTAssertEqual(first.map(\.caseID), ["C-1", "C-1"], "only C-1's acceptance limit has passed")
        XCTAssertEqual(first.map(\.timerID), ["step-0-warning", "step-0-timeout"], "the warning first")
        XCTAssertEqual(first.compactMap(\.error), [])
        let c1 = try engine.case("C-1")
        XCTAssertEqual(c1.state.deemedAccepted, true, "视为受理")
        XCTAssertTrue(c1.history.contains { $0.event.automatic && $0.event.actor == "system" })

        let rest = try engine.fireDueTimers(upTo: at("2025-12-31T00:00"))
        XCTAssertGreaterThan(rest.count, 2, "the deemed acceptance scheduled the branches' timers, which fired too")
        XCTAssertTrue(rest.allSatisfy { $0.error == nil }, "\(rest.compactMap(\.error))")
        XCTAssertEqual(rest.map(\.due), rest.map(\.due).sorted(), "earliest first")
        XCTAssertTrue(rest.contains { $0.caseID == "C-2" && $0.timerID == "step-0-timeout" })
        XCTAssertTrue(try engine.pendingTimers().allSatisfy { $0.timer.at > at("2025-12-31T00:00") })
        XCTAssertTrue(rest.allSatisfy { $0.firedAt >= $0.due })
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
        XCTAssertTrue(try engine.fireDueTimers(upTo: at("2025-12-31T00:00")).isEmpty, "nothing fires twice")
    }

    func testFinishingACaseCancelsItsTimers() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        XCTAssertEqual(try engine.pendingTimers().map(\.timer.id), ["step-0-warning", "step-0-timeout"])
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        let ids = Set(try engine.pendingTimers().map(\.timer.id))
        XCTAssertTrue(ids.isDisjoint(with: ["step-0-warning", "step-0-timeout"]), "the window step's timers were cancelled")
        XCTAssertTrue(ids.contains("case-timeout"))
        XCTAssertEqual(ids, Set(try engine.case("C-1").state.pendingTimers.map(\.id)))
    }

    /// Four branch timeouts due at one instant, scheduled as step-9 … step-12
    /// (after eight supplement loops): the store fires them in the order the
    /// scenario runner does, the order of scheduling — not of their ids.
    func testTimersDueTogetherFireInSchedulingOrderAsInTheScenarioRunner() throws {
        let fixture = "fixtures/scenarios/timers-due-together-fire-in-scheduling-order.yaml"
        var runner = ScenarioRunner(workingDirectory: TestSupport.repositoryRoot)
        let scenario = runner.run(path: fixture)
        XCTAssertTrue(scenario.passed, scenario.failures.joined(separator: "\n"))

        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        let window = StoreFixtures.officer("w1", "window")
        let t0 = at("2025-09-22T09:30")
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: t0)
        for _ in 0..<8 {
            try engine.apply("C-1", .decide(node: "accept", decision: "supplement", actor: window, comment: nil), expectedVersion: nil, at: t0)
            try engine.apply("C-1", .supplement(materials: ["application"]), expectedVersion: nil, at: t0)
        }
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T10:00"))
        let tie = at("2025-09-25T00:00")
        let expected = ["step-9-timeout", "step-10-timeout", "step-11-timeout", "step-12-timeout"]
        XCTAssertEqual(try engine.pendingTimers().filter { $0.timer.at == tie }.map(\.timer.id), expected)
        let fired = try engine.fireDueTimers(upTo: tie)
        XCTAssertEqual(fired.filter { $0.due == tie }.map(\.timerID), expected, "the scenario expects the same order")
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A timer the engine refuses (here: deemed acceptance would start a case
    /// clock past the calendar's data) is reported, stays pending and is
    /// passed over, so the other cases' timers still fire, in order.
    func testARefusedTimerIsReportedAndPassedOver() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2026-12-01T09:00"))
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2026-12-30T09:30"))
        try engine.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2026-12-30T10:00"))
        let fired = try engine.fireDueTimers(upTo: at("2027-01-04T00:00"))
        XCTAssertEqual(fired.map { "\($0.caseID) \($0.timerID) \($0.error == nil ? "fired" : "refused")" }, [
            "C-1 step-0-warning fired", "C-2 step-0-warning fired", "C-1 step-0-timeout refused", "C-2 step-0-timeout refused",
        ])
        XCTAssertEqual(try engine.pendingTimers().map { "\($0.caseID) \($0.timer.id)" }, ["C-1 step-0-timeout", "C-2 step-0-timeout"])
        XCTAssertEqual(try engine.fireDueTimers(upTo: at("2027-01-04T00:00")).map(\.timerID), ["step-0-timeout", "step-0-timeout"],
                       "reported again on the next pass, never fired twice")
    }

    /// Catching up many to a transaction (as the daemon does at start) fires
    /// the same timers in the same order and writes the same chains as one
    /// to a transaction; a refused timer in a batch undoes nothing else.
    func testCatchingUpManyToATransactionWritesWhatOneByOneWrites() throws {
        func run(perTransaction: Int) throws -> (fired: [String], heads: [String], pending: [String]) {
            let engine = try memoryEngine()
            let m = try StoreFixtures.machine()
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (i, day) in ["2025-09-22", "2025-09-23", "2026-12-29", "2026-12-30"].enumerated() {
                try engine.open("C-\(i)", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("\(day)T09:30"))
            }
            let fired = try engine.fireDueTimers(upTo: at("2027-01-04T00:00"), perTransaction: perTransaction)
            XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
            let heads = try (0..<4).map { try engine.case("C-\($0)").history.last?.hash ?? "" }
            return (fired.map { "\($0.caseID) \($0.timerID) \($0.firedAt) \($0.error == nil ? "fired" : "refused")" }, heads,
                    try engine.pendingTimers().map { "\($0.caseID) \($0.timer.id)" })
        }
        let single = try run(perTransaction: 1)
        XCTAssertTrue(single.fired.contains { $0.hasSuffix("refused") }, "the late-December cases' deemed acceptance runs past the calendar")
        XCTAssertGreaterThan(single.fired.count, 10)
        for n in [3, 256] {
            let batched = try run(perTransaction: n)
            XCTAssertEqual(batched.fired, single.fired, "\(n) to a transaction")
            XCTAssertEqual(batched.heads, single.heads)
            XCTAssertEqual(batched.pending, single.pending)
        }
    }

    /// An error that is not a refusal (a disk error) undoes a whole catch-up
    /// batch: the rest goes on one by one, so every timer still fires, once.
    func testABatchUndoneByAnErrorGoesOnOneByOne() throws {
        struct DiskFull: Error {}
        let armed = Armed()
        let shots = Shots()
        let engine = try memoryEngine(fault: { stage in
            if stage == armed.stage, shots.take() { throw DiskFull() }
        })
        let m = try StoreFixtures.machine()
        for (i, day) in ["2025-09-22", "2025-09-23", "2025-09-24"].enumerated() {
            try engine.open("C-\(i)", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("\(day)T09:30"))
        }
        // The fifth firing fails once, half-way through writing its snapshot.
        shots.arm(after: 4)
        armed.stage = .afterSnapshot
        let fired = try engine.fireDueTimers(upTo: at("2025-12-31T00:00"), perTransaction: 256)
        XCTAssertTrue(shots.spent, "the error happened")
        XCTAssertTrue(fired.allSatisfy { $0.error == nil })
        XCTAssertEqual(Set(fired.map { "\($0.caseID) \($0.timerID)" }).count, fired.count, "none fired twice")
        XCTAssertTrue(try engine.pendingTimers().allSatisfy { $0.timer.at > at("2025-12-31T00:00") }, "none left behind")
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A case whose snapshot no longer decodes (damaged, edited) is reported
    /// and passed over: the other cases' timers still fire.
    func testADamagedSnapshotIsReportedAndTheOtherTimersFire() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T10:00"))
        let damaged = CaseEngine(database: engine.database, calendars: StoreFixtures.calendars)  // no cached snapshots
        try damaged.database.writer.write { try $0.execute(sql: #"UPDATE "case" SET snapshot = x'7b7d' WHERE id = 'C-1'"#) }
        let fired = try damaged.fireDueTimers(upTo: at("2025-09-24T00:00"))
        XCTAssertEqual(fired.map { "\($0.caseID) \($0.timerID) \($0.error.map { "\($0)" } ?? "fired")" }, [
            "C-1  the stored snapshot of case C-1 does not decode (damaged or edited; run `shenpi audit verify`)",
            "C-2 step-0-warning fired", "C-2 step-0-timeout fired",
        ])
        XCTAssertThrowsError(try damaged.case("C-1")) { XCTAssertEqual($0 as? CaseEngineError, .damagedSnapshot("C-1")) }
        // Listings leave it out and name it; the other cases still list.
        var unreadable: [String] = []
        XCTAssertEqual(try damaged.cases(at: at("2025-09-24T00:00"), unreadable: { id, _ in unreadable.append(id) }).map(\.id), ["C-2"])
        XCTAssertEqual(unreadable, ["C-1"])
        unreadable = []
        let roles = Set(m.nodes.compactMap { node -> String? in
            if case .task(let t) = node.kind { return t.role }
            return nil
        })
        XCTAssertEqual(Set(try damaged.workQueue(roles: roles, unreadable: { id, _ in unreadable.append(id) }).items.map(\.caseID)), ["C-2"])
        XCTAssertEqual(unreadable, ["C-1"])
        XCTAssertThrowsError(try damaged.pendingTimers()) { XCTAssertEqual($0 as? CaseEngineError, .damagedSnapshot("C-1")) }
    }
}

/// Lets through `n` calls, then answers true once.
final class Shots: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int?
    private(set) var spent = false

    func arm(after n: Int) { lock.withLock { left = n } }

    func take() -> Bool {
        lock.withLock {
            guard let n = left else { return false }
            if n > 0 { left = n - 1; return false }
            left = nil
            spent = true
            return true
        }
    }
}
