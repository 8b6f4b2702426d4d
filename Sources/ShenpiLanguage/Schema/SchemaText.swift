/// Bilingual text (中文 first, then English) shown by an editor on hover and
/// in completion lists. The wording follows docs/language.md.
public struct SchemaText: Sendable, Hashable {
    public let zh: String
    public let en: String

    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }

    /// Both languages, as one description.
    public var rendered: String { zh + "\n\n" + en }
    /// Both languages on one line, for enum value lists.
    public var short: String { zh + " — " + en }
}

/// The descriptions of every construct (a `$defs` entry) and of every key of
/// every construct. `LanguageSchema` reports a key of `LanguageKeys` without a
/// description here (and a description for a key that does not exist) as a
/// problem, which the tests turn into a failure.
enum SchemaTexts {
    // Shared by the five kinds of step.
    static let stepID = SchemaText(
        "步骤 id。步骤、办结方式、并联块和分支共用本流程的一个命名空间，决定按 id 指向目标。",
        "Step id. Steps, outcomes, parallel blocks and branches share one namespace per flow; decisions name their target by id."
    )
    static let stepTitle = SchemaText("步骤名称（可选）。", "The step's title (optional).")

    static let constructs: [String: SchemaText] = [
        "registry": SchemaText(
            "登记表 registry.yaml：政务服务中心的进驻部门和岗位（角色），目录中所有流程共用。",
            "The registry (registry.yaml): the departments and roles shared by every flow of the catalog."
        ),
        "department": SchemaText("进驻部门。", "A department of the center."),
        "role": SchemaText("岗位（角色），属于一个部门；任务由岗位办理。", "A role (post) of a department; tasks are done by roles."),
        "supervision": SchemaText(
            "中心的督查口径：督查报告（shenpi report、GET /v1/report）未另行指定时采用。",
            "The center's supervision thresholds: the supervision report's defaults (shenpi report, GET /v1/report)."
        ),
        "workflow": SchemaText(
            "一个审批流程（一个事项）。",
            "One approval flow (one service item)."
        ),
        "limits": SchemaText(
            "办理时限：legal 法定时限、promised 承诺时限（承诺件必填）、warn-before 预警提前量、extension 延长期限的上限。",
            "The case limits: legal, promised (required for kind: promised), warn-before and the extension ceiling."
        ),
        "extension": SchemaText(
            "延长办理期限的上限（《行政许可法》第四十二条）：max 累计最多延长多少，by 由哪个岗位批准，times 最多延长几次（可选）。",
            "How far the case limit may be extended (Art. 42): max in all, approved by the role by, at most times times (optional)."
        ),
        "guide": SchemaText(
            "办事指南要素（《行政许可法》第三十条）；均可选，但公开发布的事项应当填写。",
            "Service-guide (办事指南) elements (Art. 30); all optional, but a published item should have them."
        ),
        "codes": SchemaText("事项编码。", "The item's codes."),
        "fee": SchemaText(
            "收费：文本（如“不收费”），或 {amount, unit, basis}。",
            "The fee: text such as 不收费 (free of charge), or {amount, unit, basis}."
        ),
        "result": SchemaText("审批结果（结果名称和类型）。", "The result document: its title and type."),
        "contacts": SchemaText("咨询和投诉电话。", "Enquiry and complaint phone numbers."),
        "field": SchemaText("申请人填报的数据项；表达式和模板使用它。", "A typed datum the applicant gives; expressions and templates use it."),
        "material": SchemaText("申请材料。", "A material (document) the applicant brings."),
        "feeRule": SchemaText("一项逐件计算的收费。", "One fee charged on each case."),
        "outcome": SchemaText("办结方式：案件结束的一种方式。", "An outcome: one way a case can end."),
        "notification": SchemaText(
            "通知：发给 to，内容为 template（模板 id）或 message（文本），二者选一。",
            "A notification to `to`, with either a `template` id or an inline `message`, not both."
        ),
        "notify": SchemaText("一条通知，或通知列表。", "One notification or a list of them."),
        "step": SchemaText(
            "一个步骤：任务（有 role）、并联块（有 parallel）、条件分流（有 route）、等待（有 wait）或子流程调用（有 call）。",
            "A step: a task (has role), a parallel block (has parallel), a route (has route), a wait (has wait) or a call (has call)."
        ),
        "branchStep": SchemaText(
            "并联分支中的步骤：除并联块外的任何一种步骤。",
            "A step inside a parallel branch: any kind but another parallel block."
        ),
        "task": SchemaText("任务：由一个岗位办理，并作出一个决定。", "A task: a unit of work done by one role, ending in one of its decisions."),
        "decision": SchemaText(
            "决定：一个目标（步骤 id、办结方式 id 或 done），或决定内容 {next, …}。",
            "A decision: a target (a step id, an outcome id or done), or a decision body {next, …}."
        ),
        "decisionBody": SchemaText(
            "决定内容：next 目标，以及补正、暂停/恢复计时、延期和通知。",
            "A decision body: the next target, plus supplement request, clock pause/resume, extension and notifications."
        ),
        "parallel": SchemaText(
            "并联块：各分支同时开始，按 join 汇合后转到 next。",
            "A parallel block: its branches start together; after the join the flow moves to next."
        ),
        "parallelBody": SchemaText("并联块的内容：汇合方式和分支。", "The body of a parallel block: join and branches."),
        "branch": SchemaText("并联分支：一串步骤，以 done 结束。", "A parallel branch: a sequence of steps that ends with done."),
        "route": SchemaText(
            "条件分流：按顺序尝试各条件，第一个成立的生效；最后一项须为 otherwise。",
            "A route: conditions are tried in order and the first that holds wins; the last entry must be otherwise."
        ),
        "routeEntry": SchemaText(
            "分流条件：{when, next}，或最后一项 {otherwise}。",
            "A route entry: {when, next}, or the final {otherwise}."
        ),
        "wait": SchemaText(
            "等待：案件停留固定时长（如公示期）后转到 next；计入办理时限。",
            "A wait: holds the case for a fixed duration (e.g. a public notice period), then moves to next; it counts against the case limit."
        ),
        "call": SchemaText(
            "子流程调用：运行目录中的另一个流程，并把它的办结方式映射为本流程的目标。",
            "A sub-flow call: runs another flow of the catalog and maps its outcomes to targets here."
        ),
        "id": SchemaText(
            "id：ASCII 小写字母开头，由小写字母和数字组成的词，用单个 - 或 _ 连接，如 lightning-design、id_card、step2。",
            "An id: lowercase ASCII words of letters and digits, starting with a letter, joined by single - or _: lightning-design, id_card, step2."
        ),
        "stepId": SchemaText(
            "步骤、办结方式、并联块或分支的 id；done 是保留字（结束并联分支）。",
            "The id of a step, outcome, parallel block or branch; done is reserved (it ends a parallel branch)."
        ),
        "target": SchemaText(
            "目标：步骤 id、办结方式 id，或 done（结束当前并联分支）。",
            "A target: a step id, an outcome id, or done (ends the current parallel branch)."
        ),
        "duration": SchemaText(
            "时长：1 到 \(DurationSyntax.maximumAmount) 的整数、一个空格、单位：workdays 工作日（按日历扣除法定节假日和调休）、days 自然日、hours 办公时间内的工作小时；单数形式也可以。",
            "A duration: a whole number from 1 to \(DurationSyntax.maximumAmount), one space and a unit: workdays (working days of the flow's calendar), days (calendar days) or hours (working hours within office hours); the singular works too."
        ),
        "dayDuration": SchemaText(
            "按日计的时长：1 到 \(DurationSyntax.maximumAmount) 的整数、一个空格、单位 workdays 工作日或 days 自然日（不可用 hours）。",
            "A duration in whole days: a whole number from 1 to \(DurationSyntax.maximumAmount), one space and workdays or days (not hours)."
        ),
        "text": SchemaText(
            "文本：任何标量（中文很正常）。YAML 会另作解释的文本请加引号。",
            "Text: any scalar; Chinese is normal. Quote text that YAML would otherwise read as something else."
        ),
        "textList": SchemaText("一条文本，或文本列表。", "One text or a list of texts."),
        "expression": SchemaText(
            "条件表达式（布尔值）：字段、字面量、has(材料)、age(x)、比较、and/or/not、in。",
            "A boolean condition: fields, literals, has(material), age(x), comparisons, and/or/not, in."
        ),
    ]

    static let keys: [String: [String: SchemaText]] = [
        "registry": [
            "registry": SchemaText("政务服务中心的 id。有 registry 键的文件是登记表。", "The id of the center. A file with the key registry is the registry."),
            "title": SchemaText("中心名称。", "The center's name."),
            "departments": SchemaText("进驻部门列表，每项 {id, title}。", "The departments, each {id, title}."),
            "roles": SchemaText("岗位（角色）列表，每项 {id, title, department}。", "The roles, each {id, title, department}."),
            "supervision": SchemaText("督查口径：只受不理、差评整改反馈的时限。", "Supervision thresholds: 只受不理 and the 差评 follow-up limit."),
        ],
        "supervision": [
            "untouched-after": SchemaText(
                "受理后多久无人办理即为只受不理，以工作日或自然日计（默认 3 workdays）。",
                "How long after acceptance without an officer's action a case counts as 只受不理, in workdays or days (default 3 workdays)."
            ),
            "follow-up-within": SchemaText(
                "差评自评价之日起（回访不满意自回访之日起）的整改反馈时限，以工作日或自然日计（各地 1 至 15 个工作日；默认 15 workdays）。",
                "The follow-up limit of a 差评 after the rating day (of a dissatisfied callback, after the call), in workdays or days (local rules: 1 to 15 workdays; default 15 workdays)."
            ),
        ],
        "department": [
            "id": SchemaText("部门 id；流程的 department 引用它。", "Department id; a flow's department refers to it."),
            "title": SchemaText("部门名称。", "The department's name."),
        ],
        "role": [
            "id": SchemaText("岗位 id；任务的 role 和通知的 to 引用它。", "Role id; a task's role and a notification's to refer to it."),
            "title": SchemaText("岗位名称。", "The role's name."),
            "department": SchemaText("岗位所属部门，须是已登记的部门 id。", "The department of the role: a declared department id."),
        ],
        "workflow": [
            "workflow": SchemaText("流程 id，在整个目录中唯一。有 workflow 键的文件是流程。", "Flow id, unique in the catalog. A file with the key workflow is a flow."),
            "version": SchemaText("版本号，整数 ≥ 1。", "Version: an integer ≥ 1."),
            "title": SchemaText("事项名称。", "The item's title."),
            "department": SchemaText(
                "实施部门（并联审批时为牵头部门），须在 registry.yaml 中登记。",
                "The department in charge (the lead department of a parallel flow): a department of registry.yaml."
            ),
            "kind": SchemaText("办件类型：immediate 即办件，promised 承诺件。", "Item kind: immediate (即办件) or promised (承诺件)."),
            "calendar": SchemaText(
                "工作日历 id：内置的 cn，或目录中 calendars/*.cal 的日历；以 hours 计的时限需要有办公时间的日历。",
                "Calendar id: a bundled one (cn) or one of the catalog's calendars/*.cal; limits in hours need a calendar with office hours."
            ),
            "limits": SchemaText(
                "办理时限：legal 法定时限（必填）、promised 承诺时限（承诺件必填）、warn-before 预警提前量。",
                "Case limits: legal (required), promised (required for kind: promised), warn-before."
            ),
            "guide": SchemaText("办事指南要素（可选）。", "Service-guide elements (optional)."),
            "fields": SchemaText("申请人填报的数据项。", "The applicant's typed data."),
            "materials": SchemaText("申请材料清单。", "The materials the applicant brings."),
            "templates": SchemaText(
                "消息模板：模板 id → 文本。花括号占位符：字段 id、item、case.number、case.due、step、missing、guide.place。",
                "Message templates: template id → text. Placeholders in braces: a field id, item, case.number, case.due, step, missing, guide.place."
            ),
            "decision-titles": SchemaText(
                "决定名称的中文说法（决定名 → 名称），流程图和办事指南中显示：{ accept: 受理 }。",
                "How the public reads each decision name (name → title), on the diagram and in the service guide: { accept: 受理 }."
            ),
            "steps": SchemaText(
                "办理步骤；第一项是每个案件的起点。",
                "The flow's steps; the first is where every case starts."
            ),
            "outcomes": SchemaText("办结方式：案件结束的各种方式。", "The ways a case can end."),
            "fees": SchemaText(
                "逐件计算的收费项目（如不动产登记费）：金额是依申请字段计算的表达式；办事指南的收费说明仍写在 guide.fee。",
                "Fees charged on each case (不动产登记费 …), each an expression over the application's fields; the guide's text stays in guide.fee."
            ),
            "negative-rating-to": SchemaText(
                "收到差评（不满意、非常不满意）时立即通知的岗位（角色 id 列表），以便按时整改反馈。",
                "Roles told at once of a 差评 (a rating of 2 or 1), to follow it up in time."
            ),
        ],
        "limits": [
            "legal": SchemaText("法定时限；无法定时限的事项（如公共服务事项）写 none，此时必须有承诺时限。",
                                "The legal time limit (法定时限); none for an item the law sets no limit for (a public service item), which then needs a promised limit."),
            "promised": SchemaText("承诺时限，不得超过法定时限；kind: promised 时必填。", "The promised limit (承诺时限), at most the legal one; required for kind: promised."),
            "warn-before": SchemaText("在承诺时限届满前多久亮黄灯（可选）；法定时限同样提前预警。",
                                      "Turn the case yellow this long before the promised limit (optional); the legal limit warns as long before it."),
            "extension": SchemaText(
                "延长期限：none 表示不得延长，或 { max, by, times }；不写时任何后续环节的人员均可延长，且不限次数和总量。",
                "Extensions: none for no extension, or { max, by, times }; without it anyone of a step still ahead may extend, without limit."
            ),
        ],
        "extension": [
            "max": SchemaText("累计最多延长多少，单位须与案件时限相同，如 10 workdays。", "The most the case limit may be extended in all, in its own unit, e.g. 10 workdays."),
            "by": SchemaText("批准延长的岗位（本机关负责人），须在登记表中。", "The role that approves extensions (the head of the agency); a role of the registry."),
            "times": SchemaText("最多延长几次（可选；第四十二条通常理解为一次）。", "At most this many extensions (optional; Art. 42 is usually read as one)."),
        ],
        "guide": [
            "item-type": SchemaText("事项类型，如 行政许可、行政确认。", "Item type, e.g. 行政许可 (administrative licence)."),
            "codes": SchemaText("事项编码：basic 基本编码，implementation 实施编码。", "Item codes: basic and implementation."),
            "body": SchemaText("实施主体。", "The implementing body."),
            "legal-basis": SchemaText("设定依据：一条或多条。", "The legal basis: one text or a list."),
            "conditions": SchemaText("受理条件：一条或多条。", "The conditions of acceptance: one text or a list."),
            "visits": SchemaText("到办事现场次数（整数 ≥ 0）。", "Visits to the service site (an integer ≥ 0)."),
            "place": SchemaText("办理地点。", "Where the item is handled."),
            "hours": SchemaText("办理时间。", "Opening hours."),
            "fee": SchemaText("收费：文本（如 不收费），或 {amount, unit, basis}。", "Fee: text such as 不收费 (free of charge), or {amount, unit, basis}."),
            "result": SchemaText("审批结果：{title, type}。", "The result document: {title, type}."),
            "delivery": SchemaText("结果送达方式列表。", "How the result can be delivered: a list."),
            "contacts": SchemaText("联系电话：{enquiry, complaint}。", "Phone numbers: {enquiry, complaint}."),
        ],
        "codes": [
            "basic": SchemaText("基本编码（请加引号，以免成为数字）。", "The basic code (quote it so that it stays text)."),
            "implementation": SchemaText("实施编码。", "The implementation code."),
        ],
        "fee": [
            "amount": SchemaText("金额，≥ 0 的十进制数字，如 80、12.5、1.5e2。", "The amount: a number ≥ 0 in decimal, like 80, 12.5 or 1.5e2."),
            "unit": SchemaText("计费单位，如 元/件。", "The unit, e.g. 元/件 (yuan per item)."),
            "basis": SchemaText("收费依据。", "The legal basis of the fee."),
        ],
        "result": [
            "title": SchemaText("结果名称，如 营业执照。", "The result's title, e.g. 营业执照 (business licence)."),
            "type": SchemaText("结果类型，如 证照、批文。", "The result's type, e.g. 证照 (licence) or 批文 (written approval)."),
        ],
        "contacts": [
            "enquiry": SchemaText("咨询电话。", "Enquiry phone number."),
            "complaint": SchemaText("投诉电话。", "Complaint phone number."),
        ],
        "field": [
            "id": SchemaText(
                "数据项 id；不能是表达式语言的词 and、or、not、in、true、false。",
                "Field id; not a word of the expression language (and, or, not, in, true, false)."
            ),
            "title": SchemaText("数据项名称。", "The field's title."),
            "type": SchemaText("值类型。", "The value type."),
            "values": SchemaText("enum 类型的取值（id 列表）；只用于 type: enum，且不能为空。", "The values of an enum field (a list of ids); only with type: enum, and not empty."),
            "value-titles": SchemaText("enum 取值的中文名称（取值 → 名称），办事指南的条件中显示：{ residential: 住宅 }；只用于 type: enum。",
                                       "How the public reads each value of an enum field (value → title), shown in the service guide's conditions: { residential: 住宅 }; only with type: enum."),
            "required": SchemaText("是否必填（true 或 false），默认 true。", "Whether the applicant must give it (true or false); default true."),
            "minimum": SchemaText("最小值（含）；只用于 integer、number 类型，超出的申请被拒绝（invalid-field）。",
                                  "The smallest value allowed (inclusive); integer and number fields only; a submission below it is refused (invalid-field)."),
            "maximum": SchemaText("最大值（含）；只用于 integer、number 类型，超出的申请被拒绝（invalid-field）。",
                                  "The largest value allowed (inclusive); integer and number fields only; a submission above it is refused (invalid-field)."),
        ],
        "material": [
            "id": SchemaText("材料 id。", "Material id."),
            "title": SchemaText("材料名称。", "The material's title."),
            "form": SchemaText("材料形式：一个或列表。", "Form: one or a list."),
            "copies": SchemaText("纸质份数（整数 ≥ 1，默认 1）。", "Paper copies (an integer ≥ 1, default 1)."),
            "source": SchemaText("材料来源（默认 applicant）。", "Where the material comes from (default applicant)."),
            "required": SchemaText("是否必需（默认 always）。", "Whether it is required (default always)."),
            "when": SchemaText("条件：仅在成立时才需要此材料（布尔表达式）。", "Required only when this condition holds (a boolean expression)."),
            "standard": SchemaText("受理标准（可选）。", "Acceptance standard (optional)."),
            "sample": SchemaText("空白表格或示范文本（可选）。", "Blank form or sample (optional)."),
        ],
        "feeRule": [
            "id": SchemaText("收费项目 id；通知中用 {fee.<id>} 引用金额。", "Fee id; a notice quotes the amount as {fee.<id>}."),
            "title": SchemaText("收费项目名称。", "The fee's title."),
            "amount": SchemaText(
                "金额（元）：数字，或依申请字段计算的表达式，如 if(use == 'residential', 80, 550) + 10 * extra-certificates。",
                "Amount in yuan: a number, or an expression over the application's fields, e.g. if(use == 'residential', 80, 550) + 10 * extra-certificates."
            ),
            "basis": SchemaText("收费依据（文件名称、文号）。", "The legal basis of the charge."),
        ],
        "outcome": [
            "id": SchemaText("办结方式 id；决定以它为目标即结束案件。", "Outcome id; a decision that names it ends the case there."),
            "title": SchemaText("办结方式名称。", "The outcome's title."),
            "kind": SchemaText("办结类型。", "The kind of ending."),
            "notify": SchemaText("案件在此办结时发送的通知：一条或列表。", "Notifications sent when a case ends here: one or a list."),
        ],
        "notification": [
            "to": SchemaText("接收人：applicant（申请人）或岗位 id。", "Recipient: applicant, or a role id."),
            "template": SchemaText("模板 id（在 templates 中定义）；与 message 二选一。", "A template id from templates; give template or message, not both."),
            "message": SchemaText("直接写出的消息文本；与 template 二选一。", "Inline message text; give message or template, not both."),
        ],
        "task": [
            "id": stepID,
            "title": stepTitle,
            "role": SchemaText("办理岗位：registry 中的岗位 id。有 role 的步骤是任务。", "The role doing the task: a registry role id. A step with role is a task."),
            "limit": SchemaText("本步骤时限（可选）。", "This step's time limit (optional)."),
            "warn-before": SchemaText("在本步骤时限届满前多久亮黄灯；需要 limit，且须短于它。", "Turn the step yellow this long before its limit; needs limit and must be shorter."),
            "checks": SchemaText("本步骤核验的材料 id 列表。", "The material ids verified at this step."),
            "produces": SchemaText(
                "本步骤在办理过程中取得的材料 id 列表（检测报告、专家意见、勘验记录等），供之后的步骤使用。",
                "The material ids this step obtains during the procedure (test reports, expert opinions, inspection records), available to the steps after it."
            ),
            "four-eyes": SchemaText("双人原则：作出上一任务决定的人不得决定本任务。", "Four eyes: whoever decided the previous task may not decide this one."),
            "on-timeout": SchemaText(
                "时限届满时自动作出的决定（本步骤的一个决定名称，如“逾期视为受理”）；需要 limit。",
                "The decision taken automatically when the limit passes (one of this step's decisions); needs limit."
            ),
            "decisions": SchemaText(
                "决定：决定名称（id）→ 目标，或决定内容 {next, …}。至少一个。",
                "Decisions: decision name (an id) → a target or a decision body {next, …}. At least one."
            ),
        ],
        "decisionBody": [
            "next": SchemaText("目标：步骤 id、办结方式 id，或 done（结束当前并联分支）。", "Target: a step id, an outcome id, or done (ends the current parallel branch)."),
            "title": SchemaText("流程图中这一决定的说法，优先于 decision-titles。", "How the diagram says this decision, over decision-titles."),
            "request-supplement": SchemaText(
                "一次性告知：案件退回申请人，并列出全部缺少的材料。",
                "The case goes back to the applicant with the list of every missing material at once."
            ),
            "needs-materials": SchemaText(
                "false：本步骤核验的材料缺少时也可作出此决定（如建议不予许可、不予减免）；默认 true。",
                "false: the decision may be taken while materials this step checks are missing (a recommendation to refuse, a relief denied); default true."
            ),
            "pause": SchemaText("暂停法定时限计时的原因（特别程序）。", "Why the legal clock stops (a special procedure)."),
            "expected": SchemaText(
                "暂停预计需要的时间，通知中以 {pause.expected} 告知申请人（第四十五条）；须与 pause 同用。",
                "How long the pause is expected to take, told to the applicant as {pause.expected} (Art. 45); needs pause."
            ),
            "resume": SchemaText("恢复计时（true）。", "The clock starts again (true)."),
            "extend": SchemaText("经本步骤岗位批准，延长案件时限的时长（第四十二条）。", "Duration added to the case limit, approved by this step's role (Art. 42)."),
            "notify": SchemaText("作出此决定时发送的通知：一条或列表。", "Notifications sent with this decision: one or a list."),
        ],
        "parallel": [
            "id": stepID,
            "title": stepTitle,
            "parallel": SchemaText("并联审批：join 汇合方式和 branches 分支。有 parallel 的步骤是并联块。", "The parallel block: join and branches. A step with parallel is a parallel block."),
            "next": SchemaText("汇合后的目标；未完成的分支被撤销。", "Where the flow goes after the join; the remaining branches are cancelled."),
        ],
        "parallelBody": [
            "join": SchemaText(
                "汇合方式：all 等全部分支，any 等第一个分支，或整数 n（n 个分支），不超过分支数。",
                "When the block ends: all branches, any (the first), or a whole number n (n of them), at most the number of branches."
            ),
            "branches": SchemaText("分支列表，至少一个。", "The branches; at least one."),
        ],
        "branch": [
            "id": SchemaText("分支 id。", "Branch id."),
            "title": SchemaText("分支名称（可选）。", "The branch's title (optional)."),
            "steps": SchemaText(
                "分支的步骤：第一步在并联块开始时开始；分支以 done 结束。不能嵌套并联块。",
                "The branch's steps: the first starts when the block starts; the branch ends with done. No nested parallel block."
            ),
        ],
        "route": [
            "id": stepID,
            "title": stepTitle,
            "route": SchemaText("条件列表，按顺序尝试；最后一项须为 otherwise。有 route 的步骤是条件分流。", "The entries, tried in order; the last must be otherwise. A step with route is a route."),
        ],
        "routeEntry": [
            "when": SchemaText("条件（布尔表达式）。", "The condition (a boolean expression)."),
            "next": SchemaText("条件成立时的目标。", "The target when the condition holds."),
            "otherwise": SchemaText("以上条件都不成立时的目标；须是最后一项。", "The target when no condition held; the last entry."),
        ],
        "wait": [
            "id": stepID,
            "title": stepTitle,
            "wait": SchemaText("等待时长（如公示期）。有 wait 的步骤是等待。", "How long the case waits (e.g. a public notice period). A step with wait is a wait."),
            "next": SchemaText("等待结束后的目标。", "The target when the wait is over."),
        ],
        "call": [
            "id": stepID,
            "title": stepTitle,
            "call": SchemaText("被调用的子流程 id（目录中的另一个流程）。有 call 的步骤是子流程调用。", "The id of another flow of the catalog. A step with call is a sub-flow call."),
            "outcomes": SchemaText(
                "子流程的办结方式 id → 本流程的目标；须映射子流程的每一个办结方式。",
                "The called flow's outcome id → a target here; every outcome of the called flow must be mapped."
            ),
        ],
    ]
}
