import ShenpiLanguage
import ShenpiSyntax

/// `unused-template` (warning): a template no `notify` sends. It is usually
/// a notice the author meant the applicant to get and forgot to attach (the
/// start of a 公示 period, whose wait takes no `notify`), or one a renamed
/// `template:` no longer reaches. Silent while a notification or a step's
/// decisions cannot be read, or a notification names a template that does
/// not exist (each already an error): which templates are sent is then not
/// known.
public struct UnusedTemplateRule: Rule {
    public let id = "unused-template"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard !c.flow.noticesIncomplete, !c.flow.decisionsIncomplete, c.flow.unreadableStepIDs.isEmpty else { return [] }
        var sent: Set<String> = []
        for notice in c.index.allNotices(c.flow) {
            if case .template(let t) = notice.content { sent.insert(t.value) }
        }
        // A misspelt `template:` is `undefined-reference`'s; the template it meant is not unused.
        let defined = Set(c.flow.templates.map(\.id.value))
        guard sent.isSubset(of: defined) else { return [] }
        return c.flow.templates.filter { !sent.contains($0.id.value) }.map {
            c.diagnostic(id, .warning, "template \"\($0.id.value)\" is sent by no notification; add `notify: { to: applicant, template: \($0.id.value) }` "
                + "to the decision or outcome that should send it, or remove it", at: $0.id.range)
        }
    }
}
