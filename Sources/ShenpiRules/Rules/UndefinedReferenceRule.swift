import ShenpiLanguage
import ShenpiSyntax

/// `undefined-reference`: a name that points nowhere — a decision target that
/// is no step, outcome or `done`; an `on-timeout` that is no decision of its
/// step; a checked or produced material, role (of a step or approving
/// extensions or told of a 差评), department, template, notified role,
/// called flow or mapped sub-flow outcome that is not declared. Suggests the
/// closest declared name. (Calendars, expressions and template placeholders
/// have rules of their own.)
public struct UndefinedReferenceRule: Rule {
    public let id = "undefined-reference"
    public init() {}

    /// Up to 12 of `known` that share a dash-separated word of 3 letters or
    /// more with `name`, most words shared first; `nil` for none.
    static func related(_ name: String, among known: [String]) -> [String]? {
        let words = Set(name.split(separator: "-").filter { $0.count >= 3 })
        let scored = known.map { id in (id, id.split(separator: "-").count { words.contains($0) }) }.filter { $0.1 > 0 }
        guard !scored.isEmpty else { return nil }
        return scored.sorted { ($1.1, $0.0) < ($0.1, $1.0) }.prefix(12).map(\.0)
    }

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func missing(_ what: String, _ ref: Located<String>, among known: [String], expected: String? = nil) {
            var message = "\(what) \"\(ref.value)\" is not defined"
            if let hint = suggestion(for: ref.value, among: known) {
                message += "; \(hint)"
            } else if let expected {
                message += "; \(expected)"
            } else if !known.isEmpty, known.count <= 12 {
                message += "; expected one of " + known.sorted().joined(separator: ", ")
            } else if let related = Self.related(ref.value, among: known) {
                // A registry of 26 roles is too long to list: those sharing a word (`director`) are the likely ones.
                message += "; \(what)s sharing a word with it: " + related.joined(separator: ", ")
            }
            out.append(c.diagnostic(id, .error, message, at: ref.range))
        }
        for field in c.flow.fields {
            guard case .enumeration(let values)? = field.type?.value else { continue }
            for t in field.valueTitles where !values.contains(t.value.value) {
                let hint = suggestion(for: t.value.value, among: values) ?? "expected one of " + values.joined(separator: ", ")
                out.append(c.diagnostic(id, .error, "\"\(t.value.value)\" in \"value-titles\" is not a value of field \"\(field.id.value)\"; \(hint)",
                                        at: t.value.range))
            }
        }
        let decisionNames = Set(c.index.steps.flatMap { $0.step.task?.decisions.map(\.name.value) ?? [] })
        for t in c.flow.decisionTitles where !decisionNames.contains(t.value.value) && !c.flow.decisionsIncomplete {
            let hint = suggestion(for: t.value.value, among: decisionNames) ?? "no step has a decision of that name"
            out.append(c.diagnostic(id, .error, "\"\(t.value.value)\" in \"decision-titles\" is no decision of this flow; \(hint)", at: t.value.range))
        }
        let registry = c.catalog.registry
        let roles = registry?.roles.map(\.id.value) ?? []
        if let dept = c.flow.department, let registry, registry.department(dept.value) == nil {
            missing("department", dept, among: registry.departments.map(\.id.value))
        }
        if let by = c.flow.limits.extensionCeiling?.by, let registry, registry.role(by.value) == nil {
            missing("role", by, among: roles)
        }
        for role in c.flow.negativeRatingTo where registry.map({ $0.role(role.value) == nil }) ?? false {
            missing("role", role, among: roles)
        }
        let targets = Array(c.index.stepByID.keys) + Array(c.index.outcomeByID.keys)
        func checkTarget(_ t: Located<String>) {
            if t.value == branchDoneTarget || c.index.stepByID[t.value] != nil || c.index.outcomeByID[t.value] != nil { return }
            // A step that is written but did not decode: its own error says why.
            if c.flow.unreadableStepIDs.contains(t.value) { return }
            if c.index.branchByID[t.value] != nil {
                out.append(c.diagnostic(id, .error, "\"\(t.value)\" is a branch; a decision moves to a step, an outcome or \"done\"", at: t.range))
                return
            }
            missing("target", t, among: targets, expected: "a target is a step id, an outcome id or \"done\"")
        }
        for n in c.index.allNotices(c.flow) {
            if case .role(let r) = n.to.value, let registry, registry.role(r) == nil {
                missing("role", Located(r, at: n.to.range), among: roles + ["applicant"], expected: "\"to\" is \"applicant\" or a role id")
            }
            if case .template(let t) = n.content, !c.index.templateIDs.contains(t.value) {
                missing("template", t, among: Array(c.index.templateIDs))
            }
        }
        for entry in c.index.steps {
            let step = entry.step
            for t in FlowIndex.targets(of: step) { checkTarget(t) }
            switch step.kind {
            case .task(let task):
                if let role = task.role, let registry, registry.role(role.value) == nil {
                    missing("role", role, among: roles)
                }
                for m in task.checks + task.produces where c.index.materialByID[m.value] == nil {
                    missing("material", m, among: Array(c.index.materialByID.keys))
                }
                if let t = task.onTimeout, !task.decisions.contains(where: { $0.name.value == t.value }) {
                    missing("decision", t, among: task.decisions.map(\.name.value), expected: "\"on-timeout\" names one of this step's decisions")
                }
            case .call(let call):
                if call.flow.value == c.flow.id?.value {
                    out.append(c.diagnostic(id, .error, "workflow \"\(call.flow.value)\" calls itself; a sub-flow must be another flow", at: call.flow.range))
                    continue
                }
                guard let called = c.catalog.flows[call.flow.value]?.first else {
                    missing("workflow", call.flow, among: Array(c.catalog.flows.keys))
                    continue
                }
                let mapped = Set(call.outcomes.map(\.outcome.value))
                for (o, _) in call.outcomes where !called.outcomes.contains(o.value) {
                    var message = "\"\(call.flow.value)\" has no outcome \"\(o.value)\""
                    if let hint = suggestion(for: o.value, among: called.outcomes) { message += "; \(hint)" }
                    else { message += "; its outcomes are " + called.outcomes.joined(separator: ", ") }
                    out.append(c.diagnostic(id, .error, message, at: o.range))
                }
                let unmapped = called.outcomes.filter { !mapped.contains($0) }
                if !unmapped.isEmpty {
                    out.append(c.diagnostic(id, .error, "call of \"\(call.flow.value)\" does not map its outcome\(unmapped.count > 1 ? "s" : "") " + unmapped.map { "\"\($0)\"" }.joined(separator: ", "), at: call.flow.range))
                }
            default: break
            }
        }
        return out
    }
}
