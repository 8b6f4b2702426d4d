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

    func testHelpExitsZero() throws {
        let r = try CLI.run(["help", "compile"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("USAGE: shenpi compile"), r.stdout)
    }
}
