import ShenpiCalendar
@testable import ShenpiEngine
import ShenpiMachine
import XCTest

/// The submission's quick check (a field's kind, read once) accepts exactly
/// the values the full check (`FieldSpec.problem(with:)`) accepts.
final class FieldCheckTests: XCTestCase {
    func testKindsAcceptWhatTheFullCheckAccepts() throws {
        let values: [FieldValue] = [
            .string("某某"), .string("owned"), .string("leased"), .string("local"), .string("13800138000"), .string("0571-85100001"),
            .string("1380013800"), .string("11010519491231002X"), .string("110105194912310021"), .string(""),
            .integer(3), .integer(-1), .number(2.5), .boolean(true), .date(CivilDate(year: 2025, month: 9, day: 22)!),
            .list([]), .list([.string("a")]),
        ]
        var specs: [FieldSpec] = []
        for file in EngineFixtures.flowFiles { specs += try EngineFixtures.machine(file).fields }
        for type in ["string", "integer", "number", "boolean", "date", "phone", "resident-id", "list<string>", "list", "other"] {
            specs.append(FieldSpec(id: "x", type: type, values: nil, required: true))
        }
        specs.append(FieldSpec(id: "e", type: "enum", values: ["owned", "leased"], required: true))
        specs.append(FieldSpec(id: "e", type: "enum", values: nil, required: true))
        var accepted = 0
        for spec in specs {
            for value in values {
                let fits = value.fits(FieldKind(type: spec.type), spec)
                XCTAssertEqual(fits, spec.problem(with: value) == nil, "\(spec.type) \(value)")
                accepted += fits ? 1 : 0
            }
        }
        XCTAssertGreaterThan(accepted, 30)
    }
}
