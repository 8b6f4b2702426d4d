import ShenpiLanguage
import ShenpiSyntax

/// `material-not-yet-received`: a step checks a material that is obtained
/// during the procedure (some step `produces` it: a test report, an expert
/// opinion, an inspection record), but a case can reach the checking step
/// without passing any step that produces it — a sibling parallel branch, a
/// route arm or a decision that skips the producing step. The officer would be
/// asked to check a document nobody has yet. The note gives such a path: the
/// decisions (and branches, route arms, joins) from the first step. Materials
/// that no step produces are brought at submission and always available.
public struct MaterialNotYetReceivedRule: Rule {
    public let id = "material-not-yet-received"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        MaterialAvailability(flow: c.flow, index: c.index).gaps().map { gap in
            let who = gap.producers.count == 1
                ? "which only step \"\(gap.producers[0])\" produces, but a case can reach \"\(gap.step.id.value)\" without passing it"
                : "which only steps " + gap.producers.map { "\"\($0)\"" }.joined(separator: ", ") + " produce, but a case can reach \"\(gap.step.id.value)\" without passing any of them"
            let path = gap.path.isEmpty
                ? "\"\(gap.step.id.value)\" is the first step"
                : "counter-example: " + (gap.path.map { "\($0.step) --\($0.label)--> " } + [gap.step.id.value]).joined()
            return c.diagnostic(id, .error, "step \"\(gap.step.id.value)\" checks \"\(gap.material.value)\", \(who)", at: gap.material.range,
                notes: [DiagnosticNote(path)])
        }
    }
}
