import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiScenario
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

final class TimerTests: XCTestCase {
    /// An extension moves the case clock's pending timers in place: the rows
    /// keep their ids and take the new due instant and scheduling seq.
    func testAnExtensionMovesTheTimerRowsInPlace() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try engine.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        func caseTimers() throws -> [Row] {
            try engine.database.writer.read {
                try Row.fetchAll($0, sql: "SELECT timer_id, due_at, scheduled_seq FROM timer WHERE case_id = 'C-1' AND kind LIKE 'case%' ORDER BY timer_id")
            }
        }
        let before = try caseTimers()
        XCTAssertEqual(before.count, 2, "the case warning and timeout")
        let head = StoreFixtures.officer("h1", "market-head")
        try engine.apply("C-1", .extend(workdays: 3, approver: head), expectedVersion: 2, at: at("2025-09-23T10:00"))
        let after = try caseTimers()
        XCTAssertEqual(after.map { $0[0] as String }, before.map { $0[0] as String })
        for (b, a) in zip(before, after) {
            XCTAssertGreaterThan(a[1] as Int, b[1] as Int, "due later")
            XCTAssertGreaterThan(a[2] as Int, b[2] as Int, "scheduled by the extension's events")
        }
        let pending = try engine.case("C-1").state.pendingTimers.filter { $0.kind == .caseTimeout || $0.kind == .caseWarning }
        XCTAssertEqual(Set(after.map { $0[1] as Int }), Set(pending.map(\.at.secondsSinceEpoch)))
    }

    /// Timer rows that disagree with the snapshot (a hand edit) are put
    /// right by the next command that schedules them, not a failure.
    func testACommandRepairsTimerRowsThatDisagreeWithTheSnapshot() throws {
        let m = try StoreFixtures.machine()
        let stale = try memoryEngine()
        try stale.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try stale.database.writer.write { try $0.execute(sql: "INSERT INTO timer VALUES ('C-1', 'case-timeout', 0, 'stepTimeout', 0)") }
        let accepted = try stale.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        let timeout = try XCTUnwrap(accepted.state.pendingTimers.first { $0.id == "case-timeout" })
        XCTAssertEqual(try stale.pendingTimers().first { $0.caseID == "C-1" && $0.timer.id == "case-timeout" }?.timer.at, timeout.at)

        let missing = try memoryEngine()
        try missing.open("C-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try missing.apply("C-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        try missing.database.writer.write { try $0.execute(sql: "DELETE FROM timer WHERE case_id = 'C-1' AND kind LIKE 'case%'") }
        let extended = try missing.apply("C-1", .extend(workdays: 3, approver: StoreFixtures.officer("h1", "market-head")),
                                         expectedVersion: 2, at: at("2025-09-23T10:00"))
        let pending = extended.state.pendingTimers.filter { $0.kind == .caseTimeout || $0.kind == .caseWarning }
        XCTAssertEqual(pending.count, 2)
        let rows = try missing.pendingTimers().filter { $0.caseID == "C-1" && ($0.timer.kind == .caseTimeout || $0.timer.kind == .caseWarning) }
        XCTAssertEqual(Set(rows.map(\.timer.at)), Set(pending.map(\.at)), "the extension wrote the rows back")
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
}
