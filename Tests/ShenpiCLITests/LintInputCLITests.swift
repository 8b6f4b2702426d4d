import Foundation
import ShenpiTestSupport
import XCTest

/// What `shenpi lint` reads: linked files, links to nothing, standard input.
final class LintInputCLITests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "shenpi-lint-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/cat/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/shared", withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// The serious one: a CI lint of a folder whose broken flow is a linked
    /// file passed (exit 0, no output).
    func testALinkedBrokenFlowFailsTheRun() throws {
        try FileManager.default.copyItem(atPath: TestSupport.path("fixtures/lint/registry.yaml"), toPath: dir + "/cat/registry.yaml")
        try FileManager.default.copyItem(atPath: TestSupport.path("fixtures/lint/err/unknown-key.yaml"), toPath: dir + "/shared/bad.yaml")
        XCTAssertEqual(symlink("../../shared/bad.yaml", dir + "/cat/sub/bad.yaml"), 0)
        let r = try CLI.run(["lint", "cat"], directory: dir)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("cat/sub/bad.yaml:13:5: error: unknown key \"limt\""), r.stdout)
        let named = try CLI.run(["lint", "sub/bad.yaml"], directory: dir + "/cat")
        XCTAssertEqual(named.status, 1, named.stderr)
        XCTAssertTrue(named.stdout.hasPrefix("sub/bad.yaml:13:5: error:"), named.stdout)
    }

    /// Named, a link to nothing is an `io` error (exit 1) as in a folder; a
    /// path that does not exist stays a usage error (exit 2).
    func testANamedDanglingLinkExitsOneWithAnIOError() throws {
        try FileManager.default.copyItem(atPath: TestSupport.path("fixtures/lint/registry.yaml"), toPath: dir + "/cat/registry.yaml")
        XCTAssertEqual(symlink("nothing.yaml", dir + "/cat/dangling.yaml"), 0)
        let r = try CLI.run(["lint", "dangling.yaml"], directory: dir + "/cat")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stdout, "dangling.yaml:1:1: error: cannot read file: no such file or directory [io]\n")
        let missing = try CLI.run(["lint", "nothing.yaml"], directory: dir + "/cat")
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "shenpi: error: no such file or folder: nothing.yaml\n")
    }

    /// Standard input is read to one byte past the 1 MiB limit and no further:
    /// a writer that keeps the pipe open after those bytes does not hold the
    /// run up (it was read to its end first: 200 MB piped in took 420 MB).
    /// Exactly limit + 1 bytes are written, so none is left unread to raise
    /// SIGPIPE here.
    func testStandardInputIsReadOnlyPastTheLimit() throws {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["lint", "-"]
        p.currentDirectoryURL = URL(fileURLWithPath: TestSupport.path("fixtures/lint"))
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        // Written from another thread: the pipe's buffer fills long before 1 MiB.
        let writer = inp.fileHandleForWriting
        DispatchQueue.global().async {
            try? writer.write(contentsOf: Data(repeating: 0x61, count: (1 << 20) + 1))
        }
        let finished = exited.wait(timeout: .now() + 60) == .success
        if !finished { p.terminate() }
        try? writer.close()
        XCTAssertTrue(finished, "shenpi lint - waited for the end of its input")
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 1)
        XCTAssertEqual(text, "<stdin>:1:1: error: file is more than 1048576 bytes; the limit is 1048576 [file-too-large]\n")
    }
}
