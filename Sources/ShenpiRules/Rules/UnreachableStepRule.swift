import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// `unreachable-step`: no decision, route, timeout, join or `next` can ever
/// make this step active, starting from the first step (for a step in a
/// branch: from the branch's first step). A dead step misleads readers of the
/// flow and of the public guide, and usually means a misspelt or forgotten
/// target. A whole unreachable block is reported once.
public struct UnreachableStepRule: Rule {
    public let id = "unreachable-step"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let compiled = c.compiled else { return [] }
        let m = compiled.machine
        let first = m.nodes.first?.id ?? ""
        return (c.soundness?.findings ?? []).compactMap { finding in
            guard case .unreachable(let n) = finding else { return nil }
            let node = m.nodes[n]
            let from = node.block.map { b in
                let branch = m.blocks[b].branches[node.branch ?? 0]
                return "from the first step \"\(m.nodes[branch.entry].id)\" of branch \"\(branch.id)\""
            } ?? "from the first step \"\(first)\""
            return c.diagnostic(id, .error, "step \"\(node.id)\" can never be reached \(from)", at: compiled.nodeRanges[n])
        }
    }
}
