import ShenpiLanguage
import ShenpiRules
import ShenpiSyntax
import XCTest

/// `follow-up-limit`: up to 15 working days (21 calendar days) is quiet, one more warns.
final class FollowUpLimitRuleTests: XCTestCase {
    func warnings(_ limit: String) throws -> [String] {
        let text = "registry: c\ntitle: 中心\ndepartments: []\nroles: []\nsupervision:\n  follow-up-within: \(limit)\n"
        let root = try XCTUnwrap(Loader().load(text: text, file: "registry.yaml").root)
        let (registry, diagnostics) = RegistryDecoder.decode(root, file: "registry.yaml")
        XCTAssertEqual(diagnostics, [], limit)
        return FollowUpLimitRule().check(registry).map { "\($0.range.start) \($0.severity) \($0.rule)" }
    }

    func testLimitsUpToFifteenWorkdaysOrTwentyOneDaysAreQuiet() throws {
        for limit in ["1 workday", "15 workdays", "1 day", "21 days"] {
            XCTAssertEqual(try warnings(limit), [], limit)
        }
        XCTAssertEqual(try warnings("16 workdays"), ["6:21 warning follow-up-limit"])
        XCTAssertEqual(try warnings("22 days"), ["6:21 warning follow-up-limit"])
    }
}
