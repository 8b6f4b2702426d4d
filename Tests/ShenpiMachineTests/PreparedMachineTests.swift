import Foundation
import ShenpiMachine
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// The prepared form (parsed conditions, indexes, split templates) follows
/// the machine's fields and never shows in its bytes, fingerprint or equality.
final class PreparedMachineTests: XCTestCase {
    func machine() throws -> Machine {
        let checked = try XCTUnwrap(try TestSupport.lint(["workflows/market/business-registration.yaml"]).flows.first)
        return try XCTUnwrap(MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine)
    }

    func testDecodedMachinesArePreparedAndBytesAreUnchanged() throws {
        let m = try machine()
        let data = try MachineCodec.encode(m)
        XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("prepared"))
        let decoded = try MachineCodec.decode(data)
        XCTAssertEqual(decoded, m)
        XCTAssertEqual(decoded.hashValue, m.hashValue)
        XCTAssertEqual(try MachineCodec.fingerprint(of: decoded), m.fingerprint)
        XCTAssertEqual(try MachineCodec.encode(decoded), data)
        for (i, node) in decoded.nodes.enumerated() { XCTAssertEqual(decoded.node(named: node.id), i) }
        for i in decoded.expressions.indices {
            XCTAssertEqual(decoded.prepared.condition(i), try decoded.parsedExpressions()[i])
        }
        XCTAssertNil(decoded.prepared.condition(decoded.expressions.count))
    }

    func testPreparationFollowsEdits() throws {
        var m = try machine()
        let issue = try XCTUnwrap(m.node(named: "issue"))
        m.nodes[issue].id = "hand-out"
        XCTAssertNil(m.node(named: "issue"))
        XCTAssertEqual(m.node(named: "hand-out"), issue)
        m.expressions.append("by-agent and needs-prior-approval")
        XCTAssertNotNil(m.prepared.condition(m.expressions.count - 1))
        m.templates["accepted"] = "已受理 {case.number}"
        XCTAssertEqual(m.prepared.template(id: "accepted")?.segments, [.literal("已受理 "), .placeholder("case.number")])
        XCTAssertEqual(TemplateText("a{b}{c").segments, [.literal("a"), .placeholder("b"), .literal("{c")])
    }
}
