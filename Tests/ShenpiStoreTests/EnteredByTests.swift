import Foundation
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// The applicant's commands entered by a user (the window, the online hall,
/// the rating pad) are recorded for that user (步步留痕), and the audit
/// re-runs them as such.
final class EnteredByTests: XCTestCase {
    func testApplicantCommandsRecordWhoEnteredThemAndStillAudit() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("entered.sqlite")
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        let window = StoreFixtures.officer("li.na", "window")
        let pad = Actor(id: "rating-pad-3", roles: [])
        // Handed in without one material, supplemented at the window, then the whole case.
        let materials = m.materials.map(\.id)
        try engine.open("E-1", machine: .workflow(m.workflow),
                        submit: .submit(fields: StoreFixtures.fields, materials: Array(materials.dropLast()), channel: .window, by: window),
                        at: at("2025-09-22T09:30"))
        try engine.apply("E-1", .supplement(materials: [materials.last!], by: window), expectedVersion: nil, at: at("2025-09-22T09:40"))
        var version = try engine.case("E-1").version
        for (i, c) in ([StoreFixtures.accept] + StoreFixtures.branches).enumerated() {
            version = try engine.apply("E-1", c, expectedVersion: version, at: at("2025-09-23T09:00").adding(seconds: i * 600)).version
        }
        try engine.apply("E-1", .rate(level: 5, comment: nil, by: pad), expectedVersion: version, at: at("2025-09-25T10:00"))
        // A command without a user stays the applicant's.
        try engine.open("E-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T10:00"))

        let history = try engine.case("E-1").history.map(\.event)
        func actor(of fact: (Fact) -> Bool) -> String? { history.first { fact($0.fact) }?.actor }
        XCTAssertEqual(actor { if case .submitted = $0 { true } else { false } }, "li.na")
        XCTAssertEqual(actor { if case .supplemented = $0 { true } else { false } }, "li.na")
        XCTAssertEqual(actor { if case .rated = $0 { true } else { false } }, "rating-pad-3")
        XCTAssertEqual(try engine.case("E-2").history.first?.event.actor, "applicant")

        let report = try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
        XCTAssertNil(report.mismatch, "\(String(describing: report.mismatch))")
        XCTAssertEqual(report.notRerun, 0)
    }
}
