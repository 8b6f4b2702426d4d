import ShenpiCalendar
import ShenpiMachine

/// Fills a machine template's placeholders: `{item}`, `{case.number}`,
/// `{case.due}`, `{step}`, `{missing}` and field ids (`{guide.place}` was
/// filled in by the compiler). Anything else is left as written.
public struct TemplateRenderer: Sendable {
    public var machine: Machine
    public var state: CaseState
    public var step: String
    public var missing: [String]

    public init(machine: Machine, state: CaseState, step: String, missing: [String]) {
        self.machine = machine
        self.state = state
        self.step = step
        self.missing = missing
    }

    public func render(_ text: String) -> String {
        Self.render(text, machine: machine.tables, state: state, step: step, missing: missing)
    }

    /// The same without building a renderer (no copies of machine and state).
    static func render(_ text: String, machine: MachineTables, state: CaseState, step: String, missing: [String]) -> String {
        render(machine.template(text), machine: machine, state: state, step: step, missing: missing)
    }

    static func render(_ text: TemplateText, machine: MachineTables, state: CaseState, step: String, missing: [String]) -> String {
        text.render { value(of: $0, machine: machine, state: state, step: step, missing: missing) }
    }

    static func value(of name: String, machine: MachineTables, state: CaseState, step: String, missing: [String]) -> String? {
        switch name {
        case "item": return machine.title
        case "case.number": return state.id
        case "case.due": return Self.due(state)
        case "step": return step
        case "missing": return missing.joined(separator: "、")
        default: return state.fields[name]?.description
        }
    }

    /// The due date (the last day of the limit), or why there is none.
    static func due(_ state: CaseState) -> String {
        guard let clock = state.caseClock else { return "（尚未受理）" }
        guard let due = clock.due else { return "（暂停计时，恢复后确定）" }
        return dueDate(due)
    }

    /// A due instant at a day's end reads as that day; others as date and minute.
    static func dueDate(_ due: Instant) -> String {
        due.secondOfDay == 0 ? due.adding(seconds: -1).date.description : due.shortDescription
    }
}
