import ShenpiLanguage

/// The service guide as self-contained HTML pages: UTF-8, `zh-CN`, embedded
/// CSS, no scripts and nothing fetched from the network, so a page works
/// offline and prints cleanly.
public enum GuideHTML {
    /// One item's page. `diagram` chooses Graphviz SVG or the plain HTML
    /// diagram (SVG falls back to the plain one when `dot` fails);
    /// `linkable` holds the ids of the items that have a page beside this one.
    public static func page(_ p: GuidePage, diagram: GuideDiagramStyle = .list, linkable: Set<String> = []) -> String {
        let h = GuideEscaping.html
        var out = head(title: p.title + " - 办事指南" + (p.center.map { " - " + $0 } ?? ""))
        out += banner(p.center)
        out += "<main class=\"page\">\n"
        out += "<nav class=\"crumbs\"><a href=\"index.html\">事项目录</a> › \(h(p.department)) › \(h(p.title))</nav>\n"
        out += "<header class=\"item\">\n<h1>\(h(p.title))</h1>\n<p class=\"tags\">"
        var tags = [("dept", p.department)]
        if let t = p.itemType { tags.append(("type", t)) }
        if let k = p.kind { tags.append(("kind", k)) }
        // As the summary says it: an immediate item is 即办, its promise the most it may take.
        if p.promisedLimit != nil { tags.append(("limit", p.flow.kind?.value == .immediate ? p.promisedLimitText : "承诺 " + p.promisedLimitText)) }
        out += tags.map { "<span class=\"tag \($0.0)\">\(h($0.1))</span>" }.joined(separator: " ")
        out += "</p>\n</header>\n"

        let sections: [(id: String, title: String)] = [
            ("summary", "基本信息"), ("conditions", "受理条件"), ("basis", "设定依据"), ("materials", "申请材料"),
            ("procedure", "办理流程"), ("diagram", "流程图"), ("fee", "收费标准"), ("result", "审批结果"),
            ("delivery", "送达方式"), ("place", "办理地点和时间"), ("contacts", "咨询和投诉"),
        ]
        out += "<nav class=\"toc\">" + sections.map { "<a href=\"#\($0.id)\">\($0.title)</a>" }.joined() + "</nav>\n"

        out += section("summary", "基本信息", summary(p))
        out += section("conditions", "受理条件", list(p.conditions))
        out += section("basis", "设定依据", list(p.legalBasis))
        out += section("materials", "申请材料", materials(p))
        out += section("procedure", "办理流程", p.steps.isEmpty ? "<p>\(GuideWords.none)</p>\n" : procedure(p.steps, linkable: linkable))
        out += section("diagram", "流程图", diagramHTML(p, style: diagram))
        var fee = "<p>\(h(p.fee ?? GuideWords.none))</p>\n"
        if let b = p.feeBasis { fee += "<p class=\"note\">收费依据：\(h(b))</p>\n" }
        out += section("fee", "收费标准", fee)
        var result = "<table class=\"kv\"><tbody>\n"
        result += "<tr><th>结果名称</th><td>\(h(p.resultTitle ?? GuideWords.none))</td></tr>\n"
        result += "<tr><th>结果类型</th><td>\(h(p.resultType ?? GuideWords.none))</td></tr>\n"
        if !p.outcomes.isEmpty {
            result += "<tr><th>办结情形</th><td>" + p.outcomes.map { o in
                "<span class=\"outcome \(outcomeClass(o.kind))\">\(h(o.title))</span>"
            }.joined(separator: " ") + "</td></tr>\n"
        }
        result += "</tbody></table>\n"
        out += section("result", "审批结果", result)
        out += section("delivery", "送达方式", "<p>\(h(p.deliveryText ?? GuideWords.none))</p>\n")
        out += section("place", "办理地点和时间", """
            <table class="kv"><tbody>
            <tr><th>办理地点</th><td>\(h(p.place ?? GuideWords.none))</td></tr>
            <tr><th>办理时间</th><td>\(h(p.hours ?? GuideWords.none))</td></tr>
            <tr><th>到办事现场次数</th><td>\(h(p.visits ?? GuideWords.none))</td></tr>
            </tbody></table>

            """)
        out += section("contacts", "咨询和投诉", """
            <table class="kv"><tbody>
            <tr><th>咨询电话</th><td class="phone">\(h(p.enquiryPhone ?? GuideWords.none))</td></tr>
            <tr><th>投诉电话</th><td class="phone">\(h(p.complaintPhone ?? GuideWords.none))</td></tr>
            </tbody></table>

            """)
        out += "</main>\n"
        // The public sees the version; the file it came from is for the center's staff (view source).
        out += GuideSite.marker + "\(GuideEscaping.htmlComment(p.file)) (\(GuideEscaping.htmlComment(p.id))) -->\n"
        out += "<footer class=\"foot\">本指南依据本事项办理流程\(p.versionText.isEmpty ? "" : "（" + h(p.versionText) + "）")生成。</footer>\n"
        return out + "</body>\n</html>\n"
    }

    /// The catalog, grouped by department, linking each page.
    public static func index(_ index: GuideIndex) -> String {
        let h = GuideEscaping.html
        var out = head(title: index.title)
        out += banner(index.center)
        out += "<main class=\"page\">\n<header class=\"item\">\n<h1>政务服务事项目录</h1>\n"
        out += "<p class=\"tags\"><span class=\"tag dept\">共 \(index.itemCount) 个事项</span> <span class=\"tag type\">\(index.groups.count) 个部门</span></p>\n</header>\n"
        if !index.groups.isEmpty {
            out += "<nav class=\"toc\">" + index.groups.enumerated().map { i, g in
                "<a href=\"#dept-\(i + 1)\">\(h(g.department))</a>"
            }.joined() + "</nav>\n"
        }
        for (i, g) in index.groups.enumerated() {
            var body = "<div class=\"scroll\"><table class=\"grid catalog\">\n"
            body += "<colgroup><col class=\"c-no\"><col class=\"c-name\"><col class=\"c-type\"><col class=\"c-kind\"><col class=\"c-limit\"><col class=\"c-limit\"><col class=\"c-visits\"></colgroup>\n"
            body += "<thead><tr><th class=\"no\">序号</th><th>事项名称</th><th>事项类型</th><th>办件类型</th><th>承诺办结时限</th><th>法定办结时限</th><th>到办事现场次数</th></tr></thead>\n<tbody>\n"
            for (j, p) in g.pages.enumerated() {
                body += "<tr><td class=\"no\">\(j + 1)</td><td><a href=\"\(h(p.fileName(.html)))\">\(h(p.title))</a></td>"
                body += "<td>\(h(p.itemType ?? GuideWords.none))</td><td>\(kindBadge(p))</td>"
                body += "<td>\(h(p.promisedLimitText))</td><td>\(h(p.legalLimit ?? GuideWords.none))</td><td>\(h(p.visits ?? GuideWords.none))</td></tr>\n"
            }
            body += "</tbody>\n</table></div>\n"
            out += section("dept-\(i + 1)", g.department, body)
        }
        if index.groups.isEmpty { out += section("empty", "事项", "<p>没有可发布的事项。</p>\n") }
        out += "</main>\n<footer class=\"foot\">本目录依据各事项办理流程生成。</footer>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Parts

    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(GuideEscaping.html(title))</title>
        <style>
        \(style)</style>
        </head>
        <body>

        """
    }

    static func banner(_ center: String?) -> String {
        let name = center.map(GuideEscaping.html) ?? "政务服务中心"
        return "<div class=\"banner\"><div class=\"banner-inner\"><span class=\"emblem\" aria-hidden=\"true\">政</span><span class=\"center\">\(name)</span><span class=\"sub\">办事指南</span></div></div>\n"
    }

    static func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(GuideEscaping.html(id))\">\n<h2>\(GuideEscaping.html(title))</h2>\n\(body)</section>\n"
    }

    static func list(_ items: [String]) -> String {
        if items.isEmpty { return "<p>\(GuideWords.none)</p>\n" }
        return "<ol class=\"plain\">\n" + items.map { "<li>\(GuideEscaping.html($0))</li>\n" }.joined() + "</ol>\n"
    }

    static func summary(_ p: GuidePage) -> String {
        // Two label/value pairs per row, like a portal's summary table.
        let rows = p.summaryRows
        var out = "<table class=\"summary\"><tbody>\n"
        var i = 0
        while i < rows.count {
            out += "<tr>"
            for r in rows[i..<min(i + 2, rows.count)] {
                out += "<th>\(GuideEscaping.html(r.label))</th><td>\(GuideEscaping.html(r.value))</td>"
            }
            if i + 1 == rows.count { out += "<th class=\"empty\"></th><td class=\"empty\"></td>" }
            out += "</tr>\n"
            i += 2
        }
        return out + "</tbody></table>\n"
    }

    static func materials(_ p: GuidePage) -> String {
        let h = GuideEscaping.html
        if p.materials.isEmpty { return "<p>无需提交材料。</p>\n" }
        var out = "<p>申请人只需提交以下一套材料（\(GuideWords.materialCount(p))）\(h(GuideWords.oneSet(p)))。</p>\n"
        out += "<div class=\"scroll\"><table class=\"grid materials\">\n<thead><tr><th class=\"no\">序号</th><th>材料名称</th><th>形式</th><th>份数</th><th>来源</th><th>必要性</th><th>受理标准</th><th>备注</th></tr></thead>\n<tbody>\n"
        for (i, m) in p.materials.enumerated() {
            let need: String
            switch m.requirement {
            case GuideWords.requirement(.deferrable): need = "deferrable"
            case GuideWords.requirement(.optional): need = "optional"
            default: need = "required"
            }
            var needCell = "<span class=\"need \(need)\">\(h(m.requirement))</span>"
            if let w = m.conditionWords {
                needCell += "<div class=\"cond\">仅当：\(h(w))</div>"
            } else if let c = m.condition {
                needCell += "<div class=\"cond\">仅当：<code>\(h(c))</code></div>"
            }
            if let t = m.deferredText { needCell += "<div class=\"cond\">\(h(t))</div>" }
            if let t = m.onlyAtText { needCell += "<div class=\"cond\">\(h(t))</div>" }
            let remarks = GuideMarkdown.remarks(m).map { "<div>\(h($0))</div>" }.joined()
            out += "<tr><td class=\"no\">\(i + 1)</td><td class=\"name\">\(h(m.title))</td><td class=\"nowrap\">\(h(m.forms))</td><td class=\"num\">\(h(m.copiesText))</td>"
            out += "<td class=\"nowrap\">\(h(m.source))</td><td class=\"need-cell\">\(needCell)</td><td>\(h(m.standard ?? GuideWords.none))</td>"
            out += "<td class=\"remarks\">\(remarks.isEmpty ? GuideWords.none : remarks)</td></tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// The procedure as numbered steps down a line; a parallel block shows
    /// one column per department's branch.
    static func procedure(_ steps: [GuidePage.Step], linkable: Set<String>) -> String {
        "<ol class=\"steps\">\n" + steps.enumerated().map { i, s in stepItem(s, number: "\(i + 1)", linkable: linkable) }.joined() + "</ol>\n"
    }

    static func stepItem(_ s: GuidePage.Step, number: String, linkable: Set<String>) -> String {
        let h = GuideEscaping.html
        var out = "<li class=\"step \(s.kind.rawValue)\"><span class=\"num\">\(h(number))</span><div class=\"body\">\n"
        var title = h(s.title)
        if s.kind == .call, let link = s.link, linkable.contains(link) {
            title = "<a href=\"\(h(GuideEscaping.fileName(link))).html\">\(title)</a>"
        }
        out += "<div class=\"head\"><strong>\(title)</strong>"
        if s.kind != .task { out += " <span class=\"label\">\(h(s.label))</span>" }
        if s.optional { out += " <span class=\"label optional\">视情况</span>" }
        out += "</div>\n"
        var facts: [String] = []
        if let r = s.role { facts.append("<span class=\"k\">办理岗位</span>\(h(r))") }
        if let d = s.department { facts.append("<span class=\"k\">办理部门</span>\(h(d))") }
        if let l = s.limit { facts.append("<span class=\"k\">\(s.kind == .wait ? "期限" : "时限")</span>\(h(l))") }
        if !facts.isEmpty { out += "<div class=\"facts\">" + facts.map { "<span>\($0)</span>" }.joined() + "</div>\n" }
        if !s.notes.isEmpty { out += "<ul class=\"notes\">" + s.notes.map { "<li>\(h($0))</li>" }.joined() + "</ul>\n" }
        if !s.arms.isEmpty {
            out += "<ul class=\"arms\">" + s.arms.enumerated().map { k, a in
                let otherwise = k == 0 ? "" : "否则，"
                return (a.words.map { "<li>\(otherwise)如\(h($0))，" } ?? a.condition.map { "<li>\(otherwise)当 <code>\(h($0))</code> 时：" } ?? "<li>其他情形：")
                    + "进入「\(h(a.target))」</li>"
            }.joined() + "</ul>\n"
        }
        if !s.branches.isEmpty {
            out += "<div class=\"branches\">\n"
            // Branch k's steps are n.k.1, n.k.2 …: numbered apart, "2.1" names one step.
            for (k, b) in s.branches.enumerated() {
                out += "<div class=\"branch\"><div class=\"branch-head\">\(h(b.title))"
                if !b.departments.isEmpty { out += "<span class=\"depts\">\(h(b.departments.joined(separator: "、")))</span>" }
                out += "</div>\n<ol class=\"steps inner\">\n"
                for (j, sub) in b.steps.enumerated() { out += stepItem(sub, number: "\(number).\(k + 1).\(j + 1)", linkable: linkable) }
                out += "</ol></div>\n"
            }
            out += "</div>\n"
        }
        return out + "</div></li>\n"
    }

    static func kindBadge(_ p: GuidePage) -> String {
        guard let k = p.kind else { return GuideWords.none }
        let cls = p.flow.kind?.value == .immediate ? "immediate" : "promised"
        return "<span class=\"badge \(cls)\">\(GuideEscaping.html(k))</span>"
    }

    static func outcomeClass(_ k: Outcome.Kind?) -> String {
        switch k {
        case .granted?: return "granted"
        case .refused?, .notAccepted?: return "refused"
        case .withdrawn?: return "withdrawn"
        case nil: return "other"
        }
    }

    // MARK: - Diagram

    /// Graphviz SVG, or the plain HTML diagram.
    static func diagramHTML(_ p: GuidePage, style: GuideDiagramStyle) -> String {
        if style == .svg, let svg = GuideDiagram.svg(p) {
            return "<div class=\"diagram svg\">\n\(svg)\n</div>\n"
        }
        return flowChart(p)
    }

    /// A flow chart in HTML and CSS: boxes down the page, parallel branches
    /// side by side, waits dashed, routes with their conditions, the ways a
    /// case ends at the bottom.
    static func flowChart(_ p: GuidePage) -> String {
        let h = GuideEscaping.html
        var out = "<div class=\"diagram chart\" role=\"img\" aria-label=\"\(h(p.title))流程图\">\n"
        out += "<div class=\"node start\">提交申请</div>\n"
        func nodes(_ steps: [GuidePage.Step]) -> String {
            var out = ""
            for s in steps {
                out += "<div class=\"arrow\" aria-hidden=\"true\"></div>\n"
                switch s.kind {
                case .parallel:
                    out += "<div class=\"node fork\"><div class=\"fork-head\">\(h(s.title))<span class=\"label\">并联审批</span></div><div class=\"lanes\">\n"
                    for b in s.branches {
                        out += "<div class=\"lane\"><div class=\"lane-head\">\(h(b.title))</div>\n"
                        out += nodes(b.steps)
                        out += "</div>\n"
                    }
                    out += "</div><div class=\"fork-foot\">\(h(s.notes.first ?? ""))</div></div>\n"
                default:
                    var sub: [String] = []
                    if let r = s.role { sub.append(r) }
                    if s.kind == .call { sub.append(s.label + (s.department.map { "·" + $0 } ?? "")) }
                    if let l = s.limit { sub.append(l) }
                    if s.optional { sub.insert("视情况", at: 0) }
                    out += "<div class=\"node \(s.kind.rawValue)\(s.optional ? " optional" : "")\"><div class=\"t\">\(h(s.title))</div>"
                    if !sub.isEmpty { out += "<div class=\"s\">\(h(sub.joined(separator: " · ")))</div>" }
                    for (k, a) in s.arms.enumerated() {
                        let otherwise = k == 0 || a.condition == nil ? "" : "否则，"
                        out += "<div class=\"s arm\">" + otherwise + (a.words.map { "如\(h($0))" } ?? a.condition.map { "当 \(h($0))" } ?? "其他情形")
                            + " → \(h(a.target))</div>"
                    }
                    out += "</div>\n"
                }
            }
            return out
        }
        out += nodes(p.steps)
        if !p.outcomes.isEmpty {
            out += "<div class=\"arrow\" aria-hidden=\"true\"></div>\n<div class=\"ends\">"
            out += p.outcomes.map { "<div class=\"node end \(outcomeClass($0.kind))\">\(h($0.title))</div>" }.joined()
            out += "</div>\n"
        }
        return out + "</div>\n<p class=\"note\">图示为办理环节的先后顺序，虚线框为视情况办理的环节；补正、退回等情形见“办理流程”。</p>\n"
    }
}
