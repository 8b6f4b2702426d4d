import ShenpiLanguage
import ShenpiSyntax

/// Checks of `registry.yaml` itself: department and role ids are unique
/// (`duplicate-id`) and every role belongs to a declared department
/// (`undefined-reference`).
public struct RegistryRule: Sendable {
    public init() {}

    public func check(_ registry: Registry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func dup(_ kind: String, _ ids: [Located<String>]) {
            var first: [String: Located<String>] = [:]
            for id in ids {
                if let earlier = first[id.value] {
                    out.append(Diagnostic(file: registry.file, range: id.range, severity: .error, rule: DuplicateIDRule().id,
                        message: "\(kind) id \"\(id.value)\" is already used by a \(kind)",
                        notes: [DiagnosticNote("first defined at \(earlier.range.start)", range: earlier.range)]))
                } else {
                    first[id.value] = id
                }
            }
        }
        dup("department", registry.departments.map(\.id))
        dup("role", registry.roles.map(\.id))
        let departments = registry.departments.map(\.id.value)
        for role in registry.roles {
            guard let d = role.department, !departments.contains(d.value) else { continue }
            var message = "department \"\(d.value)\" is not defined"
            if let hint = suggestion(for: d.value, among: departments) { message += "; \(hint)" }
            out.append(Diagnostic(file: registry.file, range: d.range, severity: .error, rule: UndefinedReferenceRule().id, message: message))
        }
        return out
    }
}
