import Foundation
import ShenpiScenario
import ShenpiTestSupport
import XCTest

/// A `submit`'s field values that cannot be sent at all: each said for what
/// it is (an unknown field, an empty value, a number out of range), at the
/// place to fix, before the scenario runs.
final class ScenarioFieldValueTests: XCTestCase {
    static let flow = """
        workflow: field-values
        version: 1
        title: 字段
        department: center
        kind: immediate
        calendar: cn
        limits: { legal: 1 workday }
        fields:
          - { id: count, title: 数量, type: integer, required: false }
          - { id: price, title: 价格, type: number, required: false }
          - { id: use, title: 用途, type: enum, values: [residential, other] }
        steps:
          - { id: handle, role: window, decisions: { approve: done-ok } }
        outcomes:
          - { id: done-ok, title: 办结, kind: granted }
        """

    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "shenpi-fields-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let registry = """
            registry: fields
            title: 政务服务中心
            departments: [{ id: center, title: 政务服务中心 }]
            roles: [{ id: window, title: 窗口, department: center }]
            """
        try registry.write(toFile: directory + "/registry.yaml", atomically: true, encoding: .utf8)
        try Self.flow.write(toFile: directory + "/flow.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The failures of a scenario that submits `fields` (line 6 of the file).
    func failures(_ fields: String) -> [String] {
        let text = """
            scenario: s
            flow: flow.yaml
            start: 2025-11-03T09:00+08:00
            actors: { w1: [window] }
            steps:
              - submit: { fields: \(fields) }

            """
        var runner = ScenarioRunner(workingDirectory: directory)
        return runner.run(text: text, file: "s.yaml", directory: directory).failures
    }

    func testAnUnknownFieldWithoutAValueIsNamedAtItsKey() {
        XCTAssertEqual(failures("{ use: other, zz: }"), [
            "s.yaml:6:37: error: the flow has no field \"zz\", and \"zz\" has no value; its fields are count, price, use [scenario-field-value]",
        ])
        XCTAssertEqual(failures("{ use: other, zz: { a: 1 } }"), [
            "s.yaml:6:41: error: the flow has no field \"zz\", and a mapping is no field value; its fields are count, price, use [scenario-field-value]",
        ])
    }

    /// `{ price: 1,5 }` is `price: 1` and a key `5`: the comma is said.
    func testADecimalCommaInBracesIsExplained() {
        XCTAssertEqual(failures("{ use: other, price: 1,5 }"), [
            "s.yaml:6:46: error: the flow has no field \"5\", and \"5\" has no value; its fields are count, price, use"
                + " (a comma ends an entry of { }, so 1,5 is 1 for \"price\" and then a key \"5\": write 1.5 for a number, or \"1,5\" in quotes for text)"
                + " [scenario-field-value]",
        ])
    }

    func testAKnownFieldWithoutAValueSaysWhatToWrite() {
        XCTAssertEqual(failures("{ use: other, count: }"), [
            "s.yaml:6:37: error: field \"count\" has no value; write a whole number, or leave the field out [scenario-field-value]",
        ])
        XCTAssertEqual(failures("{ use: ~ }"), [
            "s.yaml:6:25: error: field \"use\" has no value; write one of residential, other [scenario-field-value]",
        ])
    }

    func testAWholeNumberPast64BitsIsOutOfRange() {
        let range = "write a whole number from -9223372036854775808 to 9223372036854775807"
        XCTAssertEqual(failures("{ use: other, count: 9999999999999999999 }"), [
            "s.yaml:6:44: error: field \"count\" is of type integer: 9999999999999999999 is out of range; \(range) [scenario-field-value]",
        ])
        XCTAssertEqual(failures("{ use: other, count: -9999999999999999999 }"), [
            "s.yaml:6:44: error: field \"count\" is of type integer: -9999999999999999999 is out of range; \(range) [scenario-field-value]",
        ])
        XCTAssertEqual(failures("{ use: other, count: \"5\" }"), [
            "s.yaml:6:44: error: field \"count\" is of type integer: expected a whole number, found \"5\"; write it without quotes [scenario-field-value]",
        ])
        XCTAssertEqual(failures("{ use: other, count: 9223372036854775807, price: 1.5e2 }"), [])
    }
}
