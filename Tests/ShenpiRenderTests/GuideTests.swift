import Foundation
import ShenpiExpression
import ShenpiLanguage
@testable import ShenpiRender
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

final class GuideEscapingTests: XCTestCase {
    func testHTMLEscapesMarkupAndQuotes() {
        XCTAssertEqual(GuideEscaping.html("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;")
        XCTAssertEqual(GuideEscaping.html("防雷装置设计审核《条例》"), "防雷装置设计审核《条例》")
    }

    func testMarkdownEscapesWhatCouldBecomeSyntax() {
        XCTAssertEqual(GuideEscaping.markdown("a|b *c* _d_ [e](f) <g> #h `i`"),
            "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\#h \\`i\\`")
        XCTAssertEqual(GuideEscaping.markdown("第一行\n第二行"), "第一行 第二行")
        XCTAssertEqual(GuideEscaping.markdown("市民中心 C 区 3 号窗口"), "市民中心 C 区 3 号窗口")
    }

    func testCodeSpansSurviveBackticksAndTablePipes() {
        XCTAssertEqual(GuideEscaping.markdownCode("use == 'x'"), "`use == 'x'`")
        XCTAssertEqual(GuideEscaping.markdownCode("a ` b"), "``a ` b``")
        XCTAssertEqual(GuideEscaping.markdownCode("`a`"), "`` `a` ``")
        XCTAssertEqual(GuideEscaping.markdownCode("a | b", inTable: true), "`a \\| b`")
    }

    func testFileNamesAreSafe() {
        XCTAssertEqual(GuideEscaping.fileName("lightning-design"), "lightning-design")
        XCTAssertEqual(GuideEscaping.fileName("../x y"), "___x_y")
        XCTAssertEqual(GuideEscaping.fileName(""), "item")
    }

    /// Text from a flow reaches the page escaped, everywhere it appears.
    func testFlowTextIsEscapedInPages() throws {
        let root = try GuideFixture.catalog(["evil.yaml": """
            workflow: evil
            version: 1
            title: "<script>alert('x')</script> & 事项"
            department: center
            kind: immediate
            calendar: cn
            limits: { legal: 1 workdays }
            guide:
              place: "<b>大厅</b>"
              conditions: ["a | b"]
            materials:
              - { id: form, title: "申请表 <i>", form: original, standard: "\\"盖章\\"" }
            steps:
              - { id: accept, title: "受理 <img src=x>", role: window, checks: [form], decisions: { ok: done-ok } }
            outcomes:
              - { id: done-ok, title: "办结 <u>", kind: granted }

            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = try GuideFixture.site(inCatalog: root, ["evil.yaml"])
        XCTAssertTrue(site.isClean, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        let html = try XCTUnwrap(site.files(format: .html).first { $0.name == "evil.html" }?.content)
        for raw in ["<script>", "<b>", "<i>", "<img", "<u>"] { XCTAssertFalse(html.contains(raw), raw) }
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 事项"))
        XCTAssertTrue(html.contains("&lt;b&gt;大厅&lt;/b&gt;"))
        let index = try XCTUnwrap(site.files(format: .html).first { $0.name == "index.html" }?.content)
        XCTAssertFalse(index.contains("<script>"))
        let md = try XCTUnwrap(site.files(format: .md).first { $0.name == "evil.md" }?.content)
        XCTAssertTrue(md.contains("# \\<script\\>alert('x')\\</script\\> \\& 事项"), md)
        XCTAssertTrue(md.contains("a \\| b"))
    }
}

final class GuideWordsTests: XCTestCase {
    func testLimitsInWords() {
        XCTAssertEqual(GuideWords.duration(Duration(20, .workdays)), "20 个工作日")
        XCTAssertEqual(GuideWords.duration(Duration(1, .workdays)), "1 个工作日")
        XCTAssertEqual(GuideWords.duration(Duration(7, .days)), "7 个自然日")
        XCTAssertEqual(GuideWords.duration(Duration(4, .hours)), "4 个工作小时", "office hours, said so")
    }

    func testEnumerationsInWords() {
        XCTAssertEqual(GuideWords.kind(.immediate), "即办件")
        XCTAssertEqual(GuideWords.kind(.promised), "承诺件")
        XCTAssertEqual(GuideWords.forms([.original, .copy, .electronic]), "原件、复印件、电子件")
        XCTAssertEqual(Material.Source.allCases.map(GuideWords.source), ["申请人自备", "政府部门核发", "中介机构出具"])
        XCTAssertEqual(Material.Requirement.allCases.map(GuideWords.requirement), ["必要", "容缺后补", "非必要"])
        XCTAssertEqual(Guide.Delivery.allCases.map(GuideWords.delivery), ["窗口领取", "邮寄送达", "网上送达"])
    }

    func testFees() {
        XCTAssertEqual(GuideWords.fee(Guide.Fee(text: "不收费")), "不收费")
        XCTAssertEqual(GuideWords.fee(Guide.Fee(amount: 10, unit: "元/本")), "10 元/本")
        XCTAssertEqual(GuideWords.fee(Guide.Fee(amount: 12.5, unit: "元/件")), "12.5 元/件")
        XCTAssertEqual(GuideWords.fee(Guide.Fee(amount: 0)), "不收费")
    }

    func testPageLimitsOfRealFlows() throws {
        let design = try GuideFixture.page("workflows/meteorology/lightning-design.yaml")
        XCTAssertEqual(design.kind, "承诺件")
        XCTAssertEqual(design.legalLimit, "20 个工作日")
        XCTAssertEqual(design.promisedLimitText, "10 个工作日")
        XCTAssertEqual(design.department, "市气象局")
        XCTAssertEqual(design.steps.map(\.limit), ["1 个工作日", "4 个工作日", nil, "2 个工作日", "2 个工作日", "1 个工作日"])
        XCTAssertEqual(design.steps.first?.role, "综合受理窗口")
        XCTAssertEqual(design.steps.first?.department, "政务服务中心（综合受理、统一出件）")
        XCTAssertTrue(design.steps[1].notes.contains("需要专家评审的，专家评审所需时间不计入办理时限。"))
        XCTAssertTrue(design.steps[4].notes.contains("情况复杂的，经批准可延长 10 个工作日。"))
        XCTAssertTrue(design.steps[0].notes.contains("逾期不告知补正的，自收到申请材料之日起即为受理。"))

        let deedTax = try GuideFixture.page("workflows/tax/deed-tax.yaml")
        XCTAssertEqual([deedTax.legalLimit, deedTax.promisedLimitText], ["无法定办结时限", "即办（1 个工作日内办结）"])

        let busCard = try GuideFixture.page("workflows/transport/senior-bus-card.yaml")
        XCTAssertEqual(busCard.legalLimit, "无法定办结时限", "legal: none")
        XCTAssertEqual(busCard.promisedLimitText, "10 个工作日")

        let hazchem = try GuideFixture.page("workflows/safety/hazchem-business-licence.yaml")
        XCTAssertEqual(hazchem.legalLimit, "30 个自然日（最后一日为法定休假日的，以休假日后的第一个工作日为最后一日）")

        let land = try GuideFixture.page("workflows/land/land-certificate-exchange.yaml")
        XCTAssertEqual(land.fee, "10 元/本")
        XCTAssertNotNil(land.feeBasis)
    }

    /// With the pause's expected duration, the public reads it too (Art. 45).
    func testAPausesExpectedDurationIsInTheGuide() throws {
        let root = try GuideFixture.catalog(["tax.yaml": """
            workflow: tax
            version: 1
            title: 契税核定
            department: tax
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 10 workdays }
            templates:
              paused: "请知悉：需要鉴定，预计{pause.expected}。"
            steps:
              - id: review
                role: tax-officer
                limit: 3 workdays
                decisions:
                  pass: ok
                  appraise: { pause: appraisal, expected: 15 workdays, next: appraisal, notify: { to: applicant, template: paused } }
              - { id: appraisal, role: tax-officer, decisions: { back: { resume: true, next: review } } }
            outcomes:
              - { id: ok, title: 核定, kind: granted }

            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = try GuideFixture.site(inCatalog: root, ["tax.yaml"])
        let page = try XCTUnwrap(site.pages.first, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        XCTAssertTrue(page.steps[0].notes.contains("需要鉴定的，鉴定所需时间（一般需要 15 个工作日）不计入办理时限。"), "\(page.steps[0].notes)")
    }

    func testImmediateItemWithLimitsInHoursAndDays() throws {
        let root = try GuideFixture.catalog(["quick.yaml": """
            workflow: quick
            version: 1
            title: 即办事项
            department: center
            kind: immediate
            calendar: office
            limits: { legal: 10 workdays }
            steps:
              - { id: accept, title: 受理, role: window, limit: 2 hours, decisions: { ok: notice } }
              - { id: notice, title: 公示, wait: 3 days, next: done-ok }
            outcomes:
              - { id: done-ok, title: 办结, kind: granted }

            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/calendars", withIntermediateDirectories: true)
        try "calendar office\ntitle    办公日历\nbase     cn\nhours    09:00-12:00 13:00-17:00\n".write(toFile: root + "/calendars/office.cal", atomically: true, encoding: .utf8)
        let site = try GuideFixture.site(inCatalog: root, ["quick.yaml"])
        let page = try XCTUnwrap(site.pages.first, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        XCTAssertEqual(page.kind, "即办件")
        XCTAssertEqual(page.legalLimit, "10 个工作日")
        XCTAssertNil(page.promisedLimit)
        XCTAssertEqual(page.promisedLimitText, "即办")
        XCTAssertEqual(page.steps.map(\.limit), ["2 个工作小时", "3 个自然日"])
    }
}

final class GuideMaterialTests: XCTestCase {
    /// A catalog of a main item that calls a sub-item with one material of its own.
    static let mainAndSub: [String: String] = [
            "main.yaml": """
                workflow: main
                version: 2
                title: 主事项
                department: center
                kind: promised
                calendar: cn
                limits: { legal: 10 workdays, promised: 5 workdays }
                materials:
                  - { id: form, title: 申请表, form: original }
                steps:
                  - { id: accept, title: 受理, role: window, limit: 1 workdays, checks: [form], decisions: { ok: pay } }
                  - { id: pay, title: 缴税, call: sub, outcomes: { paid: granted } }
                outcomes:
                  - { id: granted, title: 办结, kind: granted }

                """,
            "sub.yaml": """
                workflow: sub
                version: 1
                title: 子事项
                department: tax
                kind: immediate
                calendar: cn
                limits: { legal: 1 workdays }
                materials:
                  - { id: form, title: 申请表（子）, form: original }
                  - { id: receipt, title: 完税凭证, form: copy, source: government }
                steps:
                  - { id: collect, role: tax-officer, checks: [form, receipt], decisions: { ok: paid } }
                outcomes:
                  - { id: paid, title: 已缴, kind: granted }

                """,
    ]

    /// A material's `when:` in the words the public reads: field titles, and
    /// an enum's `value-titles`, not ids and operators.
    func testConditionalMaterialsShowTheirConditionInWords() throws {
        let page = try GuideFixture.page("workflows/realestate/property-transfer.yaml")
        let invoice = try XCTUnwrap(page.materials.first { $0.id == "original-invoice" })
        XCTAssertEqual(invoice.condition, "use == 'non-residential'")
        XCTAssertEqual(invoice.conditionWords, "房屋用途为“非住宅”")
        XCTAssertEqual(invoice.conditionText, "仅当：房屋用途为“非住宅”")
        XCTAssertEqual(invoice.conditionFields, [], "nothing left to explain")
        let marriage = try XCTUnwrap(page.materials.first { $0.id == "marriage-proof" })
        XCTAssertEqual(marriage.conditionWords, "房屋用途为“住宅”，且是否为买受人家庭唯一住房：是")
        XCTAssertNil(page.materials.first { $0.id == "application" }?.condition)

        let md = GuideMarkdown.page(page)
        XCTAssertTrue(md.contains("仅当：房屋用途为“非住宅”"), md)
        XCTAssertFalse(md.contains("use =="), md)
        XCTAssertFalse(md.contains("条件说明"), md)
        let html = GuideHTML.page(page)
        XCTAssertTrue(html.contains("<div class=\"cond\">仅当：房屋用途为“非住宅”</div>"), html)
    }

    func testConditionWords() throws {
        func field(_ id: String, _ title: String, _ type: ValueType, titles: [String: String] = [:]) -> Field {
            var f = Field(id: Located(id, at: SourceRange(at: SourcePosition(line: 1, column: 1))), title: Located(title, at: SourceRange(at: SourcePosition(line: 1, column: 1))),
                          type: Located(type, at: SourceRange(at: SourcePosition(line: 1, column: 1))))
            f.valueTitles = titles.map { ValueTitle(value: Located($0.key, at: SourceRange(at: SourcePosition(line: 1, column: 1))), title: $0.value) }
            return f
        }
        let said = GuideConditionWords(fields: [
            field("use", "房屋用途", .enumeration(values: ["residential", "office", "shop"]), titles: ["residential": "住宅", "office": "办公"]),
            field("agent", "是否委托代理人办理", .boolean),
            field("id-number", "公民身份号码", .residentID),
            field("area", "建筑面积", .number),
            field("note", "备注", .string),
        ], materials: ["proxy": "授权委托书"])
        func words(_ text: String) throws -> String? { try said.words(Expression.parse(text).get()) }
        XCTAssertEqual(try words("agent"), "是否委托代理人办理：是", "a title that asks 是否 takes the answer")
        XCTAssertEqual(try words("not agent"), "是否委托代理人办理：否")
        XCTAssertEqual(try words("agent == false"), "是否委托代理人办理：否")
        XCTAssertEqual(try words("not has(proxy)"), "未提交“授权委托书”")
        XCTAssertEqual(try words("not (use == 'office')"), "房屋用途不为“办公”")
        XCTAssertEqual(try words("not (area > 144)"), "建筑面积不超过 144")
        XCTAssertEqual(try words("not (age(id-number) >= 65)"), "未满 65 周岁（按公民身份号码）")
        XCTAssertEqual(try words("area > -5"), "建筑面积大于 -5")
        XCTAssertEqual(try words("use != 'residential'"), "房屋用途不为“住宅”")
        XCTAssertEqual(try words("use == 'shop'"), "房屋用途为“shop”", "a value without a title reads as written")
        XCTAssertEqual(try words("use in ['office', 'shop']"), "房屋用途为“办公”或“shop”")
        XCTAssertEqual(try words("use not in ['office', 'shop']"), "房屋用途不为“办公”、“shop”中的任何一项", "not “不为 a 或 b”, which reads two ways")
        XCTAssertEqual(try words("use not in ['office']"), "房屋用途不为“办公”")
        XCTAssertEqual(try words("age(id-number) >= 65"), "年满 65 周岁（按公民身份号码）")
        XCTAssertEqual(try words("65 > age(id-number)"), "未满 65 周岁（按公民身份号码）")
        XCTAssertEqual(try words("area > 144"), "建筑面积大于 144")
        XCTAssertEqual(try words("area <= 90.5"), "建筑面积不超过 90.5")
        XCTAssertEqual(try words("has(proxy)"), "提交了“授权委托书”")
        XCTAssertEqual(try words("given(note)"), "填写了“备注”")
        XCTAssertEqual(try words("agent or use == 'office' and area > 100"), "是否委托代理人办理：是，或（房屋用途为“办公”，且建筑面积大于 100）")
        XCTAssertNil(try words("area * 2 > 100"), "arithmetic: shown as written")
        XCTAssertNil(try words("agent and area * 2 > 100"), "one part it cannot say: the whole as written")
        XCTAssertNil(try words("unknown"))
    }

    func testMaterialCheckedOnlyWhereACaseMayNotGoSaysWhere() throws {
        let root = try GuideFixture.catalog(["route.yaml": """
            workflow: route
            version: 1
            title: 分流事项
            department: center
            kind: immediate
            calendar: cn
            limits: { legal: 10 workdays }
            fields:
              - { id: hazardous, title: 是否危险化学品, type: boolean }
            materials:
              - { id: form, title: 申请表, form: original }
              - { id: plan, title: 安全生产管理制度, form: original, required: deferrable }
              - { id: permit, title: 经营许可证, form: copy, when: hazardous }
            steps:
              - { id: accept, title: 受理, role: window, checks: [form, permit], decisions: { ok: sort } }
              - id: sort
                route:
                  - { when: hazardous, next: safety }
                  - { otherwise: decide }
              - { id: safety, title: 安全条件审查, role: window, checks: [plan], decisions: { ok: decide } }
              - { id: decide, title: 决定, role: window, decisions: { ok: done-ok } }
            outcomes:
              - { id: done-ok, title: 办结, kind: granted }

            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = try GuideFixture.site(inCatalog: root, ["route.yaml"])
        let page = try XCTUnwrap(site.pages.first, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        let onlyAt = Dictionary(uniqueKeysWithValues: page.materials.map { ($0.id, $0.onlyAt) })
        // Checked by a step every case passes, or conditional already: nothing to add.
        XCTAssertEqual(onlyAt, ["form": [], "plan": ["安全条件审查"], "permit": []])
        XCTAssertTrue(GuideMarkdown.page(page).contains("容缺后补<br>可先受理，须在「安全条件审查」前补交<br>视情况：仅在「安全条件审查」环节需要"),
                      GuideMarkdown.page(page))
        XCTAssertEqual(page.materials.first { $0.id == "plan" }?.deferredUntil, ["安全条件审查"], "容缺后补: needed by the steps after the intake that check it")
        XCTAssertTrue(GuideHTML.page(page).contains("<div class=\"cond\">视情况：仅在「安全条件审查」环节需要</div>"))
    }

    /// 容缺后补 before the first step that checks it on the case's way: a
    /// route that can skip one checker for another names both (docs pass:
    /// the file's first checker alone told an applicant routed past it the
    /// wrong step); a checker after another on every way is not named.
    func testADeferredMaterialNamesTheFirstCheckerOfEveryWay() throws {
        let root = try GuideFixture.catalog(["route.yaml": """
            workflow: route
            version: 1
            title: 分流事项
            department: center
            kind: immediate
            calendar: cn
            limits: { legal: 10 workdays }
            fields:
              - { id: big, title: 是否大型项目, type: boolean }
            materials:
              - { id: form, title: 申请表, form: original }
              - { id: plan, title: 安全生产管理制度, form: original, required: deferrable }
            steps:
              - { id: accept, title: 受理, role: window, checks: [form], decisions: { ok: sort } }
              - id: sort
                route:
                  - { when: big, next: review }
                  - { otherwise: recheck }
              - { id: review, title: 审查, role: window, checks: [plan], decisions: { ok: recheck } }
              - { id: recheck, title: 复核, role: window, checks: [plan], decisions: { ok: decide } }
              - { id: decide, title: 决定, role: window, checks: [plan], decisions: { ok: done-ok } }
            outcomes:
              - { id: done-ok, title: 办结, kind: granted }

            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = try GuideFixture.site(inCatalog: root, ["route.yaml"])
        let page = try XCTUnwrap(site.pages.first, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        XCTAssertEqual(page.materials.first { $0.id == "plan" }?.deferredUntil, ["审查", "复核"])
        XCTAssertTrue(GuideMarkdown.page(page).contains("可先受理，须在「审查」「复核」中最先办理的环节前补交"), GuideMarkdown.page(page))
    }

    func testMaterialColumns() throws {
        let page = try GuideFixture.page("workflows/meteorology/lightning-design.yaml")
        let drawings = try XCTUnwrap(page.materials.first { $0.id == "drawings" })
        XCTAssertEqual(drawings.forms, "原件")
        XCTAssertEqual(drawings.copies, 2)
        XCTAssertEqual(drawings.source, "申请人自备")
        XCTAssertEqual(drawings.requirement, "必要")
        XCTAssertEqual(drawings.standard, "加盖设计单位出图章及注册执业人员印章")
        XCTAssertEqual(page.materials.first { $0.id == "products" }?.requirement, "容缺后补")
        XCTAssertEqual(page.materials.first { $0.id == "technical-evaluation" }?.source, "中介机构出具")
        XCTAssertEqual(page.materials.first { $0.id == "authorization" }?.forms, "原件、复印件")
    }

    /// A called item's materials join the one set, once: same id, same document.
    func testOneSetAcrossSubItems() throws {
        let page = try GuideFixture.page("workflows/realestate/property-transfer.yaml")
        XCTAssertEqual(page.materials.count, 10)
        XCTAssertEqual(Set(page.materials.map(\.id)).count, 10)
        XCTAssertTrue(page.materials.allSatisfy { $0.fromSubItem == nil })

        let root = try GuideFixture.catalog(Self.mainAndSub)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Only main is named: the sub-item is read from the catalog for its materials and department.
        let site = try GuideFixture.site(inCatalog: root, ["main.yaml"])
        XCTAssertTrue(site.isClean, site.problems.diagnostics.map(\.canonicalLine).joined(separator: "\n"))
        XCTAssertEqual(site.pages.map(\.id), ["main"])
        let main = try XCTUnwrap(site.pages.first)
        XCTAssertEqual(main.materials.map(\.title), ["申请表", "完税凭证"])
        XCTAssertEqual(main.materials.last?.fromSubItem, "子事项")
        XCTAssertEqual(main.steps.last?.kind, .call)
        XCTAssertEqual(main.steps.last?.department, "税务局")
        XCTAssertEqual(main.steps.last?.limit, "1 个工作日")
        XCTAssertEqual(main.versionText, "第 2 版")
    }
}

final class GuideProcedureTests: XCTestCase {
    func testParallelBlockListsEachDepartmentsBranch() throws {
        let page = try GuideFixture.page("workflows/realestate/property-transfer.yaml")
        XCTAssertEqual(page.steps.map(\.kind), [.task, .parallel, .task, .task])
        let block = page.steps[1]
        XCTAssertEqual(block.branches.map(\.title), ["税费征收（地税）", "登记审核（不动产登记中心）", "交易核验（房管）"])
        XCTAssertEqual(block.branches.map(\.departments), [["市地方税务局"], ["市不动产登记中心"], ["市住房保障和房产管理局"]])
        XCTAssertEqual(block.branches[0].steps.map(\.kind), [.call, .task])
        XCTAssertEqual(block.branches[0].steps[0].title, "契税征收（承受方）")
        XCTAssertEqual(block.branches[0].steps[0].limit, "1 个工作日")
        XCTAssertTrue(block.notes.contains("任一部门不予通过的，整件不予办理，其他部门停止办理。"))
        XCTAssertEqual(block.notes.first, "各部门同时办理，全部办结后进入下一环节。")
    }

    /// A step some cases skip is marked 视情况: expert review, a refusal decision, a route's side arm.
    func testStepsNotEveryCasePassesAreOptional() throws {
        let design = try GuideFixture.page("workflows/meteorology/lightning-design.yaml")
        XCTAssertEqual(design.steps.filter(\.optional).map(\.id), ["expert-panel", "re-review"])
        let transfer = try GuideFixture.page("workflows/realestate/property-transfer.yaml")
        XCTAssertEqual(transfer.steps.filter(\.optional).map(\.id), [])
        XCTAssertEqual(transfer.steps[1].branches[1].steps.map(\.optional), [false, true])
        let planning = try GuideFixture.page("fixtures/lint/ok/land-planning.yaml")
        XCTAssertEqual(planning.steps.filter(\.optional).map(\.id), ["consult"])
        XCTAssertTrue(GuideMarkdown.page(design).contains("**专家评审（停止计时）**（视情况） — "))
        XCTAssertTrue(GuideHTML.page(design).contains("<span class=\"label optional\">视情况</span>"))
    }

    func testWaitsAndRoutes() throws {
        let page = try GuideFixture.page("fixtures/lint/ok/land-planning.yaml")
        let wait = try XCTUnwrap(page.steps.first { $0.kind == .wait })
        XCTAssertEqual(wait.title, "批前公示")
        XCTAssertEqual(wait.limit, "7 个自然日")
        XCTAssertEqual(wait.label, "公示期")
        XCTAssertEqual(wait.notes, ["7 个自然日，期满后进入「审批」，期间计入办理时限。"])
        let route = try XCTUnwrap(page.steps.first { $0.kind == .route })
        XCTAssertEqual(route.arms.map(\.target), ["征求意见", "批前公示"])
        XCTAssertNil(route.arms.last?.condition)
        let md = GuideMarkdown.page(page)
        XCTAssertTrue(md.contains("**批前公示** — 公示期，期限 7 个自然日"), md)
        XCTAssertTrue(md.contains("- 其他情形：进入「批前公示」"), md)
        let html = GuideHTML.page(page)
        XCTAssertTrue(html.contains("<span class=\"label\">公示期</span>"))
    }
}

final class GuidePageTests: XCTestCase {
    func testHTMLIsSelfContained() throws {
        let site = try GuideFixture.site(["workflows/meteorology/lightning-design.yaml"])
        for file in site.files(format: .html) {
            let html = file.content
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), file.name)
            XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"), file.name)
            XCTAssertTrue(html.contains("\"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\""), file.name)
            XCTAssertFalse(html.contains("<script"), file.name)
            XCTAssertFalse(html.contains("<link"), file.name)
            XCTAssertFalse(html.contains("http://") || html.contains("https://"), file.name)
        }
        let page = try XCTUnwrap(site.files(format: .html).first { $0.name == "lightning-design.html" }?.content)
        for heading in ["基本信息", "受理条件", "设定依据", "申请材料", "办理流程", "流程图", "收费标准", "审批结果", "送达方式", "办理地点和时间", "咨询和投诉"] {
            XCTAssertTrue(page.contains("<h2>\(heading)</h2>"), heading)
        }
        XCTAssertTrue(page.contains("<th>法定办结时限</th><td>20 个工作日</td>"))
        XCTAssertTrue(page.contains("<th>送达方式</th><td>窗口领取、邮寄送达</td>"))
    }

    func testMarkdownEmbedsMermaid() throws {
        let page = try GuideFixture.page("workflows/meteorology/lightning-design.yaml")
        let md = GuideMarkdown.page(page)
        XCTAssertTrue(md.contains("```mermaid\n" + GuideDiagram.mermaid(page)))
        XCTAssertTrue(md.contains("| 承诺办结时限 | 10 个工作日 |"))
        XCTAssertTrue(md.contains("[返回事项目录](index.md)"))
    }

    func testHTMLDiagramIsGraphvizSVGWhenAsked() throws {
        guard GuideDiagram.graphviz() != nil else { throw XCTSkip("Graphviz dot is not installed") }
        let page = try GuideFixture.page("workflows/meteorology/lightning-design.yaml")
        let html = GuideHTML.page(page, diagram: .svg)
        XCTAssertTrue(html.contains("<div class=\"diagram svg\">\n<svg"))
        XCTAssertFalse(html.contains("<?xml"))
        XCTAssertFalse(html.contains("<!DOCTYPE svg"))
        XCTAssertFalse(GuideHTML.page(page, diagram: .list).contains("<svg"))
    }

    func testFlowsWithLintErrorsAreNotRendered() throws {
        let site = try GuideFixture.site(["fixtures/lint/err/unknown-key.yaml", "workflows/meteorology/lightning-design.yaml"])
        XCTAssertFalse(site.isClean)
        XCTAssertEqual(site.pages.map(\.id), ["lightning-design"])
        XCTAssertFalse(site.problems.diagnostics.isEmpty)
        XCTAssertTrue(site.problems.diagnostics.allSatisfy { $0.severity == .error && $0.file == "fixtures/lint/err/unknown-key.yaml" })
        XCTAssertEqual(site.files(format: .md).map(\.name), ["lightning-design.md", "index.md"])
    }
}

final class GuideIndexTests: XCTestCase {
    func testIndexGroupsTheCatalogByDepartment() throws {
        // Grouping is about the pages that rendered, whatever else the catalog holds.
        let site = try GuideFixture.site(["workflows"])
        let index = site.index
        XCTAssertEqual(index.center, "市民中心政务服务中心")
        XCTAssertEqual(index.itemCount, site.pages.count)
        XCTAssertGreaterThanOrEqual(index.itemCount, 6)
        // Registry order of departments: market before local-tax before meteorology before realestate.
        let departments = index.groups.map(\.departmentID)
        XCTAssertEqual(departments, departments.sorted { a, b in
            let order = ["center", "market", "quality", "national-tax", "local-tax", "meteorology", "safety", "transport", "land", "realestate", "housing"]
            return order.firstIndex(of: a ?? "")! < order.firstIndex(of: b ?? "")!
        })
        let meteorology = try XCTUnwrap(index.groups.first { $0.departmentID == "meteorology" })
        XCTAssertEqual(meteorology.department, "市气象局")
        XCTAssertEqual(meteorology.pages.map(\.id), ["lightning-acceptance", "lightning-design"])

        let html = try XCTUnwrap(site.files(format: .html).first { $0.name == "index.html" }?.content)
        XCTAssertTrue(html.contains("<h2>市气象局</h2>"))
        for p in site.pages { XCTAssertTrue(html.contains("<a href=\"\(p.id).html\">"), p.id) }
        XCTAssertTrue(html.contains("<td>10 个工作日</td><td>20 个工作日</td>"))
        XCTAssertTrue(html.contains("<span class=\"badge promised\">承诺件</span>"))
        let md = try XCTUnwrap(site.files(format: .md).first { $0.name == "index.md" }?.content)
        XCTAssertTrue(md.contains("| [防雷装置设计审核](lightning-design.md) | 行政许可 | 承诺件 | 10 个工作日 | 20 个工作日 | 1 次 |"), md)
        XCTAssertTrue(md.contains("## 市气象局"))
    }

    /// A call links to the called item's page when that page is in the same site.
    func testCallsLinkToPagesInTheSite() throws {
        let root = try GuideFixture.catalog(GuideMaterialTests.mainAndSub)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let both = try GuideFixture.site(inCatalog: root, ["."])
        XCTAssertEqual(both.pages.map(\.id), ["main", "sub"])
        let html = try XCTUnwrap(both.files(format: .html).first { $0.name == "main.html" }?.content)
        XCTAssertTrue(html.contains("<a href=\"sub.html\">缴税</a>"))
        let md = try XCTUnwrap(both.files(format: .md).first { $0.name == "main.md" }?.content)
        XCTAssertTrue(md.contains("**[缴税](sub.md)** — 关联事项，税务局，时限 1 个工作日"), md)
        let alone = try GuideFixture.site(inCatalog: root, ["main.yaml"])
        XCTAssertFalse(try XCTUnwrap(alone.files(format: .html).first?.content).contains("href=\"sub.html\""))
    }
}
