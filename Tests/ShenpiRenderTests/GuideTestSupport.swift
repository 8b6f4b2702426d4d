import Foundation
import ShenpiRender
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Builds guide sites the way `shenpi guide` run at the repository root does.
enum GuideFixture {
    static var linter: Linter {
        Linter(calendars: TestSupport.calendars, workingDirectory: TestSupport.repositoryRoot)
    }

    static func site(_ paths: [String]) throws -> GuideSite {
        try GuideSite.load(paths: paths, linter: linter)
    }

    static func page(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> GuidePage {
        let site = try site([path])
        XCTAssertEqual(site.problems.diagnostics.map(\.canonicalLine), [], file: file, line: line)
        return try XCTUnwrap(site.pages.first, file: file, line: line)
    }

    /// A throw-away catalog: `registry.yaml` plus the given files, in a new temporary folder.
    static func catalog(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-guide-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let registry = """
            registry: test-center
            title: 测试政务服务中心
            departments:
              - { id: center, title: 政务服务中心 }
              - { id: tax, title: 税务局 }
            roles:
              - { id: window, title: 综合受理窗口, department: center }
              - { id: tax-officer, title: 税务专管员, department: tax }

            """
        try registry.write(toFile: root + "/registry.yaml", atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(toFile: root + "/" + name, atomically: true, encoding: .utf8) }
        return root
    }

    static func site(inCatalog root: String, _ paths: [String]) throws -> GuideSite {
        try GuideSite.load(paths: paths, linter: Linter(calendars: TestSupport.calendars, workingDirectory: root))
    }
}
