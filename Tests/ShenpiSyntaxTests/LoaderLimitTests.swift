import XCTest

@testable import ShenpiSyntax

/// Anchors and aliases, and the bounds on depth and expanded size.
final class LoaderLimitTests: XCTestCase {
    func testAliasIsExpandedIntoACopy() throws {
        let doc = load("base: &b {k: v, 审批: [1]}\nuse: *b\n")
        XCTAssertEqual(doc.diagnostics, [])
        let root = try XCTUnwrap(doc.root)
        let base = try XCTUnwrap(root[testKey: "base"])
        let use = try XCTUnwrap(root[testKey: "use"])
        // The copy sits where the alias is; what is inside keeps the anchored text's ranges.
        XCTAssertEqual(use.range, span(2, 6, 2, 8))
        XCTAssertEqual(use.mappingEntries, base.mappingEntries)
        XCTAssertEqual(use.mappingEntries?.first?.key.range, span(1, 11, 1, 12))
    }

    func testScalarAliasAsKeyTakesPartInDuplicateDetection() throws {
        let doc = load("&k title: 1\n*k : 2\n")
        let d = single(doc)
        assertDiagnostic(d, rule: "duplicate-key", message: "duplicate key \"title\" in this mapping", range: span(2, 1, 2, 3))
        XCTAssertEqual(d?.notes.first?.message, "first defined at 1:1")
    }

    func testRedefinedAnchorUsesTheLatestNode() throws {
        let root = try XCTUnwrap(load("a: &x 1\nb: &x 2\nc: *x\n").root)
        XCTAssertEqual(root[testKey: "c"]?.scalar?.value, "2")
    }

    /// Nine levels of ten aliases: 10^9 nodes if expanded. Refused at the
    /// eighth `*d`, when the running total first passes 100000.
    func testBillionLaughsIsRefusedQuickly() {
        var text = "a: &a [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ", ") + "]\n"
        let names = Array("abcdefghi")
        for level in 1..<names.count {
            let alias = "*\(names[level - 1])"
            text += "\(names[level]): &\(names[level]) [" + Array(repeating: alias, count: 10).joined(separator: ", ") + "]\n"
        }
        // Refused where the count passes the limit (not after expanding): the position says so.
        let doc = load(text)
        XCTAssertNil(doc.root)
        // "e: &e [" is 7 characters; each "*d, " is 4, so the eighth alias starts at column 36.
        assertDiagnostic(
            single(doc), rule: "alias-expansion", message: "expanding aliases would create more than 100000 nodes",
            range: span(5, 36, 5, 38))
    }

    func testNodeBoundCountsKeysAndCollections() {
        // Mapping, a, list, x, y, b: 6 nodes; the alias copies the list (3 more): 9.
        let text = "a: &l [x, y]\nb: *l\n"
        XCTAssertEqual(load(text, limits: LoaderLimits(maxNodes: 9)).diagnostics, [])
        assertDiagnostic(
            single(load(text, limits: LoaderLimits(maxNodes: 8))), rule: "alias-expansion",
            message: "expanding aliases would create more than 8 nodes", range: span(2, 4, 2, 6))
    }

    func testFileWithoutAliasesIsNotBoundByNodeCount() {
        let doc = load("[1, 2, 3, 4, 5]", limits: LoaderLimits(maxNodes: 3))
        XCTAssertEqual(doc.diagnostics, [])
        XCTAssertEqual(doc.root?.sequenceItems?.count, 5)
    }

    func testTenThousandOpenBracketsAreRefused() {
        let doc = load(String(repeating: "[", count: 10_000))
        XCTAssertNil(doc.root)
        assertDiagnostic(
            single(doc), rule: "nesting-depth", message: "collections are nested more than 64 levels deep",
            range: span(1, 65, 1, 66))
    }

    func testDeepButClosedNestingIsRefused() {
        let deep = String(repeating: "{a: ", count: 5_000) + "x" + String(repeating: "}", count: 5_000)
        XCTAssertEqual(load(deep).diagnostics.map(\.rule), ["nesting-depth"])
        let blocks = String(repeating: "- ", count: 5_000) + "x\n"
        XCTAssertEqual(load(blocks).diagnostics.map(\.rule), ["nesting-depth"])
    }

    func testDepthAtTheLimitIsAccepted() throws {
        let limits = LoaderLimits(maxDepth: 2)
        XCTAssertEqual(load("a:\n  b: 1\n", limits: limits).diagnostics, [])
        let doc = load("a:\n  b:\n    c: 1\n", limits: limits)
        XCTAssertNil(doc.root)
        assertDiagnostic(
            single(doc), rule: "nesting-depth", message: "collections are nested more than 2 levels deep",
            range: span(3, 5, 3, 5))
    }

    func testAliasCannotNestBeyondTheDepthLimit() {
        let limits = LoaderLimits(maxDepth: 3)
        XCTAssertEqual(load("a: &a [[1]]\nb: *a\n", limits: limits).diagnostics, [])
        assertDiagnostic(
            single(load("a: &a [[1]]\nb: [*a]\n", limits: limits)), rule: "nesting-depth",
            message: "expanding alias \"a\" nests collections more than 3 levels deep", range: span(2, 5, 2, 7))
    }
}
