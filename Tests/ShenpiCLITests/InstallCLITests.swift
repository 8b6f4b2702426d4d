import Foundation
import ShenpiTestSupport
import XCTest

/// An installation is the executable with its `*.resources` folders beside
/// it (operations.md). Without them the CLI says so and exits 3 (SwiftPM's
/// own lookup stopped the program, exit 132); through a link to the
/// executable they are found beside the real file.
final class InstallCLITests: XCTestCase {
    func testAnExecutableWithoutItsResourcesSaysSoAndExits3() throws {
        guard let built = BuiltShenpi.url else { throw XCTSkip("shenpi not built") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("shenpi")
        try FileManager.default.copyItem(at: built, to: copy)
        let r = try run(copy, ["calendar", "add", "2025-09-26", "10"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("the folder Shenpi_ShenpiCalendar.resources is not beside the executable (\(dir.path)/Shenpi_ShenpiCalendar.resources)"), r.stderr)

        let link = dir.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: built)
        let linked = try run(link, ["calendar", "add", "2025-09-26", "10"])
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertEqual(linked.stdout, "2025-10-16\n")
    }

    private func run(_ executable: URL, _ arguments: [String]) throws -> BuiltShenpi.Output {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return BuiltShenpi.Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
