import Foundation
import ShenpiRender
import ShenpiTestSupport
import XCTest

/// Two real flows drawn in each text format must match the checked-in files
/// under `fixtures/graph/` byte for byte (`SHENPI_RECORD=1 swift test` rewrites them).
final class GraphSnapshotTests: XCTestCase {
    static let flows = [
        ("workflows/market/business-registration.yaml", "business-registration"),
        ("workflows/transport/senior-bus-card.yaml", "senior-bus-card"),
    ]

    func testMermaidSnapshots() throws {
        for (path, name) in Self.flows {
            try assertSnapshot(try GraphFixture.real(path).mermaid(), "fixtures/graph/\(name).mmd")
        }
    }

    func testDOTSnapshots() throws {
        for (path, name) in Self.flows {
            try assertSnapshot(try GraphFixture.real(path).dot(), "fixtures/graph/\(name).dot")
        }
    }

    func testOutputIsDeterministic() throws {
        for (path, _) in Self.flows {
            let a = try GraphFixture.real(path), b = try GraphFixture.real(path)
            XCTAssertEqual(a.mermaid(), b.mermaid())
            XCTAssertEqual(a.dot(), b.dot())
        }
    }

    /// Every flow of the project's catalog gives DOT that Graphviz accepts.
    func testEveryRealFlowLaysOutWithGraphviz() throws {
        guard Graphviz.locate() != nil else { throw XCTSkip("Graphviz's dot is not installed") }
        let result = try TestSupport.lint(["workflows"])
        XCTAssertGreaterThanOrEqual(result.flows.count, 8)
        for checked in result.flows {
            let renderer = GraphRenderer(flow: checked.flow, registry: checked.catalog.registry)
            let svg = try XCTUnwrap(try GraphFixture.svg(renderer.dot()), checked.flow.file)
            XCTAssertTrue(svg.contains("<svg"), checked.flow.file)
            XCTAssertTrue(svg.contains("开始"), checked.flow.file)
        }
    }

    func assertSnapshot(_ actual: String, _ file: String, line: UInt = #line) throws {
        if TestSupport.recording {
            try actual.write(toFile: TestSupport.path(file), atomically: true, encoding: .utf8)
            return
        }
        guard let expected = TestSupport.read(file) else {
            XCTFail("\(file) is missing; record it with SHENPI_RECORD=1", line: line)
            return
        }
        XCTAssertEqual(actual, expected, "output differs from \(file); re-record with SHENPI_RECORD=1 if the change is intended", line: line)
    }
}
