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
    }
}
