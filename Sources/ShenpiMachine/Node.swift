/// One node of the machine: a task, a parallel block, a route, a wait or a call.
public struct Node: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var kind: Kind
    /// The block and branch (indexes) this node belongs to, when inside one.
    public var block: Int?
    public var branch: Int?

    public init(id: String, title: String, kind: Kind, block: Int?, branch: Int?) {
        self.id = id
        self.title = title
        self.kind = kind
        self.block = block
        self.branch = branch
    }

    public enum Kind: Sendable, Hashable, Codable {
        case task(TaskSpec)
        /// Index into `Machine.blocks`.
        case parallel(block: Int)
        case route([RouteArm])
        case wait(Limit, next: Target)
        case call(flow: String, outcomes: [String: Target])
    }

    /// Every target this node can move a case to (a block's `next` excluded:
    /// that is reached through its join).
    public var targets: [Target] {
        switch kind {
        case .task(let t): return t.transitions.map(\.target)
        case .parallel: return []
        case .route(let arms): return arms.map(\.target)
        case .wait(_, let next): return [next]
        case .call(_, let outcomes): return outcomes.keys.sorted().compactMap { outcomes[$0] }
        }
    }

    /// The same, with the name of the choice that leads there (decision,
    /// `when <condition>` / `otherwise`, `after wait`, `sub-flow <outcome>`),
    /// for counter-examples. `expressions` are the machine's condition texts.
    public func labelledTargets(_ expressions: [String]) -> [(label: String, target: Target)] {
        switch kind {
        case .task(let t): return t.transitions.map { ($0.name, $0.target) }
        case .parallel: return []
        case .route(let arms):
            return arms.map { arm in
                (arm.condition.map { $0 < expressions.count ? "when \(expressions[$0])" : "when" } ?? "otherwise", arm.target)
            }
        case .wait(_, let next): return [("after wait", next)]
        case .call(_, let outcomes): return outcomes.keys.sorted().map { ("sub-flow \($0)", outcomes[$0]!) }
        }
    }
}

public struct TaskSpec: Sendable, Hashable, Codable {
    public var role: String
    public var limit: Limit?
    public var warnBefore: Limit?
    public var checks: MaterialSet
    public var produces: MaterialSet
    public var fourEyes: Bool
    /// Index into `transitions` taken automatically when `limit` passes.
    public var onTimeout: Int?
    /// The transition table: one entry per decision, in file order.
    public var transitions: [Transition]

    public init(role: String, limit: Limit?, warnBefore: Limit?, checks: MaterialSet, produces: MaterialSet, fourEyes: Bool, onTimeout: Int?, transitions: [Transition]) {
        self.role = role
        self.limit = limit
        self.warnBefore = warnBefore
        self.checks = checks
        self.produces = produces
        self.fourEyes = fourEyes
        self.onTimeout = onTimeout
        self.transitions = transitions
    }

    public func transition(named name: String) -> Transition? {
        transitionIndex(named: name).map { transitions[$0] }
    }

    /// The index of the transition named `name`.
    public func transitionIndex(named name: String) -> Int? {
        // By index: `first(where:)` copied every transition it passed over.
        for i in transitions.indices where transitions[i].name == name { return i }
        return nil
    }
}

/// What a decision does: where it goes and its effects on the case.
public struct Transition: Sendable, Hashable, Codable {
    public var name: String
    public var target: Target
    public var requestSupplement: Bool
    /// `true`: taken while the task's checked materials are missing
    /// (`needs-materials: false`); `nil` otherwise, absent from the encoding
    /// so that machines without it keep their fingerprints.
    public var withoutMaterials: Bool?
    /// The clock-pause reason as the calendar records it (专家评审 …).
    public var pause: String?
    /// How long the pause is expected to take (`{pause.expected}`); absent
    /// from the encoding when `nil`, so older machines keep their fingerprints.
    public var pauseExpected: Limit?
    public var resume: Bool
    public var extend: Limit?
    public var notify: [NotifySpec]

    public init(name: String, target: Target, requestSupplement: Bool, withoutMaterials: Bool? = nil, pause: String?, pauseExpected: Limit? = nil,
                resume: Bool, extend: Limit?, notify: [NotifySpec]) {
        self.name = name
        self.target = target
        self.requestSupplement = requestSupplement
        self.withoutMaterials = withoutMaterials == true ? true : nil
        self.pause = pause
        self.pauseExpected = pauseExpected
        self.resume = resume
        self.extend = extend
        self.notify = notify
    }
}

public struct RouteArm: Sendable, Hashable, Codable {
    /// Index into `Machine.expressions`; `nil` for `otherwise`.
    public var condition: Int?
    public var target: Target

    public init(condition: Int?, target: Target) {
        self.condition = condition
        self.target = target
    }
}

/// A parallel block: its branches, its join counter and its cancellation region.
public struct Block: Sendable, Hashable, Codable {
    public struct Branch: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var entry: Int
        public var nodes: [Int]

        public init(id: String, title: String, entry: Int, nodes: [Int]) {
            self.id = id
            self.title = title
            self.entry = entry
            self.nodes = nodes
        }
    }

    /// The node that stands for the block itself.
    public var node: Int
    public var branches: [Branch]
    /// Branches that must end with `done` before `next` (all = count, any = 1).
    public var required: Int
    public var next: Target
    /// Every node inside the block: cancelled (work and timers) when the join
    /// fires or a branch ends the case.
    public var cancellation: [Int]

    public init(node: Int, branches: [Branch], required: Int, next: Target, cancellation: [Int]) {
        self.node = node
        self.branches = branches
        self.required = required
        self.next = next
        self.cancellation = cancellation
    }
}
