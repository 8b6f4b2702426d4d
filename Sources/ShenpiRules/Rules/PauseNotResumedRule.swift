import ShenpiLanguage
import ShenpiSyntax

/// `pause-not-resumed`: after a decision's `pause:`, some path reaches a
/// granted outcome with no `resume: true` on the way, so every step after
/// the pause is done with the clock stopped: their time never counts, and
/// the case is judged on time however long it takes. A branch that ends
/// with `done` releases its pause, and a refusal or withdrawal while paused
/// ends the case as it stands: neither is reported.
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
                guard let pause = d.pause, let next = d.next?.value,
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

    /// Whether a branch can reach `done` from `start` with no `resume: true` on the way.
    static func endsWithoutResume(from start: String, _ index: FlowIndex) -> Bool {
        var seen: Set<String> = [start]
        var queue = [start]
        while let id = queue.popLast() {
            guard let step = index.stepByID[id]?.step else { continue }
            var targets: [String] = []
            switch step.kind {
            case .task(let t): targets = t.decisions.filter { !$0.resume }.compactMap { $0.next?.value }
            case .route(let arms): targets = arms.compactMap { $0.next?.value }
            case .call(let c): targets = c.outcomes.map(\.target.value)
            case .wait, .parallel: targets = step.next.map { [$0.value] } ?? []
            }
            for t in targets {
                if t == branchDoneTarget { return true }
                if index.stepByID[t] != nil, seen.insert(t).inserted { queue.append(t) }
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
