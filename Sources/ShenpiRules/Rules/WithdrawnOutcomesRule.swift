import ShenpiLanguage
import ShenpiSyntax

/// `withdrawn-outcomes`: withdrawal by the applicant ends the case at the
/// flow's outcome of kind `withdrawn`, and at the first if there are
/// several: the others can never be reached that way, and which one a
/// withdrawn case ends at would hang on the order of the list.
public struct WithdrawnOutcomesRule: Rule {
    public let id = "withdrawn-outcomes"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        let withdrawn = c.flow.outcomes.filter { $0.kind?.value == .withdrawn }
        guard let first = withdrawn.first else { return [] }
        return withdrawn.dropFirst().map { other in
            c.diagnostic(id, .error,
                "outcome \"\(other.id.value)\" is a second outcome of kind withdrawn; a withdrawal ends the case at the first, \"\(first.id.value)\"",
                at: other.kind?.range ?? other.id.range,
                notes: [DiagnosticNote("\"\(first.id.value)\" defined at \(first.id.range.start)", range: first.id.range),
                        DiagnosticNote("keep one outcome of kind withdrawn, or give this one the kind it ends the case with")])
        }
    }
}
