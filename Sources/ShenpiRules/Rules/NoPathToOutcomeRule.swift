import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// `no-path-to-outcome`: a case can get into a state from which no outcome
/// can be reached, so it is stuck forever — a dead end, a loop with no way
/// out, a parallel join that can never fire because too few branches can end
/// with `done`, or a branch that can get stuck while the other branches
/// cannot make the join without it. Found by the soundness analysis of the
/// compiled machine (see `Soundness`); each finding carries a counter-example:
/// the decisions that lead there.
public struct NoPathToOutcomeRule: Rule {
    public let id = "no-path-to-outcome"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let compiled = c.compiled else { return [] }
        let m = compiled.machine
        var out: [Diagnostic] = []
        for finding in c.soundness?.findings ?? [] {
            switch finding {
            case .unreachable: continue
            case .stuck(let n, _) where Self.hasNoDecisions(m.nodes[n]):
                continue  // missing-key reports the task without decisions
            case .stuck(let n, let path):
                out.append(c.diagnostic(id, .error, "no outcome can be reached from \(kindName(m.nodes[n])) \"\(m.nodes[n].id)\"; a case that gets here is stuck",
                    at: compiled.nodeRanges[n], notes: [DiagnosticNote("counter-example: " + Self.render(path, ending: n, in: m))]))
            case .joinNeverFires(let b, _, _) where m.blocks[b].required > m.blocks[b].branches.count:
                continue  // join-count-above-branches says it better
            case .joinNeverFires(let b, let canEnd, let cannot):
                let block = m.blocks[b]
                let names = cannot.map { "\"\(block.branches[$0].id)\"" }.joined(separator: ", ")
                out.append(c.diagnostic(id, .error, "the join of parallel block \"\(m.nodes[block.node].id)\" can never fire: it needs \(block.required) branch\(block.required == 1 ? "" : "es") to end with \"done\" and only \(canEnd.count) can",
                    at: compiled.nodeRanges[block.node], notes: [DiagnosticNote("no path to \"done\" in branch\(cannot.count == 1 ? "" : "es") \(names)")]))
            case .blockDeadlock(let b, let path, let traps):
                let block = m.blocks[b]
                let blockID = m.nodes[block.node].id
                let first = traps[0]
                let names = traps.map { "\"\(block.branches[$0.branch].id)\"" }.joined(separator: ", ")
                let message = traps.count == 1
                    ? "branch \(names) of parallel block \"\(blockID)\" can get stuck at \"\(m.nodes[first.node].id)\": from there it reaches neither \"done\" nor an outcome, and the join needs it"
                    : "branches \(names) of parallel block \"\(blockID)\" can all get stuck, and the join (\(block.required) of \(block.branches.count)) needs them"
                var notes = [DiagnosticNote("counter-example: " + Self.render(path, ending: block.node, in: m))]
                for t in traps {
                    notes.append(DiagnosticNote("  then branch \"\(block.branches[t.branch].id)\": " + Self.render(t.path, ending: t.node, in: m)))
                }
                let rest = block.branches.indices.filter { i in !traps.contains { $0.branch == i } }
                if !rest.isEmpty {
                    notes.append(DiagnosticNote("  and " + rest.map { "\"\(block.branches[$0].id)\"" }.joined(separator: ", ") + (rest.count == 1 ? " ends" : " end") + " with \"done\""))
                }
                out.append(c.diagnostic(id, .error, message, at: compiled.nodeRanges[first.node], notes: notes))
            }
        }
        return out
    }

    static func hasNoDecisions(_ node: ShenpiMachine.Node) -> Bool {
        if case .task(let t) = node.kind { return t.transitions.isEmpty }
        return false
    }

    /// `accept --accept--> review --fail--> accept`.
    static func render(_ path: [Soundness.Step], ending: Int, in m: Machine) -> String {
        (path.map { "\(m.nodes[$0.node].id) --\($0.label)--> " } + [m.nodes[ending].id]).joined()
    }

    func kindName(_ node: ShenpiMachine.Node) -> String {
        switch node.kind {
        case .task: return "task"
        case .parallel: return "parallel block"
        case .route: return "route"
        case .wait: return "wait"
        case .call: return "call"
        }
    }
}
