import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// Random commands through every flow, persisted: whatever the store writes
/// (one log row per command, the case row's columns, only the timer rows a
/// command changed) must be exactly what the audit re-derives from the log.
final class RandomStoreTests: XCTestCase {
    func testRandomCasesOfEveryFlowPassTheAudit() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("random.sqlite")
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path, durability: .normal), calendars: StoreFixtures.calendars)
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: TestSupport.path("workflows"))) ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("registry.yaml") }.sorted().map { "workflows/" + $0 }
        var applied = 0, refused = 0, fired = 0, extended = 0
        let start = Instant(iso: "2025-03-03T09:00")!
        var now = start
        // Every flow first: a call step opens a case of the flow it calls.
        for file in files { try engine.deploy(try StoreFixtures.machine(file), at: now) }
        for (f, file) in files.enumerated() {
            let machine = try StoreFixtures.machine(file)
            for seed in 0..<10 {
                var rng = SystemRandomNumberGenerator.Seeded(seed: UInt64(f * 100 + seed))
                let id = "R-\(f)-\(seed)"
                now = start
                let submit = Command.submit(fields: fields(machine, &rng), materials: machine.materials.map { $0.id }.filter { _ in rng.next() % 5 != 0 },
                                            channel: seed % 3 == 0 ? .online : .window)
                var state = try engine.open(id, machine: .fingerprint(machine.fingerprint), submit: submit, at: now).state
                for _ in 0..<40 {
                    now = now.adding(seconds: Int(rng.next() % 150_000))
                    fired += try engine.fireDueTimers(upTo: now).filter { $0.error == nil }.count
                    state = try engine.case(id).state
                    for command in candidates(machine, state, &rng) {
                        do {
                            state = try engine.apply(id, command, expectedVersion: state.version, at: now).state
                            applied += 1
                            if case .extend = command { extended += 1 }
                        } catch CaseEngineError.engine, CaseEngineError.subcaseRefused {
                            refused += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(applied, 200)
        XCTAssertGreaterThan(refused, 50)
        XCTAssertGreaterThan(fired, 20)
        XCTAssertGreaterThan(extended, 2, "extensions")
        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch, report.mismatch.map { "\($0)" } ?? "")
        XCTAssertEqual(report.notRerun, 0)
        try checkListings(engine, from: start)
        try checkActed(engine)
    }

    /// 只受不理 reads `case_acted` instead of the log: at every instant of a
    /// case's history (and a second either side) it must say what a scan of
    /// the log up to then says — written here as the report wrote it before.
    private func checkActed(_ engine: CaseEngine) throws {
        func scanned(_ events: ArraySlice<CaseEvent>) -> Bool {
            guard let accepted = events.firstIndex(where: { if case .accepted = $0.fact { true } else { false } }) else { return false }
            return events[(accepted + 1)...].contains { e in
                // Before engine rules 8 every automatic event was the system's; under 8 a
                // sub-case's outcome deciding the call step is automatic in its name, and counts.
                guard e.actor != "system", e.actor != "applicant" else { return false }
                switch e.fact {
                case .decided, .specialProcedureStarted, .specialProcedureEnded, .extended, .supplementRequested: return true
                default: return false
                }
            }
        }
        var acted = 0
        try engine.database.writer.read { db in
            for row in try Row.fetchAll(db, sql: #"SELECT id, a.at FROM "case" LEFT JOIN case_acted a ON a.case_id = id"#) {
                let id: String = row[0], at: Int? = row[1]
                if at != nil { acted += 1 }
                let events = try Data.fetchAll(db, sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [id])
                    .flatMap { try EventChain.decodeEvents($0) }
                for t in Set(events.flatMap { [$0.at.adding(seconds: -1), $0.at, $0.at.adding(seconds: 1)] }) {
                    let upTo = events.prefix { $0.at <= t }
                    XCTAssertEqual(CaseActed.acted(at, by: t), scanned(upTo), "\(id) at \(t)")
                }
            }
        }
        XCTAssertGreaterThan(acted, 20)
    }

    /// A colour filter settles most rows from their columns: it must list
    /// exactly the cases whose snapshot has that colour, at any instant
    /// (before, near and long after every threshold), a page at a time.
    /// And every queue read from the index is the one the snapshots give.
    private func checkListings(_ engine: CaseEngine, from start: Instant) throws {
        var seen: [ClockColour: Int] = [:]
        for k in 0..<300 {
            let t = start.adding(seconds: k * 37_000)
            let all = try engine.cases(at: t)
            for colour in ClockColour.allCases {
                let expected = all.filter { $0.colour == colour }.map(\.id)
                seen[colour, default: 0] += expected.count
                let listed = try engine.cases(CaseQuery(colour: colour), at: t)
                XCTAssertEqual(listed.cases.map(\.id), expected, "\(colour) at \(t)")
                XCTAssertEqual(listed.total, expected.count)
                let page = try engine.cases(CaseQuery(status: .active, colour: colour, limit: 3, offset: 2), at: t)
                XCTAssertEqual(page.cases.map(\.id), Array(all.filter { $0.colour == colour && $0.status == .active }.map(\.id).dropFirst(2).prefix(3)))
            }
        }
        XCTAssertGreaterThan(seen[.yellow] ?? 0, 0)
        XCTAssertGreaterThan(seen[.red] ?? 0, 0)
        // Right at each case's thresholds, and a second before them.
        let instants = try engine.database.writer.read { db in
            try Row.fetchAll(db, sql: #"SELECT due_at, warn_at, finished_at, updated_at FROM "case""#).flatMap { row -> [Int] in
                [row[0], row[1], row[2], row[3]].compactMap { (v: Int?) in v }.flatMap { [$0 - 1, $0, $0 + 1] }
            }
        }
        for seconds in Set(instants).sorted() {
            let t = Instant(secondsSinceEpoch: seconds)
            let all = try engine.cases(at: t)
            for colour in ClockColour.allCases {
                XCTAssertEqual(try engine.cases(CaseQuery(colour: colour), at: t).cases.map(\.id), all.filter { $0.colour == colour }.map(\.id),
                               "\(colour) at \(t)")
            }
        }

        var expected: [String: [String]] = [:]
        for summary in try engine.cases(status: .active, at: start) {
            let record = try engine.case(summary.id)
            let machine = try engine.machine(record.fingerprint)
            for token in record.state.tokens {
                guard case .task(let task) = machine.nodes[token.node].kind else { continue }
                expected[task.role, default: []].append("\(token.enteredAt.secondsSinceEpoch) \(summary.id) \(machine.nodes[token.node].id)")
            }
        }
        XCTAssertGreaterThan(expected.values.map(\.count).reduce(0, +), 2, "\(expected)")
        for (role, items) in expected {
            let queue = try engine.workQueue(roles: [role])
            XCTAssertEqual(queue.items.map { "\($0.enteredAt.secondsSinceEpoch) \($0.caseID) \($0.node)" }, items.sorted(), role)
            XCTAssertEqual(queue.total, items.count)
        }
    }
}
