import ShenpiCalendar
import ShenpiEngine
import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// One scenario file, decoded: a flow, a start instant, named officers, and a
/// script of steps run on a virtual clock. Positions are kept so a failing
/// step can be reported as `file:line`.
public struct Scenario: Sendable {
    /// The scenario's name (`scenario:`), printed as `PASS name` / `FAIL name`.
    public var name: String
    /// The scenario file as shown in messages.
    public var file: String
    /// The flow file as written (relative to the scenario file) and where it was written.
    public var flow: String
    public var flowRange: SourceRange
    /// When the virtual clock starts.
    public var start: Instant
    /// The case number (`{case.number}` in notifications).
    public var caseNumber: String
    /// Officers by name: `w1: [window]`.
    public var actors: [String: Set<String>]
    public var steps: [ScenarioStep]
    /// Every role written under `actors:`, where it was written: checked
    /// against the catalog's registry once the flow is loaded.
    public var roleMentions: [Located<String>] = []
}

/// One item of `steps:`: at most one action, then what must hold after it.
public struct ScenarioStep: Sendable {
    /// The line of the item (its `-`), for messages.
    public var line: Int
    public var action: Action?
    /// `case:` of the command: it acts on that call step's sub-case instead of the scenario's case.
    public var subcase: CaseTarget?
    /// The command must be refused with this error kind (`materials-missing` …).
    public var expectedError: ExpectedError?
    public var expectation: Expectation?
}

/// What a step does: an engine command, or moving the virtual clock.
public enum Action: Sendable {
    case command(ScenarioCommand)
    /// Forward by an amount; every timer falling due on the way fires, in order.
    case advance(Advance)
    /// Forward to an instant, firing due timers likewise.
    case advanceTo(Instant)
}

/// How far `advance:` moves the clock.
public struct Advance: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// To the same time of day on the n-th working day after today.
        case workdays
        /// Elapsed time: n × 24 hours, n hours, n minutes.
        case days, hours, minutes
    }

    public var amount: Int
    public var unit: Unit

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }
}

/// An engine command as written; field values stay YAML nodes until the
/// flow's field types are known.
public enum ScenarioCommand: Sendable {
    case submit(fields: [FieldEntry], materials: [String], channel: String)
    case receive(by: String)
    case decide(step: String, decision: String, by: String, comment: String?, defective: [String] = [],
                expected: (amount: Int, unit: ExtensionUnit)? = nil)
    case supplement(materials: [String])
    /// `expected`: how long it takes, told to the applicant (Art. 45).
    case startSpecialProcedure(reason: String, expected: (amount: Int, unit: ExtensionUnit), by: String, step: String? = nil)
    case endSpecialProcedure(by: String, step: String? = nil)
    /// In the unit written (`workdays`, `days`, `hours`), which must be the
    /// case limit's; `reason` is told to the applicant (Art. 42).
    case extend(amount: Int, unit: ExtensionUnit, reason: String, by: String, at: SourceRange)
    case withdraw(reason: String?)
    case rate(level: Int, comment: String?)
    /// A 差评's follow-up: `rectified` or `unfounded`, with what was done.
    case followUp(result: FollowUpResult, comment: String, by: String)
    /// 回访: `satisfied`, `dissatisfied` (with what was said) or `unreachable`.
    case callBack(result: CallbackResult, comment: String?, by: String)

    /// The key that wrote it, for messages.
    public var keyword: String {
        switch self {
        case .submit: return "submit"
        case .receive: return "receive"
        case .decide: return "decide"
        case .supplement: return "supplement"
        case .startSpecialProcedure: return "start-special-procedure"
        case .endSpecialProcedure: return "end-special-procedure"
        case .extend: return "extend"
        case .withdraw: return "withdraw"
        case .rate: return "rate"
        case .followUp: return "follow-up"
        case .callBack: return "call-back"
        }
    }
}

/// One `fields:` entry of a `submit`, as written.
public struct FieldEntry: Sendable {
    public var key: Scalar
    public var value: ShenpiSyntax.Node
}

/// `expect-error: materials-missing`, or with `contains:` a piece of the message.
public struct ExpectedError: Sendable, Hashable {
    public var kind: String
    public var contains: String?
    /// The line of `expect-error:`.
    public var line: Int

    public init(kind: String, contains: String?, line: Int) {
        self.kind = kind
        self.contains = contains
        self.line = line
    }
}

/// `case: deed-tax-collection`: the sub-case (子办件) the scenario's case
/// opened at that call step, the latest one when the step was entered more
/// than once. `case: check/inspection` goes on down: the sub-case that the
/// `inspection` call step of the `check` sub-case opened, and so on.
public struct CaseTarget: Sendable, Hashable {
    /// The call step's id, or call steps' ids joined by `/` (as written).
    public var step: String
    /// Where the step id was written.
    public var range: SourceRange

    public init(step: String, range: SourceRange) {
        self.step = step
        self.range = range
    }

    /// The call steps from the scenario's case down (step ids have no `/`).
    public var path: [String] { step.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }
}
