import ShenpiLanguage
import ShenpiSyntax

/// `pause-not-resumed`: after a decision's `pause:`, some path reaches a
/// granted outcome with no `resume: true` on the way, so every step after
/// the pause is done with the clock stopped: their time never counts, and
/// the case is judged on time however long it takes. A branch that ends
/// with `done` releases its pause, and a refusal or withdrawal while paused
/// ends the case as it stands: neither is reported. Nor is a `pause:
/// supplement` on a request for supplement: it ends when the materials are
/// in (engine rules 2), with no decision to resume it.
public struct PauseNotResumedRule: Rule {
    public let id = "pause-not-resumed"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var steps: [Step] = []
        for step in c.flow.steps {
            steps.append(step)
            if case .parallel(let block) = step.kind { for branch in block.branches { steps += branch.steps } }
        }
        for step in steps {
            guard case .task(let task) = step.kind else { continue }
            for d in task.decisions {
                guard let pause = d.pause, !(pause.value == .supplement && d.requestSupplement), let next = d.next?.value,
                      let path = Self.grantedWhilePaused(from: next, c.index) else { continue }
                let route = ([step.id.value + " --" + d.name.value + "-->"] + path).joined(separator: " ")
                out.append(c.diagnostic(id, .warning,
                    "a case can reach outcome \"\(path.last ?? "")\" with the clock still stopped by this pause: no decision on the way says `resume: true`, "
                        + "so the steps after it never count and the case is judged on time however long they take",
                    at: pause.range,
                    notes: [DiagnosticNote("path: " + route),
                            DiagnosticNote("add `resume: true` to the decision that ends the \(pause.value.rawValue)"
                                + (c.index.stepByID[step.id.value]?.scope.branch != nil ? ", or end the branch with `done`" : ""))]))
            }
        }
        return out
    }

    /// Whether a branch entered with the clock stopped by an earlier pause
    /// can reach `done` with that pause still on. As the engine holds them
    /// (rules 2): a branch's resume ends its own pause when it has one, else
    /// the earlier one; its own pause ends with it at `done`.
    static func endsWithoutResume(from start: String, _ index: FlowIndex) -> Bool {
        struct State: Hashable {
            var step: String
            var own: Bool
        }
        var seen: Set<State> = [State(step: start, own: false)]
        var queue = [State(step: start, own: false)]
        while let s = queue.popLast() {
            guard let step = index.stepByID[s.step]?.step else { continue }
            for (target, pause, resume) in DeadlineClock.transitions(of: step) {
                var own = s.own
                if pause { own = true }
                if resume {
                    guard own else { continue }  // it would end the earlier pause
                    own = false
                }
                if target == branchDoneTarget { return true }
                let next = State(step: target, own: own)
                if index.stepByID[target] != nil, seen.insert(next).inserted { queue.append(next) }
            }
        }
        return false
    }

    /// The first path (steps and decisions, then the outcome) from `start`
    /// to a granted outcome along which nothing resumes the clock; `nil` when none.
    static func grantedWhilePaused(from start: String, _ index: FlowIndex) -> [String]? {
        var seen: Set<String> = [start]
        var queue: [(step: String, path: [String])] = [(start, [])]
        var head = 0
        func visit(_ target: String, _ path: [String]) -> [String]? {
            if let o = index.outcomeByID[target] { return o.kind?.value == .granted ? path + [target] : nil }
            if index.stepByID[target] != nil, seen.insert(target).inserted { queue.append((target, path)) }
            return nil
        }
        while head < queue.count {
            let (id, path) = queue[head]
            head += 1
            guard let step = index.stepByID[id]?.step else { continue }
            switch step.kind {
            case .task(let t):
                for d in t.decisions where !d.resume {
                    guard let next = d.next?.value else { continue }
                    if let found = visit(next, path + [id + " --" + d.name.value + "-->"]) { return found }
                }
            case .route(let arms):
                for arm in arms {
                    guard let next = arm.next?.value else { continue }
                    if let found = visit(next, path + [id + " -->"]) { return found }
                }
            case .parallel(let block):
                // Into the branches (still paused), and on past the join only
                // when enough of them can end without resuming the clock (a
                // resume in a branch ends a pause begun before the block too).
                var ending = 0
                for branch in block.branches {
                    if let first = branch.steps.first?.id.value {
                        if let found = visit(first, path + [id + " -->"]) { return found }
                        if Self.endsWithoutResume(from: first, index) { ending += 1 }
                    }
                }
                let required: Int
                switch block.join?.value ?? .all {
                case .all: required = block.branches.count
                case .any: required = 1
                case .count(let n): required = n
                }
                if ending >= required, let next = step.next?.value, let found = visit(next, path + [id + " -->"]) { return found }
            case .wait, .call:
                if case .call(let call) = step.kind {
                    for o in call.outcomes { if let found = visit(o.target.value, path + [id + " --" + o.outcome.value + "-->"]) { return found } }
                } else if let next = step.next?.value, let found = visit(next, path + [id + " -->"]) {
                    return found
                }
            }
        }
        return nil
    }
}
