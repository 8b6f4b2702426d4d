import Foundation
import ShenpiRender
import XCTest

/// `--format svg`: finding Graphviz, and what it draws.
final class GraphSVGTests: XCTestCase {
    func testLocateFindsNothingOnAnEmptyOrForeignPath() {
        XCTAssertNil(Graphviz.locate(searchPath: nil))
        XCTAssertNil(Graphviz.locate(searchPath: ""))
        XCTAssertNil(Graphviz.locate(searchPath: "/nonexistent/bin:/nonexistent/usr/bin"))
    }

    func testLocateTakesTheFirstExecutableDotOnThePath() throws {
        let dir = NSTemporaryDirectory() + "shenpi-graph-path-" + UUID().uuidString
        let plain = dir + "/plain", tools = dir + "/tools"
        for d in [plain, tools] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Not executable: skipped.
        _ = FileManager.default.createFile(atPath: plain + "/dot", contents: Data("x".utf8), attributes: [.posixPermissions: 0o644])
        _ = FileManager.default.createFile(atPath: tools + "/dot", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        XCTAssertEqual(Graphviz.locate(searchPath: "/nonexistent:\(plain):\(tools)")?.executable, tools + "/dot")
    }

    func testSVGFormatWithoutGraphvizSaysHowToGetIt() throws {
        let r = try GraphFixture.real("workflows/transport/senior-bus-card.yaml")
        XCTAssertThrowsError(try r.render(.svg, graphviz: nil)) { error in
            XCTAssertEqual("\(error)", "--format svg needs Graphviz's \"dot\" (apt-get install graphviz); use --format dot or mermaid")
        }
    }

    func testAFailingDotIsReportedWithItsMessage() throws {
        let dir = NSTemporaryDirectory() + "shenpi-graph-fake-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fake = dir + "/dot"
        _ = FileManager.default.createFile(atPath: fake, contents: Data("#!/bin/sh\necho 'syntax error in line 1' >&2\nexit 1\n".utf8),
            attributes: [.posixPermissions: 0o755])
        XCTAssertThrowsError(try Graphviz(executable: fake).svg(fromDOT: "digraph {")) { error in
            XCTAssertEqual("\(error)", "\(fake) failed (status 1): syntax error in line 1")
        }
    }

    func testBusinessRegistrationAsSVG() throws {
        guard let graphviz = Graphviz.locate() else { throw XCTSkip("Graphviz's dot is not installed") }
        let r = try GraphFixture.real("workflows/market/business-registration.yaml")
        let svg = try r.render(.svg, graphviz: graphviz)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
        // The parallel block and its four branches are clusters; every step and outcome is drawn.
        XCTAssertEqual(svg.components(separatedBy: "class=\"cluster\"").count - 1, 5)
        for text in ["企业设立登记（“三证合一、一照一码”） · 法定 20 个工作日 · 承诺 5 个工作日", "四部门并联审批（全部办结）",
                     "工商登记", "登记审查", "企业登记审查员 · 2 个工作日", "汇合：全部 4 个分支办结", "准予登记，核发营业执照",
                     "超时自动（受理）"] {
            XCTAssertTrue(svg.contains(text), text)
        }
        XCTAssertTrue(svg.contains("fill=\"#d9f2d9\""), "granted outcome is green")
        XCTAssertTrue(svg.contains("fill=\"#fbe0e0\""), "refusals are red")
        XCTAssertTrue(svg.contains("stroke-dasharray"), "the timeout edge is dashed")
    }
}
