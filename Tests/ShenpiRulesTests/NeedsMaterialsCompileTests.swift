import ShenpiLanguage
import ShenpiSyntax
import ShenpiMachine
import ShenpiRules
import XCTest

/// `needs-materials` in the compiled machine: `false` is `withoutMaterials`;
/// `true` (the default) is not encoded at all, so a machine compiled before
/// the key existed keeps its fingerprint and its stored cases their pin.
final class NeedsMaterialsCompileTests: XCTestCase {
    func compile(_ decision: String) throws -> Machine {
        let text = """
            workflow: w
            version: 1
            title: t
            department: d
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays }
            materials: [{ id: m, title: 材料, form: original }]
            steps:
              - id: a
                role: r
                checks: [m]
                decisions: { ok: ok, no: \(decision) }
              - { id: b, role: r, decisions: { ok: ok, no: refused } }
            outcomes: [{ id: ok, kind: granted }, { id: refused, kind: refused }]
            """
        let doc = Loader().load(text: text, file: "t.yaml")
        let (flow, _) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        return try XCTUnwrap(MachineCompiler.compile(flow, index: FlowIndex(flow))?.machine)
    }

    func testTrueIsTheDefaultAndLeavesNoTrace() throws {
        let absent = try compile("b")
        let explicit = try compile("{ next: b, needs-materials: true }")
        XCTAssertEqual(absent.fingerprint, explicit.fingerprint)
        XCTAssertFalse(String(decoding: try MachineCodec.encode(absent), as: UTF8.self).contains("withoutMaterials"))
    }

    func testFalseIsCompiledAndChangesTheFingerprint() throws {
        let absent = try compile("b")
        let without = try compile("{ next: b, needs-materials: false }")
        XCTAssertNotEqual(absent.fingerprint, without.fingerprint)
        guard case .task(let task) = without.nodes[0].kind else { return XCTFail("a task") }
        XCTAssertEqual(task.transitions.map(\.withoutMaterials), [nil, true])
        XCTAssertTrue(String(decoding: try MachineCodec.encode(without), as: UTF8.self).contains("\"withoutMaterials\":true"))
    }
}
