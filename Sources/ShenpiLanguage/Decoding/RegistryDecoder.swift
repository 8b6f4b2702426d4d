import ShenpiSyntax

/// Builds the `Registry` model from `registry.yaml`.
public enum RegistryDecoder {
    public static func decode(_ root: Node, file: String) -> (Registry, [Diagnostic]) {
        var r = NodeReader(file: file)
        var reg = Registry(file: file)
        if let f = r.mapping(root, what: "a registry", keys: LanguageKeys.registry.keys, required: LanguageKeys.registry.required) {
            reg.id = r.id(f["registry"])
            reg.title = r.text(f["title"])
            for node in r.list(f["departments"]) {
                if let d = r.mapping(node, what: "a department", keys: LanguageKeys.department.keys, required: LanguageKeys.department.required), let id = r.id(d["id"]) {
                    reg.departments.append(.init(id: id, title: r.text(d["title"])))
                }
            }
            for node in r.list(f["roles"]) {
                if let d = r.mapping(node, what: "a role", keys: LanguageKeys.role.keys, required: LanguageKeys.role.required), let id = r.id(d["id"]) {
                    reg.roles.append(.init(id: id, title: r.text(d["title"]), department: r.id(d["department"])))
                }
            }
            if let e = f["supervision"], let s = r.mapping(e.value, what: "the supervision settings", keys: LanguageKeys.supervision.keys) {
                reg.untouchedAfter = Self.days(s["untouched-after"], &r)
                reg.followUpWithin = Self.days(s["follow-up-within"], &r)
            }
        }
        return (reg, r.diagnostics)
    }

    /// A duration in workdays or days: the report counts these on a flow's
    /// calendar by the day, never in office hours.
    static func days(_ entry: MappingEntry?, _ r: inout NodeReader) -> Located<Duration>? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value, !s.isNull else {
            r.report(RuleID.wrongType, "expected a duration for \"\(entry.key.value)\", found \(r.describe(entry.value))", at: entry.value.range)
            return nil
        }
        guard let d = DurationSyntax.parse(s.value), d.unit != .hours else {
            r.report(RuleID.badDuration, "bad duration \"\(s.value)\" for \"\(entry.key.value)\"; expected a whole number from 1 to "
                     + "\(DurationSyntax.maximumAmount) and workdays or days (a threshold counts whole days), like \"3 workdays\"", at: s.range)
            return nil
        }
        return Located(d, at: s.range)
    }
}
