import Foundation
import ShenpiTestSupport
import XCTest

/// Runs the built `shenpi` binary: exit codes, formats and stdin are the CLI
/// contract CI systems depend on.
final class LintCLITests: XCTestCase {
    /// A folder lint cannot read is an error (exit 2), never passed over: a
    /// CI lint that saw nothing there would pass a broken flow. Permissions
    /// do not bind root, so as root the run drops to `nobody`.
    func testAnUnreadableFolderIsAnErrorNotSkipped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-unreadable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/hidden", withIntermediateDirectories: true)
        defer { chmod(dir + "/hidden", 0o755); try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: TestSupport.path("fixtures/lint/ok/lightning-design.yaml"), toPath: dir + "/ok.yaml")
        try "workflow: x\n".write(toFile: dir + "/hidden/broken.yaml", atomically: true, encoding: .utf8)
        chmod(dir, 0o755)
        chmod(dir + "/hidden", 0)
        if getuid() == 0, !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") { throw XCTSkip("root without setpriv (util-linux)") }
        // `shenpi test` walks a folder of scenarios the same way.
        for command in ["lint", "test"] {
            let p = Process()
            if getuid() == 0 {
                p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                p.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", CLI.binary.path, command, dir]
            } else {
                p.executableURL = CLI.binary
                p.arguments = [command, dir]
            }
            p.currentDirectoryURL = URL(fileURLWithPath: "/")
            let err = Pipe()
            p.standardError = err
            p.standardOutput = Pipe()
            try p.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 2, command + ": " + text)
            XCTAssertTrue(text.contains("cannot read folder \(dir)/hidden: Permission denied"), command + ": " + text)
        }
    }

    /// Naming one flow reads its whole catalog (calls, workflow ids, the
    /// registry): an unreadable folder in it is exit 2 as in a folder lint,
    /// not a catalog quietly read as empty (a wrong "not defined" error and
    /// no registry).
    func testAnUnreadableFolderOfTheCatalogOfANamedFlowIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-unreadable-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: dir)
        defer { chmod(dir + "/tax", 0o755); try? FileManager.default.removeItem(atPath: dir) }
        chmod(dir, 0o755)
        chmod(dir + "/tax", 0)
        if getuid() == 0, !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") { throw XCTSkip("root without setpriv (util-linux)") }
        let p = Process()
        if getuid() == 0 {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", CLI.binary.path, "lint", "realestate/property-transfer.yaml"]
        } else {
            p.executableURL = CLI.binary
            p.arguments = ["lint", "realestate/property-transfer.yaml"]
        }
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let err = Pipe(), out = Pipe()
        p.standardError = err
        p.standardOutput = out
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 2, text + stdout)
        XCTAssertEqual(text, "shenpi: error: cannot read folder ./tax: Permission denied\n")
        XCTAssertEqual(stdout, "")
    }

    func testCleanCatalogExitsZeroWithNoOutput() throws {
        let r = try CLI.run(["lint", "workflows"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testCleanRunSaysSoOnATerminalAndInJSON() throws {
        XCTAssertEqual(try CLI.run(["lint", "--snippets", "always", "workflows"]).stdout, "no problems in 9 files\n")
        XCTAssertEqual(try CLI.run(["lint", "--format", "json", "workflows"]).stdout, "[]\n")
    }

    func testScenarioFilesAreSkippedAndSaidSoOnATerminal() throws {
        let r = try CLI.run(["lint", "fixtures/scenarios"])
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertEqual(r.stdout, "", "scenario files are not stray files of the catalog")
        let count = TestSupport.files(in: "fixtures/scenarios").count
        XCTAssertEqual(try CLI.run(["lint", "--snippets", "always", "fixtures/scenarios"]).stdout,
                       "no problems in 0 files; \(count) scenario files skipped (run them with shenpi test)\n")
    }

    func testDefaultPathIsWorkflows() throws {
        let r = try CLI.run(["lint"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testErrorsExitOneWithCanonicalLines() throws {
        let r = try CLI.run(["lint", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, TestSupport.read("fixtures/lint/err/unknown-key.out"))
    }

    func testWarningsAloneExitZero() throws {
        let r = try CLI.run(["lint", "fixtures/lint/err/unused-material.yaml"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("warning:"), r.stdout)
    }

    func testBadUsageExitsTwo() throws {
        XCTAssertEqual(try CLI.run(["lint", "--format", "xml", "workflows"]).status, 2)
        let missing = try CLI.run(["lint", "no/such/dir"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "shenpi: error: no such file or folder: no/such/dir\n")
        XCTAssertEqual(try CLI.run(["lint", "--snippets", "sometimes"]).status, 2)
    }

    func testStdinIsLintedWithTheCatalogOfTheWorkingDirectory() throws {
        let text = try XCTUnwrap(TestSupport.read("fixtures/lint/err/unknown-key.yaml"))
        let r = try CLI.run(["lint", "-"], stdin: text, directory: "fixtures/lint")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.hasPrefix("<stdin>:"), r.stdout)
        XCTAssertFalse(r.stdout.contains("no-registry"), r.stdout)
    }

    func testJSONHasExactlyTheDocumentedKeys() throws {
        let r = try CLI.run(["lint", "--format", "json", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertEqual(r.status, 1)
        let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertFalse(items.isEmpty)
        for item in items {
            for key in ["file", "line", "column", "severity", "rule", "message"] {
                XCTAssertNotNil(item[key], key)
            }
            XCTAssertEqual(item["file"] as? String, "fixtures/lint/err/unknown-key.yaml")
        }
    }

    /// A note that points at no place (route-loop's loop and hint) keeps the
    /// documented keys in JSON and still reaches SARIF.
    func testNotesWithoutAPlaceKeepTheirShape() throws {
        let json = try CLI.run(["lint", "--format", "json", "fixtures/lint/err/route-loop.yaml"])
        let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let notes = try XCTUnwrap(items.first?["notes"] as? [[String: Any]])
        XCTAssertEqual(notes.count, 2)
        for note in notes {
            XCTAssertEqual(Set(note.keys), ["message", "file", "line", "column"])
            XCTAssertTrue(note["line"] is NSNull && note["column"] is NSNull)
        }
        let sarif = try CLI.run(["lint", "--format", "sarif", "fixtures/lint/err/route-loop.yaml"])
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let result = try XCTUnwrap(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let related = try XCTUnwrap(result["relatedLocations"] as? [[String: Any]])
        XCTAssertEqual(related.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }, notes.compactMap { $0["message"] as? String })
        XCTAssertNil((related.first?["physicalLocation"] as? [String: Any])?["region"])
    }

    /// SARIF URIs: relative to the working folder, else `file://` (a bare absolute path is no URI).
    func testSARIFGivesAFileURIOutsideTheWorkingFolder() throws {
        let r = try CLI.run(["lint", "--format", "sarif", TestSupport.path("fixtures/lint/err/duplicate-id.yaml")], directory: "docs")
        XCTAssertTrue(r.stdout.contains("\"uri\" : \"file://" + TestSupport.path("fixtures/lint/err/duplicate-id.yaml") + "\""), r.stdout)
    }

    func testSARIFIsVersion210WithRegions() throws {
        let r = try CLI.run(["lint", "--format", "sarif", "fixtures/lint/err/duplicate-id.yaml"])
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(log["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.first?["ruleId"] as? String, "duplicate-id")
        let loc = try XCTUnwrap((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        XCTAssertNotNil((loc["region"] as? [String: Any])?["startLine"])
        XCTAssertNotNil(results.first?["relatedLocations"], "the 'first defined' note is a related location")
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints", "columns count Unicode scalars")
    }

    func testGitHubAnnotations() throws {
        let r = try CLI.run(["lint", "--format", "github", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertTrue(r.stdout.hasPrefix("::error file=fixtures/lint/err/unknown-key.yaml,line="), r.stdout)
    }

    func testSnippetsUnderlineTheRange() throws {
        let r = try CLI.run(["lint", "--snippets", "always", "fixtures/lint/err/unknown-key.yaml"])
        XCTAssertTrue(r.stdout.contains(" | "), r.stdout)
        XCTAssertTrue(r.stdout.contains("^~"), r.stdout)
        XCTAssertTrue(r.stdout.contains("error"), r.stdout)
    }
}

/// Runs the `shenpi` executable built next to the test bundle.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("shenpi")
        }
        return Bundle.main.bundleURL.appendingPathComponent("shenpi")
    }

    static func run(_ arguments: [String], stdin: String? = nil, directory: String = "") throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        // An absolute directory (a temporary catalog) as it is, else one of the repository.
        p.currentDirectoryURL = URL(fileURLWithPath: directory.hasPrefix("/") ? directory : TestSupport.path(directory))
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
