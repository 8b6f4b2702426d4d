import Foundation
import ShenpiMachine
import ShenpiRules
import ShenpiTestSupport
import XCTest

final class MachineCompilerTests: XCTestCase {
    func compiled(_ file: String) throws -> Machine {
        let result = try TestSupport.lint([file])
        let checked = try XCTUnwrap(result.flows.first)
        XCTAssertFalse(checked.hasErrors, "\(checked.diagnostics.map(\.canonicalLine))")
        let index = FlowIndex(checked.flow)
        return try XCTUnwrap(MachineCompiler.compile(checked.flow, index: index)?.machine, "\(file) did not compile")
    }

    func testEveryRealFlowCompilesAndRoundTrips() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: TestSupport.path("workflows"))
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("registry.yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for f in files {
            let m = try compiled("workflows/" + f)
            XCTAssertEqual(m.fingerprint.count, 64)
            let data = try MachineCodec.encode(m)
            XCTAssertEqual(try MachineCodec.decode(data), m, f)
            XCTAssertEqual(try MachineCodec.encode(try MachineCodec.decode(data)), data, "encoding is stable: \(f)")
            XCTAssertEqual(try m.parsedExpressions().count, m.expressions.count)
        }
    }

    func testParallelBlockTables() throws {
        let m = try compiled("workflows/market/business-registration.yaml")
        XCTAssertEqual(m.blocks.count, 1)
        let block = m.blocks[0]
        XCTAssertEqual(block.branches.count, 4)
        XCTAssertEqual(block.required, 4, "join: all")
        XCTAssertEqual(Set(block.cancellation), Set(block.branches.flatMap(\.nodes)))
        guard case .parallel(let b) = m.nodes[block.node].kind else { return XCTFail("block node") }
        XCTAssertEqual(b, 0)
        for (i, br) in block.branches.enumerated() {
            XCTAssertEqual(m.nodes[br.entry].branch, i)
            XCTAssertEqual(m.nodes[br.entry].block, 0)
        }
        XCTAssertEqual(m.start, .node(0))
    }

    func testMaterialsAsBitSets() throws {
        let m = try compiled("workflows/market/business-registration.yaml")
        XCTAssertEqual(m.materials.count, 16)
        guard case .task(let accept) = m.nodes[0].kind else { return XCTFail("accept is a task") }
        let required = accept.checks.intersection(m.alwaysRequired)
        let expected = m.materials.indices.filter { i in
            accept.checks.contains(i) && m.materials[i].requirement == "always" && m.materials[i].condition == nil
        }
        XCTAssertEqual(Array(required), expected)
        XCTAssertGreaterThan(expected.count, 3)
        let submitted = MaterialSet(expected.prefix(3))
        let missing = required.subtracting(submitted)
        XCTAssertEqual(Array(missing), Array(expected.dropFirst(3)))
    }

    func testFingerprintChangesWithContentAndTamperingIsRefused() throws {
        let m = try compiled("workflows/transport/senior-bus-card.yaml")
        var changed = m
        changed.title += "（修订）"
        XCTAssertNotEqual(try MachineCodec.fingerprint(of: changed), m.fingerprint)
        let tampered = try MachineCodec.encode(changed)  // old fingerprint, new content
        XCTAssertThrowsError(try MachineCodec.decode(tampered)) { error in
            guard case MachineError.fingerprintMismatch = error else { return XCTFail("\(error)") }
        }
    }

    func testLintCompilesWithoutTheFingerprintOtherwiseTheSameMachine() throws {
        let result = try TestSupport.lint(["workflows/transport/senior-bus-card.yaml"])
        let flow = try XCTUnwrap(result.flows.first).flow
        let full = try XCTUnwrap(MachineCompiler.compile(flow, index: FlowIndex(flow))?.machine)
        var bare = try XCTUnwrap(MachineCompiler.compile(flow, index: FlowIndex(flow), fingerprint: false)?.machine)
        XCTAssertEqual(bare.fingerprint, "")
        bare.fingerprint = full.fingerprint
        XCTAssertEqual(bare, full)
    }

    func testMaterialSetAlgebra() {
        let a = MaterialSet([0, 3, 64, 130])
        let b = MaterialSet([3, 130])
        XCTAssertEqual(Array(a.subtracting(b)), [0, 64])
        XCTAssertEqual(Array(a.intersection(b)), [3, 130])
        XCTAssertEqual(a.union(b), a)
        XCTAssertEqual(MaterialSet([1]).subtracting(MaterialSet([1])), MaterialSet())
        XCTAssertTrue(MaterialSet([5]).subtracting(MaterialSet([5])).isEmpty)
    }
}
