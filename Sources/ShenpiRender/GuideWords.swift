import ShenpiLanguage

/// The Chinese words a public service guide (办事指南) uses for the language's
/// enumerations and durations.
public enum GuideWords {
    /// `20 个工作日`, `7 个自然日`, `4 个工作小时` (office hours, not a clock's: an
    /// applicant arriving at 16:00 is not done by 20:00): the unit always said, since the
    /// law's own limits are working days (Art. 82) and a bare "30 日" reads so.
    public static func duration(_ d: Duration) -> String {
        switch d.unit {
        case .workdays: return "\(d.amount) 个工作日"
        case .days: return "\(d.amount) 个自然日"
        case .hours: return "\(d.amount) 个工作小时"
        }
    }

    /// A legal limit in calendar days, reckoned beside a promise, rolls past
    /// a holiday (民法典 Art. 203; docs/runtime.md): the public is told so.
    public static func legalLimit(_ d: Duration, promised: Bool) -> String {
        guard promised, d.unit == .days else { return duration(d) }
        return duration(d) + "（最后一日为法定休假日的，以休假日后的第一个工作日为最后一日）"
    }

    /// `legal: none`: the law sets no limit (a public service item).
    public static let noLegalLimit = "无法定办结时限"

    public static func kind(_ k: ItemKind) -> String {
        switch k {
        case .immediate: return "即办件"
        case .promised: return "承诺件"
        }
    }

    public static func form(_ f: Material.Form) -> String {
        switch f {
        case .original: return "原件"
        case .copy: return "复印件"
        case .electronic: return "电子件"
        }
    }

    /// `原件、复印件`.
    public static func forms(_ fs: [Material.Form]) -> String {
        fs.isEmpty ? "—" : fs.map(form).joined(separator: "、")
    }

    public static func source(_ s: Material.Source) -> String {
        switch s {
        case .applicant: return "申请人自备"
        case .government: return "政府部门核发"
        case .intermediary: return "中介机构出具"
        }
    }

    public static func requirement(_ r: Material.Requirement) -> String {
        switch r {
        case .always: return "必要"
        case .deferrable: return "容缺后补"
        case .optional: return "非必要"
        }
    }

    public static func delivery(_ d: Guide.Delivery) -> String {
        switch d {
        case .window: return "窗口领取"
        case .mail: return "邮寄送达"
        case .online: return "网上送达"
        }
    }

    public static func outcome(_ k: Outcome.Kind) -> String {
        switch k {
        case .granted: return "准予办理"
        case .refused: return "不予办理"
        case .notAccepted: return "不予受理"
        case .withdrawn: return "申请人撤回"
        }
    }

    /// How a parallel block joins, said to the applicant.
    public static func join(_ j: Join?, branches: Int = .max) -> String {
        switch j ?? .all {
        case .all: return "各部门同时办理，全部办结后进入下一环节"
        // `join: 2` of 2 waits for every one: none is stopped.
        case .count(let n) where n >= branches: return "各部门同时办理，全部办结后进入下一环节"
        case .any: return "各部门同时办理，任一部门办结后进入下一环节，其余部门停止办理"
        case .count(let n): return "各部门同时办理，其中 \(n) 个部门办结后进入下一环节，其余部门停止办理"
        }
    }

    /// `10`, `10.5`: an amount without a trailing `.0`.
    public static func amount(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    /// The fee in one line: free text, or `80 元/件`.
    public static func fee(_ f: Guide.Fee) -> String? {
        if let t = f.text { return t }
        guard let a = f.amount else { return nil }
        if a == 0 { return "不收费" }
        return amount(a) + (f.unit.map { " " + $0 } ?? " 元")
    }

    /// Art. 45: what does not count against the limit, told on every page
    /// with a limit — an officer may start a special procedure on any
    /// accepted case, whether or not the flow has a step for one.
    public static func specialProcedures(citingLaw: Bool) -> String {
        "依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计入办结时限，并书面告知申请人所需时间"
            + (citingLaw ? "（《中华人民共和国行政许可法》第四十五条）" : "")
    }

    /// `1 次`.
    public static func visits(_ n: Int) -> String { "\(n) 次" }

    /// The placeholder shown where the flow gives no value.
    public static let none = "—"

    /// `共 9 项`, or `共 9 项，其中 2 项视情形提交` when some are asked for only
    /// in some cases (a `when:`, only 视情况 steps check it, not required):
    /// an applicant brings fewer than the count (author pass).
    static func materialCount(_ p: GuidePage) -> String {
        let conditional = p.materials.filter { $0.condition != nil || !$0.onlyAt.isEmpty || $0.requirement == "非必要" }.count
        return "共 \(p.materials.count) 项" + (conditional > 0 ? "，其中 \(conditional) 项视情形提交" : "")
    }

    /// "，各审查部门分别受理时合计需提交 18 项次" beside the one set, or "".
    static func oneSet(_ p: GuidePage) -> String {
        p.separateSubmissions.map { "，若各审查部门分别受理则合计需提交 \($0) 项次" } ?? ""
    }
}
