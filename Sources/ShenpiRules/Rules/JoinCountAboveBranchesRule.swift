import ShenpiLanguage
import ShenpiSyntax

/// `join-count-above-branches`: `join: n` asks for more branches than the
/// block has, so the join could never fire.
public struct JoinCountAboveBranchesRule: Rule {
    public let id = "join-count-above-branches"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        c.index.steps.compactMap { entry in
            guard case .parallel(let block) = entry.step.kind, let join = block.join, case .count(let n) = join.value,
                n > block.branches.count
            else { return nil }
            return c.diagnostic(id, .error, "join waits for \(n) branches but parallel block \"\(entry.step.id.value)\" has \(block.branches.count)", at: join.range)
        }
    }
}
