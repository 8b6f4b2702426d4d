import Foundation
import ShenpiMachine
import ShenpiTestSupport
import XCTest

final class CompileCLITests: XCTestCase {
    func testPrintsTheCanonicalMachine() throws {
        let r = try CLI.run(["compile", "workflows/meteorology/lightning-design.yaml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let machine = try MachineCodec.decode(Data(r.stdout.utf8))
        XCTAssertEqual(machine.workflow, "lightning-design")
        XCTAssertEqual(r.stdout, String(decoding: try MachineCodec.encode(machine), as: UTF8.self) + "\n")
        let fp = try CLI.run(["compile", "--fingerprint", "workflows/meteorology/lightning-design.yaml"])
        XCTAssertEqual(fp.stdout, machine.fingerprint + "\n")
    }

    func testFlowWithErrorsIsNotCompiled() throws {
        let r = try CLI.run(["compile", "fixtures/lint/err/no-path-to-outcome.yaml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("[no-path-to-outcome]"), r.stderr)
    }

    /// What a suppression hid from lint and the compiler will not take: the
    /// file's fault (exit 1, with the reason), not a Shenpi bug (exit 3).
    func testASuppressedCeilingErrorIsNotCompiled() throws {
        let dir = NSTemporaryDirectory() + "shenpi-compile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/timeout-extends.yaml"
        try """
            # shenpi-lint disable extension-approver -- 试验
            workflow: timeout-extends
            version: 1
            title: t
            department: d
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 10 workdays, extension: { max: 10 workdays, by: head } }
            steps:
              - id: decide
                role: head
                limit: 2 workdays
                on-timeout: extend
                decisions:
                  approve: approved
                  extend: { extend: 5 workdays, next: decide }
            outcomes: [{ id: approved, kind: granted }]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["compile", file])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("passed lint but did not compile: step \"decide\" extends the case limit on timeout"), r.stderr)
    }

    func testHelpExitsZero() throws {
        let r = try CLI.run(["help", "compile"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("USAGE: shenpi compile"), r.stdout)
    }
}
