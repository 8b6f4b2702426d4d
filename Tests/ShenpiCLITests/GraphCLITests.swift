import Foundation
import ShenpiTestSupport
import XCTest

/// `shenpi graph`: output, exit codes and the messages of the CLI contract.
final class GraphCLITests: XCTestCase {
    func testMermaidIsTheDefaultAndMatchesTheSnapshot() throws {
        let r = try CLI.run(["graph", "workflows/transport/senior-bus-card.yaml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout, TestSupport.read("fixtures/graph/senior-bus-card.mmd"))
    }

    func testDOTWrittenToAFile() throws {
        let out = NSTemporaryDirectory() + "shenpi-graph-\(UUID().uuidString).dot"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["graph", "workflows/market/business-registration.yaml", "--format", "dot", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), TestSupport.read("fixtures/graph/business-registration.dot"))
    }

    func testSVG() throws {
        guard Self.dotInstalled else { throw XCTSkip("Graphviz's dot is not installed") }
        let r = try CLI.run(["graph", "workflows/transport/senior-bus-card.yaml", "--format", "svg"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("<svg"), r.stdout)
        XCTAssertTrue(r.stdout.contains("年龄自动核验"))
    }

    func testSVGWithoutGraphvizExitsTwoWithOneLine() throws {
        let r = try run(["graph", "workflows/transport/senior-bus-card.yaml", "--format", "svg"], path: "/nonexistent")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr,
            "shenpi: error: --format svg needs Graphviz's \"dot\" (apt-get install graphviz); use --format dot or mermaid\n")
    }

    func testAFlowWithLintErrorsIsNotDrawn() throws {
        let r = try CLI.run(["graph", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        let lint = try CLI.run(["lint", "fixtures/lint/err/unknown-key.yaml"])
        let errors = lint.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(": warning: ") }.joined(separator: "\n")
        XCTAssertEqual(r.stderr, errors)
        XCTAssertTrue(r.stderr.contains("[unknown-key]"), r.stderr)
    }

    func testBadUsageExitsTwoWithOneLine() throws {
        let format = try CLI.run(["graph", "workflows/transport/senior-bus-card.yaml", "--format", "png"])
        XCTAssertEqual(format.status, 2)
        XCTAssertEqual(format.stderr, "shenpi: error: unknown format \"png\"; expected one of mermaid, dot, svg\n")
        let missing = try CLI.run(["graph", "no/such/flow.yaml"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "shenpi: error: no such file or folder: no/such/flow.yaml\n")
        let folder = try CLI.run(["graph", "workflows"])
        XCTAssertEqual(folder.status, 2)
        XCTAssertEqual(folder.stderr, "shenpi: error: graph draws one flow; workflows is a folder\n")
        let registry = try CLI.run(["graph", "workflows/registry.yaml"])
        XCTAssertEqual(registry.status, 2)
        XCTAssertEqual(registry.stderr, "shenpi: error: workflows/registry.yaml holds no flow (a flow file starts with a `workflow:` key)\n")
        XCTAssertEqual(try CLI.run(["graph"]).status, 2)
    }

    func testUnwritableOutIsBadUsage() throws {
        let r = try CLI.run(["graph", "workflows/transport/senior-bus-card.yaml", "--out", "/nonexistent/dir/x.mmd"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("shenpi: error: cannot write /nonexistent/dir/x.mmd: "), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr)
    }

    /// `--out` through a link writes the link's target and keeps the link;
    /// a named pipe (like `/dev/null` or `/dev/stdout`) is written to, never
    /// replaced by a file; a folder is refused.
    func testOutFollowsLinksAndWritesIntoPipes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let flow = "workflows/transport/senior-bus-card.yaml"
        let expected = try CLI.run(["graph", flow]).stdout
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.mmd", withDestinationPath: "sub/real.mmd")
        let linked = try CLI.run(["graph", flow, "--out", dir + "/link.mmd"])
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertEqual(try String(contentsOfFile: dir + "/sub/real.mmd", encoding: .utf8), expected)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.mmd"), "sub/real.mmd", "still a link")

        let pipe = dir + "/pipe"
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let reader = open(pipe, O_RDWR | O_NONBLOCK)  // keeps the pipe open, so the writer's open does not wait
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        let piped = try CLI.run(["graph", flow, "--out", pipe])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(reader, &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer[0..<max(count, 0)], as: UTF8.self), expected)
        let type = try FileManager.default.attributesOfItem(atPath: pipe)[.type] as? FileAttributeType
        XCTAssertEqual(type, .typeUnknown, "still a named pipe, not a regular file")  // Foundation has no FIFO type

        let folder = try CLI.run(["graph", flow, "--out", dir + "/sub"])
        XCTAssertEqual(folder.status, 2)
        XCTAssertEqual(folder.stderr, "shenpi: error: cannot write \(dir)/sub: it is a folder\n")
    }

    static var dotInstalled: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/dot") }
    }

    /// Runs the binary from the repository root with `PATH` replaced.
    func run(_ arguments: [String], path: String) throws -> CLI.Result {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: TestSupport.repositoryRoot)
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = path
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
