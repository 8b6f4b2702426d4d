import ShenpiLanguage
import ShenpiRules

/// Everything a public service guide (办事指南) page shows about one item,
/// resolved to the words the public reads: registry titles for departments
/// and roles, durations and enumerations in Chinese. Markdown and HTML are
/// both rendered from this, so they always say the same thing.
public struct GuidePage: Sendable {
    /// One row of the materials table (申请材料).
    public struct Material: Sendable, Hashable {
        public var id: String
        public var title: String
        /// `原件、复印件`.
        public var forms: String
        /// Paper copies, `1`.
        public var copies: Int
        /// The 份数 cell: `2`, or, for an original shown with its copies,
        /// `原件 1，复印件 2` — a bare 2 beside 原件、复印件 says neither.
        public var copiesText: String {
            let words = forms.split(separator: "、")
            // An electronic file has no paper copies to count.
            if words == ["电子件"] { return GuideWords.none }
            return words.contains("原件") && words.contains("复印件") ? "原件 1，复印件 \(copies)" : "\(copies)"
        }
        /// `申请人自备` …
        public var source: String
        /// `必要`, `容缺后补`, `非必要`.
        public var requirement: String
        /// The `when:` expression text, when the material is conditional.
        public var condition: String?
        /// The fields the condition reads, with their titles, in order of first
        /// mention; empty when `conditionWords` says it all.
        public var conditionFields: [FieldName]
        /// The condition in plain words (`房屋用途为“住宅”`), when it can be said so.
        public var conditionWords: String? = nil
        public var standard: String?
        public var sample: String?
        /// The sub-item whose material this is, when it was not already in the flow's own list.
        public var fromSubItem: String?
        /// Titles of the steps that check it, when every one of them is
        /// 视情况 (a case can skip it): not every applicant is asked for it,
        /// though it has no `when:` of its own.
        public var onlyAt: [String] = []

        /// For a 容缺后补 material, the steps after the intake that check it.
        public var deferredUntil: [String] = []

        /// `可先受理，须在「技术审查」前补交`; with several steps (parallel
        /// branches), `须在「国税…」「地税…」中最先办理的环节前补交`.
        public var deferredText: String? {
            switch deferredUntil.count {
            case 0: return nil
            case 1: return "可先受理，须在「\(deferredUntil[0])」前补交"
            default: return "可先受理，须在" + deferredUntil.map { "「\($0)」" }.joined() + "中最先办理的环节前补交"
            }
        }

        /// `视情况：仅在「安全条件审查」环节需要`.
        public var onlyAtText: String? {
            onlyAt.isEmpty ? nil : "视情况：仅在" + onlyAt.map { "「\($0)」" }.joined(separator: "、") + "环节需要"
        }

        /// `仅当：房屋用途为“非住宅”`, else `仅当：use == 'non-residential'`.
        public var conditionText: String? { (conditionWords ?? condition).map { "仅当：" + $0 } }
    }

    public struct FieldName: Sendable, Hashable {
        public var id: String
        public var title: String
    }

    /// One arm of a conditional route.
    public struct RouteArm: Sendable, Hashable {
        /// The condition text; `nil` for `otherwise`.
        public var condition: String?
        public var target: String
        /// The condition in plain words, when it can be said so.
        public var words: String? = nil
    }

    /// A department's branch of a parallel block (并联审批).
    public struct Branch: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Titles of the departments whose roles work in the branch.
        public var departments: [String]
        public var steps: [Step]
    }

    /// One item of the procedure (办理流程).
    public struct Step: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case task, parallel, route, wait, call
        }
        public var id: String
        public var kind: Kind
        public var title: String
        /// The role title (tasks).
        public var role: String?
        /// The department title: the role's department, or the called item's.
        public var department: String?
        /// `4 个工作日`; a wait's period; a called item's limit.
        public var limit: String?
        /// What the applicant should know about this step, in sentences.
        public var notes: [String] = []
        public var branches: [Branch] = []
        public var arms: [RouteArm] = []
        /// The id of the called item's page (calls).
        public var link: String?
        /// Not every case passes here (视情况): a case can reach its result
        /// (or its branch can finish) without this step.
        public var optional: Bool = false

        /// `并联审批`, `公示期` … a short label of the kind for the list.
        public var label: String {
            switch kind {
            case .task: return "办理"
            case .parallel: return "并联审批"
            case .route: return "条件分流"
            case .wait: return "公示期"
            case .call: return "关联事项"
            }
        }
    }

    public struct Outcome: Sendable, Hashable {
        public var id: String
        public var title: String
        /// `granted`, `refused`, … (for styling).
        public var kind: ShenpiLanguage.Outcome.Kind?
    }

    public var id: String
    public var version: Int?
    public var title: String
    /// The flow file as lint shows it.
    public var file: String
    /// The registry title (the service center).
    public var center: String?
    public var departmentID: String?
    /// The department's registry title.
    public var department: String
    public var body: String?
    public var itemType: String?
    public var basicCode: String?
    public var implementationCode: String?
    public var kind: String?
    public var legalLimit: String?
    public var promisedLimit: String?
    /// How far the limit may be extended (Art. 42), when the flow says.
    public var extensionText: String?
    public var conditions: [String]
    public var legalBasis: [String]
    public var materials: [Material]
    /// Materials summed over the reviewing departments, when that is more than the one set.
    public var separateSubmissions: Int?
    public var steps: [Step]
    public var outcomes: [Outcome]
    public var fee: String?
    public var feeBasis: String?
    public var resultTitle: String?
    public var resultType: String?
    public var delivery: [String]
    public var visits: String?
    public var place: String?
    public var hours: String?
    public var enquiryPhone: String?
    public var complaintPhone: String?
    /// The model, for the diagram.
    public var flow: Workflow
    /// The registry, for role and department titles in the diagram.
    public var registry: Registry?
    /// The catalog, for the titles of called items in the diagram.
    public var catalog: Catalog? = nil

    /// `防雷装置设计核准意见书（批文）`; a title ending in its own bracket
    /// takes the type after a comma (`营业执照（加载统一社会信用代码），证照`).
    public var result: String? {
        guard let t = resultTitle else { return resultType }
        guard let type = resultType else { return t }
        return t.hasSuffix("）") || t.hasSuffix(")") ? "\(t)，\(type)" : "\(t)（\(type)）"
    }

    /// Art. 45's notice, for an item whose case has a limit.
    public var specialProcedureText: String? {
        guard flow.limits.promised != nil || flow.limits.legal != nil else { return nil }
        return GuideWords.specialProcedures(citingLaw: itemType?.contains("行政许可") == true)
    }

    /// The promised limit, or `即办` for an immediate item without one.
    public var promisedLimitText: String {
        // A 即办件 is handled on the spot; a promise beside it is the most it may take.
        flow.kind?.value == .immediate ? "即办" + (promisedLimit.map { "（\($0)内办结）" } ?? "") : promisedLimit ?? GuideWords.none
    }

    /// `窗口领取、邮寄送达`.
    public var deliveryText: String? { delivery.isEmpty ? nil : delivery.joined(separator: "、") }
}

extension GuidePage {
    /// The key elements at the top of a page (基本信息), label and plain text,
    /// `—` where the flow gives nothing.
    public var summaryRows: [(label: String, value: String)] {
        let none = GuideWords.none
        return [
            ("事项名称", title),
            ("事项类型", itemType ?? none),
            ("基本编码", basicCode ?? none),
            ("实施编码", implementationCode ?? none),
            ("实施主体", body ?? none),
            ("主管部门", department),
            ("办件类型", kind ?? none),
            ("法定办结时限", legalLimit ?? none),
            ("承诺办结时限", promisedLimitText),
        ] + (extensionText.map { [("延长办结时限", $0)] } ?? []) + (specialProcedureText.map { [("不计入办结时限的情形", $0)] } ?? []) + [
            ("到办事现场次数", visits ?? none),
            ("收费标准", fee ?? none),
            ("审批结果", result ?? none),
            ("送达方式", deliveryText ?? none),
            ("办理地点", place ?? none),
            ("办理时间", hours ?? none),
            ("咨询电话", enquiryPhone ?? none),
            ("投诉电话", complaintPhone ?? none),
        ]
    }

    /// `lightning-design`, `第 1 版`.
    public var versionText: String { version.map { "第 \($0) 版" } ?? "" }

    /// The page's file name for a format (`lightning-design.html`).
    public func fileName(_ format: GuideFormat) -> String {
        GuideEscaping.fileName(id) + "." + format.rawValue
    }
}

/// The output formats of `shenpi guide`.
public enum GuideFormat: String, Sendable, CaseIterable {
    case md
    case html
}
