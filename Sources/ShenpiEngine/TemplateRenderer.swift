import ShenpiCalendar
import ShenpiMachine

/// Fills a machine template's placeholders: `{item}`, `{case.number}`,
/// `{case.due}`, `{step}`, `{missing}`, `{decision.comment}` (the comment of
/// the decision being taken, empty without one) and field ids
/// (`{guide.place}` was filled in by the compiler). Anything else is left as written.
public struct TemplateRenderer: Sendable {
    public var machine: Machine
    public var state: CaseState
    public var step: String
    public var missing: [String]
    public var comment: String?

    public init(machine: Machine, state: CaseState, step: String, missing: [String], comment: String? = nil) {
        self.machine = machine
        self.state = state
        self.step = step
        self.missing = missing
        self.comment = comment
    }

    public func render(_ text: String) -> String {
        Self.render(machine.tables.template(text), machine: machine.tables, state: state, step: step, missing: missing, comment: comment)
    }

    /// The text with its slots filled. The case is given in pieces: passing
    /// the state itself copied it whole.
    static func render(_ text: TemplateText, machine: MachineTables, caseID: String, fields: [String: FieldValue],
                       caseClock: (accepted: Bool, due: Instant?), step: String, missing: [String], comment: String?) -> String {
        var out = ""
        // Room for the literals and short values: appending then never regrows.
        out.reserveCapacity(text.literalBytes + 24 * (text.slots.count + 1) / 2)
        for slot in text.slots {
            switch slot {
            case .literal(let s): out += s
            case .item: out += machine.title
            case .caseNumber: out += caseID
            case .caseDue: out += due(accepted: caseClock.accepted, due: caseClock.due)
            case .step: out += step
            case .missing: out += missing.joined(separator: "、")
            case .decisionComment: out += comment.map(reason) ?? ""
            case .other(let name):
                if let value = fields[name] { out += value.description } else { out += "{" + name + "}" }
            }
        }
        return out
    }

    static func render(_ text: TemplateText, machine: MachineTables, state: CaseState, step: String, missing: [String],
                       comment: String? = nil) -> String {
        render(text, machine: machine, caseID: state.id, fields: state.fields, caseClock: (state.caseClock != nil, state.caseClock?.due),
               step: step, missing: missing, comment: comment)
    }

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

    /// The due date (the last day of the limit), or why there is none.
    static func due(_ state: CaseState) -> String { due(accepted: state.caseClock != nil, due: state.caseClock?.due) }

    static func due(accepted: Bool, due: Instant?) -> String {
        guard accepted else { return "（尚未受理）" }
        guard let due else { return "（暂停计时，恢复后确定）" }
        return dueDate(due)
    }

    /// A due instant at a day's end reads as that day; others as date and minute.
    static func dueDate(_ due: Instant) -> String {
        due.secondOfDay == 0 ? due.adding(seconds: -1).date.description : due.shortDescription
    }
}
