import ShenpiEngine
import ShenpiLanguage
import ShenpiSyntax

/// The items of `steps:`: one action (a command or a clock move), an
/// optional `expect-error:` (a command refused, or a timer the clock move
/// fires refused), an optional `expect:`.
extension ScenarioDecoder {
    static let commandKeys = ["submit", "receive", "decide", "supplement", "start-special-procedure", "end-special-procedure",
                              "extend", "withdraw", "rate", "follow-up", "call-back"]
    static let actionKeys = commandKeys + ["advance", "advance-to"]
    static let stepKeys = actionKeys + ["expect-error", "expect"]

    /// Every part of a step is read even when another part is wrong: the
    /// action, `expect-error:` and `expect:` are independent, so the author
    /// sees all their errors at once. Only what follows from a broken part is
    /// left unsaid (a step with two actions is not also told that one of them
    /// cannot take `expect-error`).
    mutating func step(_ item: ShenpiSyntax.Node) -> ScenarioStep? {
        guard let f = reader.mapping(item, what: "a scenario step", keys: Self.stepKeys) else { return nil }
        let present = Self.actionKeys.filter { f.has($0) }
        var ok = true
        if present.count > 1 {
            reader.report(ScenarioRule.badStep, "a step does one thing, found \(present.joined(separator: " and ")); split it into \(present.count) steps",
                          at: f[present[1]]!.key.range)
            ok = false
        } else if present.isEmpty && !f.has("expect") {
            let message = f.has("expect-error")
                ? "\"expect-error\" needs the command that must be refused (or the clock move whose timer must be) in the same step"
                : "an empty step; expected a command (\(Self.commandKeys.joined(separator: ", "))), advance, advance-to or expect"
            reader.report(ScenarioRule.badStep, message, at: SourceRange(at: f.range.start))
            ok = false
        }
        var step = ScenarioStep(line: item.range.start.line, action: nil, expectedError: nil, expectation: nil)
        for key in present {
            let a = action(key, f[key]!)
            if present.count == 1 { step.action = a }
            ok = ok && a != nil
            if Self.commandKeys.contains(key) {
                let target = subcase(f[key]!.value)
                if present.count == 1 { step.subcase = target ?? nil }
                ok = ok && target != nil
            }
        }
        if let e = f["expect-error"] {
            step.expectedError = expectedError(e)
            // A clock move may expect the engine to refuse a timer it fires
            // (a deemed acceptance whose case limit runs past the calendar).
            if present.contains(where: { Self.commandKeys.contains($0) || $0 == "advance" || $0 == "advance-to" }) {
                ok = ok && step.expectedError != nil
            } else {
                if let key = present.first ?? (f.has("expect") ? "an expectation" : nil) {
                    reader.report(ScenarioRule.badStep, "\"expect-error\" applies to a command, not to \(key)", at: e.key.range)
                }
                ok = false
            }
        }
        if let e = f["expect"] {
            step.expectation = expectation(e)
            ok = ok && step.expectation != nil
        }
        return ok ? step : nil
    }

    /// The `case:` of a command's or an expectation's mapping: `.some(nil)`
    /// without one, `nil` after reporting a value that is not a step id.
    /// Only the key is read here; the mapping's other keys are its owner's.
    mutating func subcase(_ node: ShenpiSyntax.Node) -> CaseTarget?? {
        guard case .mapping(let entries, _) = node, let e = entries.first(where: { $0.key.value == "case" }) else { return .some(nil) }
        guard let id = reader.text(e) else { return nil }
        return .some(CaseTarget(step: id.value, range: id.range))
    }

    mutating func action(_ key: String, _ entry: MappingEntry) -> Action? {
        switch key {
        case "advance": return advance(entry).map(Action.advance)
        case "advance-to": return instant(entry).map(Action.advanceTo)
        default: return command(key, entry).map(Action.command)
        }
    }

    /// `3 workdays`, `1 day`, `2 hours`, `30 minutes`.
    mutating func advance(_ entry: MappingEntry) -> Advance? {
        guard let text = reader.text(entry) else { return nil }
        let parts = text.value.split(separator: " ")
        if parts.count == 2, let n = Int(parts[0]), n > 0, n <= 10_000,
            let unit = Advance.Unit.allCases.first(where: { parts[1] == $0.rawValue || parts[1] == $0.rawValue.dropLast() })
        {
            return Advance(amount: n, unit: unit)
        }
        reader.report(ScenarioRule.badAdvance,
                      "bad advance \"\(text.value)\"; expected a whole number from 1 to 10000 and a unit (workdays, days, hours or minutes), like \"3 workdays\"",
                      at: text.range)
        return nil
    }

    /// `expect-error: materials-missing` or `{kind: materials-missing, contains: products}`.
    mutating func expectedError(_ entry: MappingEntry) -> ExpectedError? {
        let line = entry.key.range.start.line
        var kindEntry: MappingEntry? = entry
        var contains: String?
        if case .mapping = entry.value {
            guard let f = reader.mapping(entry.value, what: "\"expect-error\"", keys: ["kind", "contains"], required: ["kind"]) else { return nil }
            kindEntry = f["kind"]
            contains = string(f["contains"])
        }
        guard let k = kindEntry, let kind = reader.text(k) else { return nil }
        guard ScenarioErrorKinds.all.contains(kind.value) else {
            let hint = suggestion(for: kind.value, among: ScenarioErrorKinds.all) ?? "expected one of " + ScenarioErrorKinds.all.joined(separator: ", ")
            reader.report(ScenarioRule.unknownErrorKind, "unknown error kind \"\(kind.value)\"; \(hint)", at: kind.range)
            return nil
        }
        return ExpectedError(kind: kind.value, contains: contains, line: line)
    }
}
