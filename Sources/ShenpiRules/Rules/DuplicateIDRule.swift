import ShenpiLanguage
import ShenpiSyntax

/// `duplicate-id`: two things of one namespace share an id. Steps, branches
/// and outcomes share one namespace (a decision names its target by id alone);
/// materials, fields, templates and fees have their own. A workflow id used by two
/// files of the catalog is reported too. The note points at the first definition.
public struct DuplicateIDRule: Rule {
    public let id = "duplicate-id"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func scan(_ items: [(kind: String, id: Located<String>)]) {
            var first: [String: (String, Located<String>)] = [:]
            for item in items {
                if let (kind, earlier) = first[item.id.value] {
                    out.append(c.diagnostic(id, .error, "\(item.kind) id \"\(item.id.value)\" is already used by a \(kind)", at: item.id.range,
                        notes: [DiagnosticNote("first defined at \(earlier.range.start)", range: earlier.range)]))
                } else {
                    first[item.id.value] = (item.kind, item.id)
                }
            }
        }
        var targets: [(String, Located<String>)] = []
        for entry in c.index.steps {
            targets.append(("step", entry.step.id))
            if case .parallel(let block) = entry.step.kind {
                targets += block.branches.map { ("branch", $0.id) }
            }
        }
        targets += c.flow.outcomes.map { ("outcome", $0.id) }
        scan(targets)
        scan(c.flow.materials.map { ("material", $0.id) })
        scan(c.flow.fields.map { ("field", $0.id) })
        scan(c.flow.templates.map { ("template", $0.id) })
        scan(c.flow.fees.map { ("fee", $0.id) })
        for entry in c.index.steps {
            guard case .task(let task) = entry.step.kind else { continue }
            var seen: [String: Located<String>] = [:]
            for m in task.checks {
                if let first = seen[m.value] {
                    out.append(c.diagnostic(id, .error, "material \"\(m.value)\" is checked twice by step \"\(entry.step.id.value)\"", at: m.range,
                        notes: [DiagnosticNote("first listed at \(first.range.start)", range: first.range)]))
                }
                seen[m.value] = seen[m.value] ?? m
            }
        }
        if let flowID = c.flow.id, let others = c.catalog.flows[flowID.value], others.count > 1,
            let first = others.first, first.file != c.flow.file
        {
            out.append(c.diagnostic(id, .error, "workflow id \"\(flowID.value)\" is also used by \(first.file)", at: flowID.range,
                notes: [DiagnosticNote("first defined at \(first.range.start)", file: first.file, range: first.range)]))
        }
        return out
    }
}
