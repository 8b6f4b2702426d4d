import ShenpiEngine
import ShenpiMachine

/// What a host refuses before the engine sees a command, under the daemon's
/// codes (`shenpi serve` and `shenpi test` alike): a call step decided by
/// hand — its sub-case's outcome decides it — and a sub-case withdrawn or
/// rated by itself — it ends with its parent, and the applicant rates the
/// parent. The engine hands outcomes back and withdraws sub-cases itself,
/// past these checks.
public enum SubcaseRule: Sendable, Hashable {
    case callStep(step: String, flow: String)
    /// `root`: the case at the top of the chain, the applicant's (the parent itself unless that is a sub-case too).
    case withdrawSubcase(parent: String, root: String)
    case rateSubcase(parent: String, root: String)
    case callBackSubcase(parent: String, root: String)
    /// Materials handed in on a case that does not await them while one of
    /// its sub-cases does: the applicant quotes the application's number
    /// (rules 4), and the sub-case would go on waiting.
    case supplementForSubcase(subcase: String, materials: [String])

    /// The error code: `subcase-step`, `subcase-withdraw`, `subcase-rating`, `subcase-callback`, `subcase-supplement`.
    public var code: String {
        switch self {
        case .callStep: return "subcase-step"
        case .withdrawSubcase: return "subcase-withdraw"
        case .rateSubcase: return "subcase-rating"
        case .callBackSubcase: return "subcase-callback"
        case .supplementForSubcase: return "subcase-supplement"
        }
    }

    /// The request field a refusal is about, where there is one.
    public var field: String? {
        switch self {
        case .callStep: return "step"
        case .supplementForSubcase: return "materials"
        default: return nil
        }
    }

    /// The refusal of `command` on a case of `machine`, if any; `parent`
    /// (read only for a withdrawal or a rating) names the case's parent when
    /// it is a sub-case, and the case at the top of its chain; `awaitedBelow`
    /// (read only for a supplement) names a sub-case awaiting some of the
    /// materials that the case itself does not await.
    public static func refusal(of command: Command, on machine: Machine, parent: () throws -> (parent: String, root: String)?,
                               awaitedBelow: ([String]) throws -> (subcase: String, materials: [String])? = { _ in nil }) rethrows -> SubcaseRule? {
        switch command {
        case .decide(let node, _, _, _, _, _):
            guard let n = machine.node(named: node), case .call(let flow, _) = machine.nodes[n].kind else { return nil }
            return .callStep(step: node, flow: flow)
        case .withdraw: return try parent().map { .withdrawSubcase(parent: $0.parent, root: $0.root) }
        case .rate: return try parent().map { .rateSubcase(parent: $0.parent, root: $0.root) }
        case .callBack: return try parent().map { .callBackSubcase(parent: $0.parent, root: $0.root) }
        case .supplement(let materials, _): return try awaitedBelow(materials).map { .supplementForSubcase(subcase: $0.subcase, materials: $0.materials) }
        default: return nil
        }
    }

    /// The message for case `caseID`; `stepHint` goes after a call step's
    /// "runs as a sub-case of flow …" (where to act instead).
    public func message(caseID: String, stepHint: String = "") -> String {
        switch self {
        case .callStep(let step, let flow): return "step \(step) runs as a sub-case of flow \(flow)\(stepHint)"
        case .withdrawSubcase(let parent, let root): return "case \(caseID) is a sub-case of \(parent); withdraw \(root) instead"
        case .rateSubcase(let parent, let root): return "case \(caseID) is a sub-case of \(parent); the applicant rates \(root)"
        case .callBackSubcase(let parent, let root): return "case \(caseID) is a sub-case of \(parent); the applicant is called back about \(root)"
        case .supplementForSubcase(let subcase, let materials):
            let list = materials.joined(separator: ", ")
            return "case \(caseID) does not await \(list); its sub-case \(subcase) does: hand \(materials.count == 1 ? "it" : "them") in there"
        }
    }
}
