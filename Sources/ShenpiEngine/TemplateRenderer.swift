import ShenpiCalendar
import ShenpiMachine

/// Fills a machine template's placeholders: `{item}`, `{case.number}`,
/// `{case.due}`, `{step}`, `{missing}`, `{decision.comment}` (the comment of
/// the decision being taken, empty without one), `{pause.expected}` (how long
/// the decision's pause is expected to take: `20个工作日`), `{materials.deferred}`
/// (the deferrable materials, 容缺后补, the case needs and has not had: `无`
/// when none), `{fee.<id>}` (a fee's amount, `80元`) and field ids
/// (`{guide.place}` was filled in by the compiler). Anything else is left as written.
public struct TemplateRenderer: Sendable {
    public var machine: Machine
    public var state: CaseState
    public var step: String
    public var missing: [String]
    public var comment: String?
    public var pauseExpected: Limit?

    public init(machine: Machine, state: CaseState, step: String, missing: [String], comment: String? = nil, pauseExpected: Limit? = nil) {
        self.machine = machine
        self.state = state
        self.step = step
        self.missing = missing
        self.comment = comment
        self.pauseExpected = pauseExpected
    }

    public func render(_ text: String) -> String {
        Self.render(machine.tables.template(text), machine: machine.tables, state: state, step: step, missing: missing, comment: comment,
                    pauseExpected: pauseExpected)
    }

    /// The text with its slots filled. The case is given in pieces: passing
    /// the state itself copied it whole.
    static func render(_ text: TemplateText, machine: MachineTables, caseID: String, fields: [String: FieldValue],
                       caseClock: (accepted: Bool, due: Instant?), step: String, missing: [String], comment: String?,
                       pauseExpected: Limit?, rules: Int = 1, deferred: [String] = [], submitted: MaterialSet = MaterialSet(),
                       day: CivilDate? = nil) -> String {
        var out = ""
        // Room for the literals and short values: appending then never regrows.
        out.reserveCapacity(text.literalBytes + 24 * (text.slots.count + 1) / 2)
        for slot in text.slots {
            switch slot {
            case .literal(let s): out += s
            case .item: out += machine.title
            case .caseNumber: out += caseID
            case .caseDue: out += due(accepted: caseClock.accepted, due: caseClock.due, rules: rules)
            case .step: out += step
            case .missing: out += missing.joined(separator: missingSeparator(missing, rules: rules))
            case .deferred: out += deferred.isEmpty ? noneDeferred : deferred.joined(separator: missingSeparator(deferred, rules: rules))
            case .decisionComment: out += comment.map(reason) ?? ""
            case .pauseExpected: out += pauseExpected.map(duration) ?? ""
            case .fee(let id): out += feeText(id, machine: machine, fields: fields, submitted: submitted, day: day)
            case .other(let name):
                if let value = fields[name] { out += value.description } else { out += "{" + name + "}" }
            }
        }
        return out
    }

    static func render(_ text: TemplateText, machine: MachineTables, state: CaseState, step: String, missing: [String],
                       comment: String? = nil, pauseExpected: Limit? = nil) -> String {
        render(text, machine: machine, caseID: state.applicantNumber, fields: state.fields, caseClock: (state.caseClock != nil, state.caseClock?.due),
               step: step, missing: missing, comment: comment, pauseExpected: pauseExpected, rules: state.ruleset,
               submitted: state.submitted, day: state.updatedAt.map { state.feeDay(now: $0) } ?? (state.acceptedAt ?? state.receivedAt)?.date)
    }

    /// `{fee.<id>}`: the amount with its unit (`80元`, `12.5元`), or
    /// `（金额待核定）` when the case's fields do not give one; judged on the
    /// case's fee day (`CaseState.feeDay`). An id the flow has no fee for is
    /// left as written, as any unknown placeholder is.
    static func feeText(_ id: String, machine: MachineTables, fields: [String: FieldValue], submitted: MaterialSet, day: CivilDate?) -> String {
        guard machine.fees.contains(where: { $0.id == id }) else { return "{fee." + id + "}" }
        guard let day, let fee = machine.fee(id, fields: fields, submitted: submitted, on: day) else { return feeUnknown }
        return fee.amountText.map { $0 + "元" } ?? feeUnknown
    }

    /// A fee the case's fields do not settle (yet).
    static let feeUnknown = "（金额待核定）"

    /// `{materials.deferred}` when nothing is deferred: the notice says so.
    static let noneDeferred = "无"

    /// A comment as a notice quotes it, before the notice's own punctuation:
    /// without the white space around it and the full stop (or comma …) at
    /// its end, so `理由：{decision.comment}。` never reads `。。`.
    public static func reason(_ comment: String) -> String {
        let trailing: Set<Character> = ["。", "．", ".", "！", "!", "；", ";", "，", ",", "、", "：", ":"]
        var s = Substring(comment)
        while let last = s.last, last.isWhitespace || trailing.contains(last) { s = s.dropLast() }
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        return String(s)
    }

    /// Free text on one line: each run of line breaks and tabs (and the
    /// Unicode line and paragraph separators) becomes one space. What an
    /// applicant or officer typed is quoted inside a notice; a line break in
    /// it would start a line that reads as the sender's own (`…“态度差⏎【银行】
    /// 您的账户异常…”` in an officer's SMS).
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isBreak) else { return text }
        var out = String.UnicodeScalarView()
        var inBreak = false
        for scalar in text.unicodeScalars {
            if isBreak(scalar) {
                if !inBreak { out.append(" ") }
                inBreak = true
            } else {
                out.append(scalar)
                inBreak = false
            }
        }
        return String(out)
    }

    static func isBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether a reason says anything: a letter or a digit in it, not only
    /// white space and punctuation (`。`, `——`).
    public static func saysSomething(_ reason: String) -> Bool {
        reason.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// How `{missing}` separates titles: `、`, or under rules 3 `；` when a
    /// title holds `、` itself (so `董事、监事和经理的任职文件` stays one item).
    public static func missingSeparator(_ titles: [String], rules: Int) -> String {
        rules >= 3 && titles.contains { $0.contains("、") } ? "；" : "、"
    }

    /// A duration as a notice says it: `20个工作日`, `30个自然日`, `4小时`.
    public static func duration(_ t: TimeLimit) -> String {
        switch t.unit {
        case .workdays: "\(t.amount)个工作日"
        case .days: "\(t.amount)个自然日"
        case .hours: "\(t.amount)小时"
        }
    }

    /// A flow's duration (hours kept in minutes) as a notice says it.
    public static func duration(_ l: Limit) -> String {
        switch l.unit {
        case .workdays: duration(TimeLimit(l.amount, .workdays))
        case .days: duration(TimeLimit(l.amount, .days))
        case .minutes: l.amount % 60 == 0 ? duration(TimeLimit(l.amount / 60, .hours)) : "\(l.amount)分钟"
        }
    }

    /// The due date (the last day of the limit), or why there is none.
    static func due(_ state: CaseState) -> String { due(accepted: state.caseClock != nil, due: state.caseClock?.due, rules: state.ruleset) }

    static func due(accepted: Bool, due: Instant?, rules: Int) -> String {
        guard accepted else { return "（尚未受理）" }
        guard let due else { return "（暂停计时，恢复后确定）" }
        return dueDate(due, rules: rules)
    }

    /// A due instant at a day's end reads as that day (`2026-03-11`); others
    /// as date and minute: under rules 10 `2026-03-02 14:40`, as an SMS is
    /// read; under older rules, whose recorded notices replay so, ISO 8601's
    /// `2026-03-02T14:40`.
    static func dueDate(_ due: Instant, rules: Int) -> String {
        // The date part holds no `T`: only the separator is replaced.
        rules >= 10 ? due.deadlineDescription.replacingOccurrences(of: "T", with: " ") : due.deadlineDescription
    }
}
