/// The service guide as Markdown (CommonMark with GitHub tables and a
/// ```mermaid block for the diagram).
public enum GuideMarkdown {
    /// One item's page. `linkable` holds the ids of the items that have a
    /// page beside this one (a called item links to its own guide).
    public static func page(_ p: GuidePage, linkable: Set<String> = []) -> String {
        let e = GuideEscaping.markdown
        var out = "# \(e(p.title))\n\n"
        var byline = [p.department]
        if let c = p.center { byline.insert(c, at: 0) }
        out += "\(e(byline.joined(separator: " · "))) · 办事指南　[返回事项目录](index.md)\n\n"

        out += "## 基本信息\n\n| 项目 | 内容 |\n| --- | --- |\n"
        for row in p.summaryRows { out += "| \(row.label) | \(e(row.value)) |\n" }
        out += "\n"

        out += "## 受理条件\n\n" + list(p.conditions)
        out += "## 设定依据\n\n" + list(p.legalBasis)

        out += "## 申请材料\n\n"
        out += materials(p)

        out += "## 办理流程\n\n"
        out += p.steps.isEmpty ? "\(GuideWords.none)\n\n" : steps(p.steps, indent: "", linkable: linkable) + "\n"

        out += "## 流程图\n\n```mermaid\n" + GuideDiagram.mermaid(p)
        if !out.hasSuffix("\n") { out += "\n" }
        out += "```\n\n"

        out += "## 收费标准\n\n\(e(p.fee ?? GuideWords.none))\n\n"
        if let basis = p.feeBasis { out += "收费依据：\(e(basis))\n\n" }

        out += "## 审批结果\n\n"
        out += "- 结果名称：\(e(p.resultTitle ?? GuideWords.none))\n"
        out += "- 结果类型：\(e(p.resultType ?? GuideWords.none))\n"
        if !p.outcomes.isEmpty {
            out += "- 办结情形：" + p.outcomes.map { e($0.title) }.joined(separator: "；") + "\n"
        }
        out += "\n## 送达方式\n\n\(e(p.deliveryText ?? GuideWords.none))\n\n"
        out += "## 办理地点和时间\n\n- 办理地点：\(e(p.place ?? GuideWords.none))\n- 办理时间：\(e(p.hours ?? GuideWords.none))\n"
        out += "- 到办事现场次数：\(e(p.visits ?? GuideWords.none))\n\n"
        out += "## 咨询和投诉\n\n- 咨询电话：\(e(p.enquiryPhone ?? GuideWords.none))\n- 投诉电话：\(e(p.complaintPhone ?? GuideWords.none))\n\n"
        out += "---\n\n本指南依据本事项办理流程\(p.versionText.isEmpty ? "" : "（" + p.versionText + "）")生成。\n"
        // For the center's staff: the file it came from, not shown when rendered.
        out += "\n" + GuideSite.marker + "\(GuideEscaping.htmlComment(p.file)) (\(GuideEscaping.htmlComment(p.id))) -->\n"
        return out
    }

    /// The catalog, grouped by department, linking each page.
    public static func index(_ index: GuideIndex) -> String {
        let e = GuideEscaping.markdown
        var out = "# \(e(index.title))\n\n共 \(index.itemCount) 个事项，\(index.groups.count) 个部门。\n\n"
        for g in index.groups {
            out += "## \(e(g.department))\n\n"
            out += "| 序号 | 事项名称 | 事项类型 | 办件类型 | 承诺办结时限 | 法定办结时限 | 到办事现场次数 |\n| --- | --- | --- | --- | --- | --- | --- |\n"
            for (i, p) in g.pages.enumerated() {
                let cells = [
                    "\(i + 1)", "[\(e(p.title))](\(p.fileName(.md)))", e(p.itemType ?? GuideWords.none), e(p.kind ?? GuideWords.none),
                    e(p.promisedLimitText), e(p.legalLimit ?? GuideWords.none), e(p.visits ?? GuideWords.none),
                ]
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        return out
    }

    static func list(_ items: [String]) -> String {
        if items.isEmpty { return "\(GuideWords.none)\n\n" }
        return items.enumerated().map { "\($0 + 1). \(GuideEscaping.markdown($1))\n" }.joined() + "\n"
    }

    static func materials(_ p: GuidePage) -> String {
        let e = GuideEscaping.markdown
        if p.materials.isEmpty { return "无需提交材料。\n\n" }
        var out = "申请人只需提交以下一套材料（" + GuideWords.materialCount(p) + "）" + GuideWords.oneSet(p) + "。\n\n"
        out += "| 序号 | 材料名称 | 形式 | 份数 | 来源 | 必要性 | 受理标准 | 备注 |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        for (i, m) in p.materials.enumerated() {
            var need = e(m.requirement)
            if let w = m.conditionWords {
                need += "<br>仅当：" + e(w)
            } else if let c = m.condition {
                need += "<br>仅当：" + GuideEscaping.markdownCode(c, inTable: true)
            }
            if let t = m.deferredText { need += "<br>" + e(t) }
            if let t = m.onlyAtText { need += "<br>" + e(t) }
            let cells = [
                "\(i + 1)", e(m.title), e(m.forms), e(m.copiesText), e(m.source), need,
                e(m.standard ?? GuideWords.none), remarks(m).map(e).joined(separator: "<br>"),
            ]
            out += "| " + cells.map { $0.isEmpty ? GuideWords.none : $0 }.joined(separator: " | ") + " |\n"
        }
        return out + "\n"
    }

    /// The remarks of a material: what its condition's fields mean, the blank
    /// form, and the sub-item that asks for it.
    static func remarks(_ m: GuidePage.Material) -> [String] {
        var out: [String] = []
        if !m.conditionFields.isEmpty {
            out.append("条件说明：" + m.conditionFields.map { "\($0.id) 指“\($0.title)”" }.joined(separator: "，"))
        }
        if let s = m.sample { out.append("空白表格和样表：\(s)") }
        if let s = m.fromSubItem { out.append("“\(s)”所需材料") }
        return out
    }

    /// The procedure as a numbered list; parallel blocks list each branch
    /// with its own steps, routes their conditions.
    static func steps(_ steps: [GuidePage.Step], indent: String, linkable: Set<String>) -> String {
        let e = GuideEscaping.markdown
        var out = ""
        for (i, s) in steps.enumerated() {
            let marker = "\(i + 1). "
            let inner = indent + String(repeating: " ", count: marker.count)
            out += indent + marker + headline(s, linkable: linkable) + "\n"
            for n in s.notes { out += inner + "- " + e(n) + "\n" }
            // Arms are tried in order: each after the first says so (否则，…).
            for (k, arm) in s.arms.enumerated() {
                let otherwise = k == 0 ? "" : "否则，"
                if let w = arm.words {
                    out += inner + "- " + otherwise + "如" + e(w) + "，进入「\(e(arm.target))」\n"
                } else if let c = arm.condition {
                    out += inner + "- " + otherwise + "当 " + GuideEscaping.markdownCode(c) + " 时：进入「\(e(arm.target))」\n"
                } else {
                    out += inner + "- 其他情形：进入「\(e(arm.target))」\n"
                }
            }
            for b in s.branches {
                let departments = b.departments.isEmpty ? "" : "（\(e(b.departments.joined(separator: "、")))）"
                out += inner + "- **\(e(b.title))**\(departments)\n"
                out += Self.steps(b.steps, indent: inner + "  ", linkable: linkable)
            }
        }
        return out
    }

    /// `**技术审查** — 防雷审核员（市气象局），时限 4 个工作日`.
    static func headline(_ s: GuidePage.Step, linkable: Set<String>) -> String {
        let e = GuideEscaping.markdown
        var title = "**\(e(s.title))**"
        if s.kind == .call, let link = s.link, linkable.contains(link) {
            title = "**[\(e(s.title))](\(GuideEscaping.fileName(link)).md)**"
        }
        if s.optional { title += "（视情况）" }
        var parts: [String] = []
        switch s.kind {
        case .task:
            if let r = s.role { parts.append((s.department.map { e($0) + "·" } ?? "") + e(r)) }
        case .call:
            parts.append("关联事项" + (s.department.map { "，\(e($0))" } ?? ""))
        case .parallel, .route, .wait:
            parts.append(s.label)
        }
        if let l = s.limit { parts.append((s.kind == .wait ? "期限 " : "时限 ") + e(l)) }
        return parts.isEmpty ? title : title + " — " + parts.joined(separator: "，")
    }
}
