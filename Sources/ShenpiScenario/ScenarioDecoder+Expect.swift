import ShenpiCalendar
import ShenpiLanguage
import ShenpiSyntax

/// `expect:` blocks. Each key is one check, kept with its line so a
/// failure points at the exact expectation.
extension ScenarioDecoder {
    static let expectKeys = ["case", "active", "status", "outcome", "on-time", "due", "step-due", "clock", "legal-due", "legal-clock", "legal-provisional", "missing", "accepted-at",
                             "deemed-accepted", "rating", "notifications", "events", "timers", "fees"]
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
        let target = subcase(entry.value)
        ok = ok && target != nil
        for e in entries where Self.expectKeys.contains(e.key.value) && e.key.value != "case" {
            if let kind = check(e) {
                checks.append(Check(key: e.key.value, line: e.key.range.start.line, kind: kind))
            } else {
                ok = false
            }
        }
        return ok ? Expectation(line: entry.key.range.start.line, subcase: target ?? nil, checks: checks) : nil
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
        case "legal-due": return due(e.value, key: e.key.value).map(Check.Kind.legalDue)
        case "legal-clock": return word(e, Self.levels).map(Check.Kind.legalClock)
        case "legal-provisional": return reader.boolean(e).map(Check.Kind.legalProvisional)
        case "missing": return texts(e).map(Check.Kind.missing)
        case "accepted-at": return none ? .acceptedAt(nil) : instant(e).map { .acceptedAt($0) }
        case "deemed-accepted": return reader.boolean(e).map(Check.Kind.deemedAccepted)
        case "rating": return none ? .rating(nil) : reader.integer(e, minimum: 1).map { .rating($0.value) }
        case "notifications": return notifications(e).map(Check.Kind.notifications)
        case "events": return events(e).map(Check.Kind.events)
        case "timers": return timers(e).map(Check.Kind.timers)
        case "fees": return fees(e).map(Check.Kind.fees)
        default: return nil
        }
    }

    /// `fees: { registration: 570, stamp: none }`: each fee's amount in yuan
    /// (at most two decimals: fen), or `none` (not worked out).
    mutating func fees(_ e: MappingEntry) -> [FeeExpectation]? {
        guard case .mapping(let entries, _) = e.value else {
            reader.report(RuleID.wrongType, "expected a mapping of fee ids to amounts for \"fees\" (like { registration: 80 }), found \(reader.describe(e.value))",
                          at: e.value.range)
            return nil
        }
        guard !entries.isEmpty else {
            reader.report(RuleID.invalidValue, "\"fees\" names no fee, so it would check nothing; give at least one, like { registration: 80 }", at: e.value.range)
            return nil
        }
        var out: [FeeExpectation] = []
        for entry in entries {
            guard case .scalar(let s) = entry.value, !s.isNull else {
                reader.report(RuleID.wrongType, "expected an amount in yuan or none for fee \"\(entry.key.value)\", found \(reader.describe(entry.value))",
                              at: entry.value.range)
                return nil
            }
            if s.value == "none" {
                out.append(FeeExpectation(fee: entry.key.value, fen: nil))
                continue
            }
            guard let fen = Self.fen(s.value) else {
                reader.report(RuleID.wrongType, "expected an amount in yuan with at most two decimals (80, 12.5, 0.05) or none for fee \"\(entry.key.value)\", "
                              + "found \"\(s.value)\"", at: s.range)
                return nil
            }
            out.append(FeeExpectation(fee: entry.key.value, fen: fen))
        }
        return out
    }

    /// `80` → 8000, `12.5` → 1250, `0.05` → 5; anything else (a third decimal, a sign, words) is nil.
    static func fen(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], cents = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 13, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || (1...2).contains(cents.count), cents.allSatisfy({ $0.isASCII && $0.isNumber }),
              let w = Int(whole) else { return nil }
        let c = Int(cents.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        return w * 100 + c
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

    /// The mappings of a list, each opened with `keys`, and whether every
    /// item opened cleanly; `nil` when the value is not a list. The items of
    /// a list with an unknown key in one are still returned, so the values
    /// of the others are checked too.
    mutating func mappings(_ e: MappingEntry, what: String, keys: [String], required: [String] = []) -> (items: [Fields], clean: Bool)? {
        guard e.value.sequenceItems != nil || e.value.scalar?.isNull == true else {
            reader.report(RuleID.wrongType, "expected a list for \"\(e.key.value)\", found \(reader.describe(e.value))", at: e.value.range)
            return nil
        }
        let before = reader.diagnostics.count
        let items = reader.list(e)
        let out = items.compactMap { reader.mapping($0, what: what, keys: keys, required: required) }
        return (out, out.count == items.count && reader.diagnostics.count == before)
    }

    /// `step-due: { review: 2025-09-30, decide: none }`.
    mutating func stepDue(_ e: MappingEntry) -> [StepDue]? {
        guard case .mapping(let entries, _) = e.value, !entries.isEmpty else {
            reader.report(RuleID.wrongType,
                          "expected a mapping of step ids to due instants for \"step-due\", like { review: 2025-09-30 }, found \(reader.describe(e.value))",
                          at: e.value.range)
            return nil
        }
        let read = entries.map { entry in due(entry.value, key: entry.key.value).map { StepDue(step: entry.key.value, due: $0) } }
        let out = read.compactMap { $0 }
        return out.count == read.count ? out : nil
    }

    mutating func notifications(_ e: MappingEntry) -> [NotificationMatcher]? {
        guard let (list, clean) = mappings(e, what: "a notification", keys: ["to", "contains"]) else { return nil }
        let out = list.map { f in NotificationMatcher(to: string(f["to"]), contains: string(f["contains"])) }
        return clean ? out : nil
    }

    mutating func timers(_ e: MappingEntry) -> [TimerMatcher]? {
        guard let (list, clean) = mappings(e, what: "a timer", keys: ["kind", "step", "at"], required: ["kind"]) else { return nil }
        var ok = clean
        var out: [TimerMatcher] = []
        for f in list {
            // `at`: nil when absent, `.some(nil)` when reported.
            let kind = word(f["kind"], Self.timerKinds), at = f["at"].map { instant($0) }, step = string(f["step"])
            guard let kind, at != .some(nil) else {
                ok = false
                continue
            }
            out.append(TimerMatcher(kind: kind, step: step, at: at ?? nil))
        }
        return ok ? out : nil
    }

    mutating func events(_ e: MappingEntry) -> [EventMatcher]? {
        guard let (list, clean) = mappings(e, what: "an event", keys: EventProperties.keys, required: ["fact"]) else { return nil }
        var ok = clean
        var out: [EventMatcher] = []
        for f in list {
            var properties: [String: String] = [:]
            for (key, entry) in f.values {
                guard let value = eventProperty(key, entry) else {
                    ok = false
                    continue
                }
                properties[key] = value
            }
            out.append(EventMatcher(properties: properties))
        }
        return ok ? out : nil
    }

    /// One property of an `events` item as the checker compares it: a fact
    /// from the known set, an instant in its canonical form, other values as written.
    mutating func eventProperty(_ key: String, _ entry: MappingEntry) -> String? {
        guard let text = reader.text(entry) else { return nil }
        switch key {
        case "fact":
            guard EventProperties.facts.contains(text.value) else {
                reader.report(RuleID.invalidValue, "unknown fact \"\(text.value)\"; expected one of \(EventProperties.facts.joined(separator: ", "))",
                              at: text.range)
                return nil
            }
            return text.value
        case "clock-start":
            return instant(entry)?.description
        default:
            return text.value
        }
    }
}
