import ShenpiCalendar
import ShenpiLanguage
import ShenpiSyntax

/// `expect:` blocks. Each key is one check, kept with its line so a
/// failure points at the exact expectation.
extension ScenarioDecoder {
    static let expectKeys = ["active", "status", "outcome", "on-time", "due", "step-due", "clock", "missing", "accepted-at",
                             "deemed-accepted", "rating", "notifications", "events", "timers"]
    static let statuses = ["new", "pre-submitted", "active", "finished"]
    static let levels = ["normal", "warning", "overdue", "none"]
    static let timerKinds = ["step-timeout", "step-warning", "case-warning", "case-timeout", "wait-ends"]

    mutating func expectation(_ entry: MappingEntry) -> Expectation? {
        guard case .mapping(let entries, _) = entry.value else {
            reader.report(RuleID.wrongType, "expected a mapping of checks for \"expect\", found \(reader.describe(entry.value))", at: entry.value.range)
            return nil
        }
        let before = reader.diagnostics.count
        _ = reader.mapping(entry.value, what: "\"expect\"", keys: Self.expectKeys)
        var ok = reader.diagnostics.count == before
        var checks: [Check] = []
        for e in entries where Self.expectKeys.contains(e.key.value) {
            if let kind = check(e) {
                checks.append(Check(key: e.key.value, line: e.key.range.start.line, kind: kind))
            } else {
                ok = false
            }
        }
        return ok ? Expectation(line: entry.key.range.start.line, checks: checks) : nil
    }

    mutating func check(_ e: MappingEntry) -> Check.Kind? {
        let none = e.value.scalar?.value == "none"
        switch e.key.value {
        case "active": return texts(e).map { .active(Set($0)) }
        case "status": return word(e, Self.statuses).map(Check.Kind.status)
        case "outcome": return string(e).map(Check.Kind.outcome)
        case "on-time": return none ? .onTime(nil) : reader.boolean(e).map { .onTime($0) }
        case "due": return due(e.value, key: e.key.value).map(Check.Kind.due)
        case "step-due": return stepDue(e).map(Check.Kind.stepDue)
        case "clock": return word(e, Self.levels).map(Check.Kind.clock)
        case "missing": return texts(e).map(Check.Kind.missing)
        case "accepted-at": return none ? .acceptedAt(nil) : instant(e).map { .acceptedAt($0) }
        case "deemed-accepted": return reader.boolean(e).map(Check.Kind.deemedAccepted)
        case "rating": return none ? .rating(nil) : reader.integer(e, minimum: 1).map { .rating($0.value) }
        case "notifications": return notifications(e).map(Check.Kind.notifications)
        case "events": return events(e).map(Check.Kind.events)
        case "timers": return timers(e).map(Check.Kind.timers)
        default: return nil
        }
    }

    /// A list of scalars as text.
    mutating func texts(_ e: MappingEntry) -> [String]? {
        guard e.value.sequenceItems != nil || e.value.scalar?.isNull == true else {
            reader.report(RuleID.wrongType, "expected a list for \"\(e.key.value)\", found \(reader.describe(e.value))", at: e.value.range)
            return nil
        }
        let items = reader.list(e)
        let out = items.compactMap { reader.text($0, key: e.key.value)?.value }
        return out.count == items.count ? out : nil
    }

    /// The mappings of a list, each opened with `keys`.
    mutating func mappings(_ e: MappingEntry, what: String, keys: [String], required: [String] = []) -> [Fields]? {
        guard e.value.sequenceItems != nil || e.value.scalar?.isNull == true else {
            reader.report(RuleID.wrongType, "expected a list for \"\(e.key.value)\", found \(reader.describe(e.value))", at: e.value.range)
            return nil
        }
        let before = reader.diagnostics.count
        let items = reader.list(e)
        let out = items.compactMap { reader.mapping($0, what: what, keys: keys, required: required) }
        return out.count == items.count && reader.diagnostics.count == before ? out : nil
    }

    /// `step-due: { review: 2025-09-30, decide: none }`.
    mutating func stepDue(_ e: MappingEntry) -> [StepDue]? {
        guard case .mapping(let entries, _) = e.value, !entries.isEmpty else {
            reader.report(RuleID.wrongType,
                          "expected a mapping of step ids to due instants for \"step-due\", like { review: 2025-09-30 }, found \(reader.describe(e.value))",
                          at: e.value.range)
            return nil
        }
        var out: [StepDue] = []
        for entry in entries {
            guard let d = due(entry.value, key: entry.key.value) else { return nil }
            out.append(StepDue(step: entry.key.value, due: d))
        }
        return out
    }

    mutating func notifications(_ e: MappingEntry) -> [NotificationMatcher]? {
        guard let list = mappings(e, what: "a notification", keys: ["to", "contains"]) else { return nil }
        return list.map { f in NotificationMatcher(to: string(f["to"]), contains: string(f["contains"])) }
    }

    mutating func timers(_ e: MappingEntry) -> [TimerMatcher]? {
        guard let list = mappings(e, what: "a timer", keys: ["kind", "step", "at"], required: ["kind"]) else { return nil }
        var out: [TimerMatcher] = []
        for f in list {
            guard let kind = word(f["kind"], Self.timerKinds) else { return nil }
            var at: Instant?
            if let a = f["at"] {
                guard let t = instant(a) else { return nil }
                at = t
            }
            out.append(TimerMatcher(kind: kind, step: string(f["step"]), at: at))
        }
        return out
    }

    mutating func events(_ e: MappingEntry) -> [EventMatcher]? {
        guard let list = mappings(e, what: "an event", keys: EventProperties.keys, required: ["fact"]) else { return nil }
        var out: [EventMatcher] = []
        for f in list {
            var properties: [String: String] = [:]
            for (key, entry) in f.values {
                guard let text = reader.text(entry) else { return nil }
                switch key {
                case "fact":
                    guard EventProperties.facts.contains(text.value) else {
                        reader.report(RuleID.invalidValue, "unknown fact \"\(text.value)\"; expected one of \(EventProperties.facts.joined(separator: ", "))",
                                      at: text.range)
                        return nil
                    }
                    properties[key] = text.value
                case "clock-start":
                    guard let t = instant(entry) else { return nil }
                    properties[key] = t.description
                default:
                    properties[key] = text.value
                }
            }
            out.append(EventMatcher(properties: properties))
        }
        return out
    }
}
