import ShenpiRender
import XCTest

/// 三证合一's promise: one set instead of each department's own list.
final class GuideOneSetTests: XCTestCase {
    func testJointApprovalShowsOneSetBesideTheSeparateTotal() throws {
        let page = try GuideFixture.page("workflows/market/business-registration.yaml")
        XCTAssertEqual(page.materials.count, 16)
        XCTAssertEqual(page.separateSubmissions, 18)
        XCTAssertTrue(GuideMarkdown.page(page).contains("申请人只需提交以下一套材料（共 16 项），若各审查部门分别受理则合计需提交 18 项次。"))
    }

    func testSingleDepartmentItemShowsNoComparison() throws {
        let page = try GuideFixture.page("workflows/transport/senior-bus-card.yaml")
        XCTAssertNil(page.separateSubmissions)
    }
}
