import ShenpiRender
import XCTest

/// 三证合一's promise: one set instead of each department's own list.
final class GuideOneSetTests: XCTestCase {
    func testJointApprovalShowsOneSetBesideTheSeparateTotal() throws {
        let page = try GuideFixture.page("workflows/market/business-registration.yaml")
        XCTAssertEqual(page.materials.count, 16)
        XCTAssertEqual(page.separateSubmissions, 18)
        XCTAssertTrue(GuideMarkdown.page(page).contains("申请人只需提交以下一套材料（共 16 项，其中 4 项视情形提交），若各审查部门分别受理则合计需提交 18 项次。"))
        // The four an applicant may not be asked for: a `when:` of their own, or checked only at 视情况 steps.
        XCTAssertEqual(page.materials.filter { $0.condition != nil || !$0.onlyAt.isEmpty || $0.requirement == "非必要" }.count, 4)
    }

    func testSingleDepartmentItemShowsNoComparison() throws {
        let page = try GuideFixture.page("workflows/transport/senior-bus-card.yaml")
        XCTAssertNil(page.separateSubmissions)
    }
}
