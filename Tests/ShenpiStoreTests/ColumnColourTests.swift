import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// A listing by colour settles a case from its row's columns only where
/// the columns cannot be wrong: every quarter hour for weeks, whenever they
/// name a single colour it must be the snapshot's. The cases are the ones
/// where `warn_at` is not when the clock turns yellow (found in review).
final class ColumnColourTests: XCTestCase {
    private func mismatches(_ engine: CaseEngine, from: Instant, days: Int = 40) throws -> [String] {
        var out: [String] = []
        let rows = try engine.database.writer.read { db in
            try Row.fetchAll(db, sql: #"SELECT id, status, on_time, due_at, warn_at, updated_at FROM "case""#)
        }
        var settled = 0
        for row in rows {
            let id: String = row[0]
            for k in 0..<(days * 24 * 4) {
                let t = from.adding(seconds: k * 900)
                let possible = ColumnColour.possible(
                    finished: (row[1] as String) == "finished", onTime: row[2], due: row[3], warn: row[4], updatedAt: row[5], at: t)
                guard possible.count == 1 else { continue }
                settled += 1
                let colour = try XCTUnwrap(engine.cases(at: t).first { $0.id == id }).colour
                if !possible.contains(colour) {
                    out.append("\(id) at \(t): columns \(possible), snapshot \(colour)")
                    break
                }
            }
        }
        XCTAssertGreaterThan(settled, 100, "the columns settle most instants")
        return out
    }

    /// Accepted Monday 2025-09-22: `warn_at` is Saturday 00:00, but the
    /// clock turns yellow only when the next working day begins.
    func testAWeekendAfterTheThresholdDay() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        try engine.open("A", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("A", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        XCTAssertEqual(try mismatches(engine, from: at("2025-09-22T10:00")), [])
        let saturday = at("2025-09-27T12:00")
        XCTAssertEqual(try engine.cases(at: saturday).map(\.colour), [.normal])
        XCTAssertEqual(try engine.cases(CaseQuery(colour: .normal), at: saturday).cases.map(\.id), ["A"])
        XCTAssertEqual(try engine.cases(CaseQuery(colour: .yellow), at: saturday).total, 0)
        XCTAssertEqual(try engine.cases(CaseQuery(colour: .yellow), at: at("2025-09-28T12:00")).cases.map(\.id), ["A"])
    }

    /// Paused after exactly the warning threshold's days, resumed later:
    /// yellow only once the next counted day begins.
    func testAClockResumedOnItsThreshold() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine()
        let roles = Set(m.nodes.compactMap { n -> String? in if case .task(let t) = n.kind { return t.role } else { return nil } })
        let officer = Actor(id: "s", roles: roles)
        for (i, pauseAt) in ["2025-09-26T15:00", "2025-09-25T15:00", "2025-09-26T23:00"].enumerated() {
            let id = "P\(i)"
            try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
            var v = try engine.apply(id, StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00")).version
            v = try engine.apply(id, .startSpecialProcedure(reason: "检测", actor: officer), expectedVersion: v, at: at(pauseAt)).version
            try engine.apply(id, .endSpecialProcedure(actor: officer), expectedVersion: v, at: at("2025-10-13T10:00"))
        }
        XCTAssertEqual(try mismatches(engine, from: at("2025-10-13T10:00")), [])
    }

    /// A warning in working minutes on a limit in working days: the clock
    /// is never yellow, though the row has a `warn_at`.
    func testAWarningInMinutesOnADayLimit() throws {
        var m = try StoreFixtures.machine()
        m.limits.warnBefore = Limit(amount: 240, unit: .minutes)
        m.fingerprint = try MachineCodec.fingerprint(of: m)
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars)
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try engine.open("W", machine: .fingerprint(m.fingerprint), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("W", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
        XCTAssertEqual(try mismatches(engine, from: at("2025-09-22T10:00")), [])
        let warned = try XCTUnwrap(engine.case("W").state.caseClock?.warnAt).adding(seconds: 600)
        XCTAssertEqual(try engine.cases(CaseQuery(colour: .yellow), at: warned).total, 0)
    }

    /// Limits in working minutes, started at several times of day.
    func testLimitsInHours() throws {
        for (limit, warn) in [(480, 60), (480, 180), (240, 60), (600, 120), (960, 240)] {
            var m = try StoreFixtures.machine()
            m.limits.promised = Limit(amount: limit, unit: .minutes)
            m.limits.warnBefore = Limit(amount: warn, unit: .minutes)
            m.fingerprint = try MachineCodec.fingerprint(of: m)
            let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (i, start) in ["2025-09-22T10:00", "2025-09-22T14:00", "2025-09-26T16:00"].enumerated() {
                try engine.open("H\(i)", machine: .fingerprint(m.fingerprint), submit: StoreFixtures.submit(m), at: at(start).adding(seconds: -600))
                try engine.apply("H\(i)", StoreFixtures.accept, expectedVersion: 1, at: at(start))
            }
            XCTAssertEqual(try mismatches(engine, from: at("2025-09-22T10:00"), days: 10), [], "\(limit)/\(warn)")
        }
    }
}
