import ShenpiLanguage
import ShenpiSyntax

/// `reason-untold`: a decision the daemon takes only with a reason (a
/// refusal, Art. 38; not accepting, Art. 32; an extension, Art. 42) whose
/// notice to the applicant leaves that reason out; and a pause whose
/// `expected:` duration its notice to the applicant does not give (Art. 45). The officer must write it
/// (`reason-required`); `{decision.comment}` is how the notice passes it on.
/// An extension that tells the applicant nothing is flagged too: Art. 42 has
/// the applicant told why. A refusal outcome without any notice to the
/// applicant is not: its written decision may reach them another way (a
/// sub-flow's caller tells them).
public struct ReasonUntoldRule: Rule {
    public let id = "reason-untold"
    public static let placeholder = "{decision.comment}"
    public static let pausePlaceholder = "{pause.expected}"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var decided: Set<String> = []
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind else { continue }
            for d in task.decisions {
                if let next = d.next?.value { decided.insert(next) }
                if let expected = d.expected, d.pause != nil,
                   !applicantNotices(d.notify, c).contains(where: { $0.text.contains(Self.pausePlaceholder) }) {
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" stops the clock for an expected \(expected.value) but does not tell the applicant how long: "
                            + "give \(Self.pausePlaceholder) in its notice to the applicant (Art. 45)",
                        at: expected.range))
                }
                guard let extend = d.extend else { continue }
                let told = applicantNotices(d.notify, c)
                if told.isEmpty {
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" extends the case limit but tells the applicant nothing; add notify: { to: applicant, … } "
                            + "giving the reason with \(Self.placeholder) (Art. 42)",
                        at: extend.range))
                } else if !told.contains(where: { $0.text.contains(Self.placeholder) }) {
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" extends the case limit; its notice to the applicant does not give the reason: add \(Self.placeholder) (Art. 42)",
                        at: told[0].range))
                }
            }
        }
        for outcome in c.flow.outcomes {
            guard let kind = outcome.kind?.value, kind.isRefusal, decided.contains(outcome.id.value) else { continue }
            let told = applicantNotices(outcome.notify, c)
            guard let first = told.first, !told.contains(where: { $0.text.contains(Self.placeholder) }) else { continue }
            let (what, article) = kind == .refused ? ("the refusal", "Art. 38") : ("not accepting the application", "Art. 32")
            out.append(c.diagnostic(id, .warning,
                "outcome \"\(outcome.id.value)\" tells the applicant of \(what) without the reason: add \(Self.placeholder) (\(article))",
                at: first.range))
        }
        return out
    }

    /// The texts `notices` send the applicant, with where each is asked for.
    private func applicantNotices(_ notices: [Notice], _ c: RuleContext) -> [(text: String, range: SourceRange)] {
        notices.compactMap { n in
            guard case .applicant = n.to.value else { return nil }
            switch n.content {
            case .message(let m): return (m.value, n.range)
            case .template(let t):
                // An undefined template is `undefined-reference`'s to report.
                guard let text = c.flow.templates.first(where: { $0.id.value == t.value })?.text.value else { return nil }
                return (text, n.range)
            }
        }
    }
}
