import ShenpiCalendar
import ShenpiSyntax

/// Why the legal clock stops (Art. 45 special procedures, and 补正), as
/// written in a flow (`pause: expert-review`). `clockReason` is the calendar's
/// name for it, recorded in a clock's history.
public enum PauseKind: String, Sendable, Hashable, CaseIterable {
    case supplement
    case hearing
    case tender
    case auction
    case inspection
    case testing
    case quarantine
    case appraisal
    case expertReview = "expert-review"
    /// 限期整改: the applicant puts right what an on-site check found (安监,
    /// 消防), the time set in the rectification notice; local rules keep it
    /// out of the limit as Art. 45 does its procedures.
    case rectification

    public var chineseTitle: String {
        switch self {
        case .supplement: return "补正"
        case .hearing: return "听证"
        case .tender: return "招标"
        case .auction: return "拍卖"
        case .inspection: return "检验"
        case .testing: return "检测"
        case .quarantine: return "检疫"
        case .appraisal: return "鉴定"
        case .expertReview: return "专家评审"
        case .rectification: return "整改"
        }
    }

    public var clockReason: PauseReason { PauseReason(rawValue: chineseTitle) }
}

/// The reserved target that ends the current parallel branch.
public let branchDoneTarget = "done"

/// A named choice at a task and what it does.
public struct Decision: Sendable, Hashable {
    public var name: Located<String>
    /// How the diagram says it, over the flow's `decision-titles` (a name
    /// several steps use for different things: `refuse` 不予受理 at intake,
    /// 不予许可 at the decision).
    public var title: Located<String>?
    /// Step id, outcome id or `done`.
    public var next: Located<String>?
    public var requestSupplement: Bool = false
    /// `false`: the officer may take it while materials the step checks are
    /// missing (a recommendation to refuse, a relief denied).
    public var needsMaterials: Bool = true
    public var pause: Located<PauseKind>?
    /// How long the pause is expected to take, told to the applicant as
    /// `{pause.expected}` (Art. 45: 所需时间书面告知申请人).
    public var expected: Located<Duration>?
    public var resume: Bool = false
    public var extend: Located<Duration>?
    public var notify: [Notice] = []
    public var range: SourceRange

    public init(name: Located<String>, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A unit of work done by one role.
public struct Task: Sendable, Hashable {
    public var role: Located<String>?
    public var limit: Located<Duration>?
    public var warnBefore: Located<Duration>?
    public var checks: [Located<String>] = []
    /// Materials this step obtains during the procedure (test reports, expert
    /// opinions, inspection records): available to the steps after it.
    public var produces: [Located<String>] = []
    public var fourEyes: Bool = false
    public var onTimeout: Located<String>?
    public var decisions: [Decision] = []

    public init() {}
}

public enum Join: Sendable, Hashable {
    case all
    case any
    case count(Int)
}

public struct Branch: Sendable, Hashable {
    public var id: Located<String>
    public var title: Located<String>?
    public var steps: [Step]

    public init(id: Located<String>, title: Located<String>? = nil, steps: [Step] = []) {
        self.id = id
        self.title = title
        self.steps = steps
    }
}

public struct ParallelBlock: Sendable, Hashable {
    public var join: Located<Join>?
    public var branches: [Branch] = []

    public init() {}
}

/// One arm of a route: a `when:` condition, or `otherwise`. (`condition` is
/// also nil for a `when:` that could not be read; `isOtherwise` tells them apart.)
public struct RouteArm: Sendable, Hashable {
    public var condition: LocatedExpression?
    public var isOtherwise: Bool
    public var next: Located<String>?
    public var range: SourceRange

    public init(condition: LocatedExpression?, isOtherwise: Bool = false, next: Located<String>?, range: SourceRange) {
        self.condition = condition
        self.isOtherwise = isOtherwise
        self.next = next
        self.range = range
    }
}

public struct SubflowCall: Sendable, Hashable {
    public var flow: Located<String>
    /// Called flow's outcome id → target in this flow.
    public var outcomes: [(outcome: Located<String>, target: Located<String>)]

    public init(flow: Located<String>, outcomes: [(outcome: Located<String>, target: Located<String>)]) {
        self.flow = flow
        self.outcomes = outcomes
    }

    public static func == (a: SubflowCall, b: SubflowCall) -> Bool {
        a.flow == b.flow && a.outcomes.map(\.outcome) == b.outcomes.map(\.outcome)
            && a.outcomes.map(\.target) == b.outcomes.map(\.target)
    }

    public func hash(into h: inout Hasher) {
        h.combine(flow)
        for o in outcomes {
            h.combine(o.outcome)
            h.combine(o.target)
        }
    }
}

/// An item of a `steps:` list.
public struct Step: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case task(Task)
        case parallel(ParallelBlock)
        case route([RouteArm])
        case wait(Located<Duration>?)
        case call(SubflowCall)
    }

    public var id: Located<String>
    public var title: Located<String>?
    public var kind: Kind
    /// `next:` of a parallel block, wait or call (routes and tasks name targets per arm/decision).
    public var next: Located<String>?
    public var range: SourceRange

    public init(id: Located<String>, title: Located<String>? = nil, kind: Kind, next: Located<String>? = nil, range: SourceRange) {
        self.id = id
        self.title = title
        self.kind = kind
        self.next = next
        self.range = range
    }

    public var task: Task? {
        if case .task(let t) = kind { return t }
        return nil
    }

    public var kindName: String {
        switch kind {
        case .task: return "task"
        case .parallel: return "parallel block"
        case .route: return "route"
        case .wait: return "wait"
        case .call: return "call"
        }
    }
}
