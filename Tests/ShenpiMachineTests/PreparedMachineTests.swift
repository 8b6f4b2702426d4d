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
            XCTAssertEqual(decoded.tables.condition(i), try decoded.parsedExpressions()[i])
        }
        XCTAssertNil(decoded.tables.condition(decoded.expressions.count))
    }

    func testPreparationFollowsEdits() throws {
        var m = try machine()
        let issue = try XCTUnwrap(m.node(named: "issue"))
        m.nodes[issue].id = "hand-out"
        XCTAssertNil(m.node(named: "issue"))
        XCTAssertEqual(m.node(named: "hand-out"), issue)
        m.expressions.append("by-agent and needs-prior-approval")
        XCTAssertNotNil(m.tables.condition(m.expressions.count - 1))
        m.templates["accepted"] = "已受理 {case.number}"
        XCTAssertEqual(m.tables.template(id: "accepted")?.segments, [.literal("已受理 "), .placeholder("case.number")])
        XCTAssertEqual(TemplateText("a{b}{c").segments, [.literal("a"), .placeholder("b"), .literal("{c")])
    }

    /// The tables the engine reads are the machine's fields, after any edit.
    func testTablesFollowEdits() throws {
        var m = try machine()
        func same(_ m: Machine) {
            let t = m.tables
            XCTAssertEqual(t.title, m.title)
            XCTAssertEqual(t.limits, m.limits)
            XCTAssertEqual(t.fields, m.fields)
            XCTAssertEqual(t.materials, m.materials)
            XCTAssertEqual(t.expressions, m.expressions)
            XCTAssertEqual(t.nodes, m.nodes)
            XCTAssertEqual(t.blocks, m.blocks)
            XCTAssertEqual(t.outcomes, m.outcomes)
            XCTAssertEqual(t.start, m.start)
        }
        same(m)
        m.title = "另一事项"
        same(m)
        m.limits.promised = Limit(amount: 3, unit: .workdays)
        same(m)
        m.blocks[0].required = 1
        same(m)
        m.start = .outcome(0)
        same(m)
        m.materials[0].title = "申请书"
        m.fields.removeLast()
        m.outcomes[0].title = "准予"
        same(m)
        XCTAssertNil(m.tables.field("by-agent"))
    }

    func testFillingTheItemJoinsItToTheLiterals() {
        let text = TemplateText("{name}：您的{item}申请已受理，编号{case.number}{item}")
        XCTAssertEqual(text.filling(item: "某事项").slots,
                       [.other("name"), .literal("：您的某事项申请已受理，编号"), .caseNumber, .literal("某事项")])
        XCTAssertEqual(text.filling(item: "某事项").segments, text.segments)
        XCTAssertEqual(TemplateText("{item}").filling(item: "甲").literalBytes, 3)
    }
}
