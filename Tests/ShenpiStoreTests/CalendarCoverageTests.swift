import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// A store whose running cases were counted on a local calendar copy holding
/// next year, opened without that copy: the cases are named, since the
/// audit (and every nightly `backup --strict`) can no longer re-run them.
final class CalendarCoverageTests: XCTestCase {
    let fields: [String: FieldValue] = ["applicant-name": .string("张三"), "id-number": .string("11010519491231002X"),
                                        "phone": .string("13812345678"), "hukou": .string("local"), "by-agent": .boolean(false)]

    /// The bundled calendars with a catalog copy of cn that holds 2027 (test data).
    static func withNextYear(in dir: TemporaryDirectory) throws -> CalendarRegistry {
        let folder = dir.file("calendars")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows/calendars/citizen-center.cal"), toPath: folder + "/citizen-center.cal")
        let cn = try String(contentsOfFile: TestSupport.path("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
        try (cn.replacingOccurrences(of: "2026-12-31", with: "2027-12-31") + "\nyear 2027 测试数据（并非国务院办公厅通知）\noff 2027-01-01 元旦\n")
            .write(toFile: folder + "/cn.cal", atomically: true, encoding: .utf8)
        return try CalendarRegistry.loading(directory: folder, over: .standard)
    }

    func testRunningCasesDuePastTheCalendarsDataAreFound() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("store.sqlite")
        let m = try StoreFixtures.machine("workflows/transport/senior-bus-card.yaml")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: try Self.withNextYear(in: dir))
            try engine.deploy(m, at: at("2026-12-01T09:00"))
            for (id, day) in [("EARLY", "2026-12-01"), ("LATE", "2026-12-21")] {
                try engine.open(id, machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: ["id-card"], channel: .window),
                                at: at(day + "T09:00"))
                try engine.apply(id, .decide(node: "accept", decision: "accept", actor: StoreFixtures.officer("w1", "window"), comment: nil),
                                 expectedVersion: nil, at: at(day + "T09:30"))
            }
            XCTAssertEqual(try engine.casesDuePastCalendarData(), [], "counted on the data it has")
        }
        // Started again without the copy: the bundled data end with 2026.
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let lost = try engine.casesDuePastCalendarData()
        XCTAssertEqual(lost.map(\.calendar), [m.calendar])
        XCTAssertEqual(lost.first?.count, 1, "EARLY is due in December")
        XCTAssertEqual(lost.first?.cases, ["LATE"])
        XCTAssertEqual(lost.first?.covers, CivilDate(iso: "2026-12-31"))
        XCTAssertGreaterThan(try XCTUnwrap(lost.first?.latestDue), Instant.endOfDay(CivilDate(iso: "2026-12-31")!))
    }

    /// A case due in December whose step, entered on the 23rd, is due in
    /// January was counted on next year's days too: the audit fails on it, so
    /// it is named although its case clock ends in the data (the year-end
    /// rehearsal found the log say 4 cases and the audit fail on a fifth).
    func testACaseWhoseStepIsDuePastTheDataIsFound() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("store.sqlite")
        let m = try StoreFixtures.machine("workflows/transport/senior-bus-card.yaml")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: try Self.withNextYear(in: dir))
            try engine.deploy(m, at: at("2026-12-01T09:00"))
            try engine.open("STEP", machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: ["id-card", "photo"], channel: .window),
                            at: at("2026-12-10T09:00"))
            try engine.apply("STEP", .decide(node: "accept", decision: "accept", actor: StoreFixtures.officer("w1", "window"), comment: nil),
                             expectedVersion: nil, at: at("2026-12-10T09:30"))
            try engine.apply("STEP", .decide(node: "eligibility-review", decision: "eligible", actor: StoreFixtures.officer("r1", "bus-card-reviewer"),
                                             comment: nil), expectedVersion: nil, at: at("2026-12-23T10:00"))
            XCTAssertEqual(try engine.case("STEP").state.caseClock?.due, at("2026-12-25T00:00"), "the case is due in December")
            // Accepted on the 21st (due in January), then stopped for testing: no due, no timer, still counted on 2027.
            try engine.open("PAUSED", machine: .workflow(m.workflow), submit: .submit(fields: fields, materials: ["id-card", "photo"], channel: .window),
                            at: at("2026-12-21T09:00"))
            try engine.apply("PAUSED", .decide(node: "accept", decision: "accept", actor: StoreFixtures.officer("w1", "window"), comment: nil),
                             expectedVersion: nil, at: at("2026-12-21T09:30"))
            try engine.apply("PAUSED", .startSpecialProcedure(reason: "检测", actor: StoreFixtures.officer("r1", "bus-card-reviewer"),
                                                              expected: TimeLimit(5, .days)), expectedVersion: nil, at: at("2026-12-22T10:00"))
            XCTAssertNil(try engine.case("PAUSED").state.caseClock?.due)
        }
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let lost = try engine.casesDuePastCalendarData()
        XCTAssertEqual(lost.first?.cases, ["PAUSED", "STEP"])
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(lost.first?.latestDue), at("2027-01-05T00:00"), "make-card: 7 workdays from 12-23")
    }
}
