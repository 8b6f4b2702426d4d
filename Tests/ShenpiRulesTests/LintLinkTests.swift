import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Symbolic links in and around a catalog, built in a temporary folder (the
/// test process's own working folder is elsewhere, as a CI job's would be).
final class LintLinkTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "shenpi-links-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ relative: String, _ text: String) throws {
        try TestSupport.write(text, to: dir + "/" + relative)
    }

    func link(_ relative: String, to target: String) throws {
        let path = dir + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        XCTAssertEqual(symlink(target, path), 0, relative)
    }

    func lint(_ paths: [String], in folder: String = "") throws -> LintResult {
        try Linter(calendars: TestSupport.calendars, workingDirectory: folder.isEmpty ? dir : dir + "/" + folder).lint(paths: paths)
    }

    func lines(_ paths: [String], in folder: String = "") throws -> [String] {
        try lint(paths, in: folder).diagnostics.map(\.canonicalLine)
    }

    /// A clean flow with `id`, or with an invalid `kind` (one error at 5:7).
    static func flow(_ id: String, broken: Bool = false) -> String {
        LinterTests.flow(calendar: "cn", limit: "1 workday")
            .replacingOccurrences(of: "workflow: hourly", with: "workflow: \(id)")
            .replacingOccurrences(of: "kind: immediate", with: broken ? "kind: BROKEN" : "kind: immediate")
    }

    static func kindError(_ file: String) -> String {
        "\(file):5:7: error: invalid value \"BROKEN\" for \"kind\"; expected one of immediate, promised [invalid-value]"
    }

    /// A link's relative target is read from the link's folder, as the system
    /// reads it: a linked flow was left out in silence (a CI lint passed a
    /// broken flow), and one named alone was "not a regular file".
    func testAFileLinkWithARelativeTargetIsLinted() throws {
        try write("cat/registry.yaml", LinterTests.registry)
        try write("cat/ok.yaml", Self.flow("ok"))
        try write("shared/bad.yaml", Self.flow("bad", broken: true))
        try link("cat/bad2.yaml", to: "../shared/bad.yaml")
        try link("cat/sub/bad.yaml", to: "../../shared/bad.yaml")
        let both = [Self.kindError("cat/bad2.yaml"), Self.kindError("cat/sub/bad.yaml")]
        // Two link files are two entries of the catalog, each checked under its name.
        XCTAssertEqual(try lines(["cat"]).filter { $0.hasSuffix("[invalid-value]") }, both)
        XCTAssertEqual(try lines(["sub/bad.yaml"], in: "cat").filter { $0.hasSuffix("[invalid-value]") }, [Self.kindError("sub/bad.yaml")])
        XCTAssertEqual(try lint(["cat"]).filesChecked, 4)
    }

    /// `nested/up -> ..`: a linked folder whose target climbs.
    func testAFileBelowALinkedFolderThatClimbsIsLinted() throws {
        try write("sym/registry.yaml", LinterTests.registry)
        try write("sym/real/a.yaml", Self.flow("a", broken: true))
        try link("sym/nested/up", to: "..")
        XCTAssertEqual(try lines(["nested/up/real/a.yaml"], in: "sym"), [Self.kindError("nested/up/real/a.yaml")])
        XCTAssertEqual(try lines(["nested/up"], in: "sym"), [Self.kindError("nested/up/real/a.yaml")])
    }

    /// One file reached by two paths is one flow: its id does not clash with
    /// itself. It is shown under the path named, not the catalog walk's.
    func testAFileReachedThroughALinkedFolderIsCheckedOnce() throws {
        try write("registry.yaml", LinterTests.registry)
        try write("real/inner/a.yaml", Self.flow("a", broken: true))
        try link("rlink", to: "real")
        let result = try lint(["rlink"])
        XCTAssertEqual(result.diagnostics.map(\.canonicalLine), [Self.kindError("rlink/inner/a.yaml")])
        XCTAssertEqual(result.filesChecked, 1)
        XCTAssertEqual(try lines(["real"]), [Self.kindError("real/inner/a.yaml")])
    }

    /// Named twice, by two paths: the first named wins.
    func testAFileNamedTwiceIsCheckedOnceUnderTheFirstName() throws {
        try write("registry.yaml", LinterTests.registry)
        try write("real/a.yaml", Self.flow("a", broken: true))
        try write("real/inner/b.yaml", Self.flow("b"))
        try link("alias", to: "real")
        XCTAssertEqual(try lines(["alias", "real"]), [Self.kindError("alias/a.yaml")])
        XCTAssertEqual(try lines(["real", "alias"]), [Self.kindError("real/a.yaml")])
        XCTAssertEqual(try lines(["real/a.yaml", "alias/a.yaml", "real/a.yaml"]), [Self.kindError("real/a.yaml")])
        XCTAssertEqual(try lint(["alias", "real"]).filesChecked, 2)
    }

    /// A catalog reached as itself and through a link (`nested/up -> ..`)
    /// keeps its registry and its flows under either name: no false
    /// `no-registry` and no undefined call.
    func testTwoNamesOfOneCatalogShareItsRegistry() throws {
        try write("sym/registry.yaml", LinterTests.registry)
        try write("sym/real/a.yaml", Self.flow("a"))
        try link("sym/nested/up", to: "..")
        XCTAssertEqual(try lines(["nested/up/registry.yaml", "real/a.yaml"], in: "sym"), [])
        XCTAssertEqual(try lines(["real/a.yaml", "nested/up/real/a.yaml"], in: "sym"), [])
    }

    /// A link to nothing, or a loop, named on the command line is an `io`
    /// error as in a folder (exit 1), not a path that does not exist (exit 2).
    func testANamedBrokenLinkIsAnIOError() throws {
        try write("registry.yaml", LinterTests.registry)
        try link("dangling.yaml", to: "nothing.yaml")
        try link("loop1.yaml", to: "loop2.yaml")
        try link("loop2.yaml", to: "loop1.yaml")
        XCTAssertEqual(try lines(["dangling.yaml"]), ["dangling.yaml:1:1: error: cannot read file: no such file or directory [io]"])
        XCTAssertEqual(try lines(["loop1.yaml"]), ["loop1.yaml:1:1: error: cannot read file: too many levels of symbolic links [io]"])
        XCTAssertThrowsError(try lint(["nothing.yaml"])) { error in
            XCTAssertEqual((error as? LintUsageError)?.description, "no such file or folder: nothing.yaml")
        }
    }
}
