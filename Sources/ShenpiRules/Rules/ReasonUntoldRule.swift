import ShenpiLanguage
import ShenpiSyntax

/// `reason-untold`: a decision the daemon takes only with a reason (a
/// refusal, Art. 38; not accepting, Art. 32; an extension, Art. 42) whose
/// notice to the applicant leaves that reason out; a pause whose
/// `expected:` duration its notice to the applicant does not give (Art. 45);
/// and a notice with `{pause.expected}` that no `expected:` fills, or with
/// `{missing}` outside a request for supplement (either reads nothing there). The officer must write it
/// (`reason-required`); `{decision.comment}` is how the notice passes it on.
/// A request for supplement whose notice leaves the officer's comment out is
/// flagged too: when every document was handed in but one is defective,
/// nothing is missing to list, and the comment (which the daemon then
/// requires) is all that tells the applicant what to bring again.
/// An extension that tells the applicant nothing is flagged too: Art. 42 has
/// the applicant told why. A refusal outcome without any notice to the
/// applicant is not: its written decision may reach them another way (a
/// sub-flow's caller tells them).
public struct ReasonUntoldRule: Rule {
    public let id = "reason-untold"
    public static let placeholder = "{decision.comment}"
    public static let pausePlaceholder = "{pause.expected}"
    public static let missingPlaceholder = "{missing}"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var decided: Set<String> = []
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind else { continue }
            for d in task.decisions {
                if let next = d.next?.value { decided.insert(next) }
                // An Art. 45 pause without `expected:` has the officer say it (the hosts require it); a
                // decision that pauses for nothing, or for 补正 (not asked), may leave the placeholder empty.
                // A timeout's decision is the engine's: nobody says how long.
                let officerSays = (d.pause.map { $0.value != .supplement } ?? false) && task.onTimeout?.value != d.name.value
                if d.expected == nil, !officerSays, let empty = notices(d.notify, c, to: nil).first(where: { $0.text.contains(Self.pausePlaceholder) }) {
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" has no \"expected:\", so \(Self.pausePlaceholder) in its notice reads as nothing; "
                            + "give the pause its expected duration or leave the placeholder out",
                        at: empty.range))
                }
                // What the officer says is checked only in a notice the decision sends (the written notice may go another way).
                if let pause = d.pause, d.expected != nil || (pause.value != .supplement && !applicantNotices(d.notify, c).isEmpty),
                   !applicantNotices(d.notify, c).contains(where: { $0.text.contains(Self.pausePlaceholder) }) {
                    let byTimeout = task.onTimeout?.value == d.name.value && d.expected == nil
                    let how = d.expected.map { "an expected \($0.value)" }
                        ?? "\(pause.value.chineseTitle) (\(byTimeout ? "taken by the step's timeout: nobody says how long" : "the officer says how long"))"
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" stops the clock for \(how) but does not tell the applicant how long: "
                            + (byTimeout ? "give the decision \"expected:\" and " : "give ") + "\(Self.pausePlaceholder) in its notice to the applicant (Art. 45)",
                        at: d.expected?.range ?? pause.range))
                }
                if d.requestSupplement, let first = applicantNotices(d.notify, c).first,
                   !applicantNotices(d.notify, c).contains(where: { $0.text.contains(Self.placeholder) }) {
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" requests a supplement; its notice to the applicant leaves out the officer's comment: add \(Self.placeholder) "
                            + "(when what was handed in is defective, nothing is missing to list, and the comment says what to bring again)",
                        at: first.range))
                }
                // Only a request for supplement lists what is missing (一次性告知); elsewhere the list is empty.
                if !d.requestSupplement, let empty = notices(d.notify, c, to: nil).first(where: { $0.text.contains(Self.missingPlaceholder) }) {
                    out.append(c.diagnostic(id, .warning,
                        "decision \"\(d.name.value)\" requests no supplement, so \(Self.missingPlaceholder) in its notice reads as nothing: "
                            + "only a request for supplement (request-supplement: true) lists what is missing",
                        at: empty.range))
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
            for placeholder in [Self.pausePlaceholder, Self.missingPlaceholder] {
                guard let empty = notices(outcome.notify, c, to: nil).first(where: { $0.text.contains(placeholder) }) else { continue }
                let filler = placeholder == Self.pausePlaceholder ? "a pausing decision's" : "a request for supplement's"
                out.append(c.diagnostic(id, .warning,
                    "outcome \"\(outcome.id.value)\" gives \(placeholder), which only \(filler) own notices fill: it reads as nothing here",
                    at: empty.range))
            }
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
    private func applicantNotices(_ list: [Notice], _ c: RuleContext) -> [(text: String, range: SourceRange)] {
        notices(list, c, to: .applicant)
    }

    /// The texts `notices` send `recipient` (anyone: `nil`), with where each is asked for.
    private func notices(_ notices: [Notice], _ c: RuleContext, to recipient: Notice.Recipient?) -> [(text: String, range: SourceRange)] {
        notices.compactMap { n in
            if let recipient, n.to.value != recipient { return nil }
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
