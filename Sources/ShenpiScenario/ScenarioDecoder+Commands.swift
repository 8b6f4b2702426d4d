import ShenpiEngine
import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// The engine commands of a scenario step. Officers are named by `by:` and
/// must be declared under `actors:`. Every key of a command is read before
/// giving up on it, so a bad reason does not hide an unknown officer. Every
/// command but `submit` (a sub-case is submitted by its parent) may name a
/// sub-case with `case:`, read beside the command (`subcase`).
extension ScenarioDecoder {
    /// The one unit key of `f` (`workdays`, `days`, `hours`) and its whole
    /// number, with where the key is; reported and `nil` when none, several or
    /// not a number in `range`.
    mutating func duration(_ f: Fields, of what: String, hint: String, range: ClosedRange<Int>) -> (ExtensionUnit, Int, SourceRange)? {
        let given = ExtensionUnit.allCases.compactMap { u in f[u.rawValue].map { (u, $0) } }
        guard let (unit, entry) = given.first else {
            reader.report(RuleID.missingKey, "\"\(what)\" needs one of the keys \"workdays\", \"days\", \"hours\" (\(hint))",
                          at: SourceRange(at: f.range.start))
            return nil
        }
        if given.count > 1 {
            reader.report(RuleID.conflictingKeys, "\"\(what)\" is given in one unit only", at: given[1].1.key.range)
            return nil
        }
        guard let n = reader.integer(entry, minimum: range.lowerBound, maximum: range.upperBound) else { return nil }
        return (unit, n.value, entry.key.range)
    }

    /// A reason the applicant is told (an extension's, a special procedure's):
    /// text that is not blank, as the daemon takes it.
    mutating func reason(_ entry: MappingEntry?) -> String? {
        guard let entry, let text = reader.text(entry) else { return nil }
        guard TemplateRenderer.saysSomething(text.value) else {
            reader.report(RuleID.invalidValue, "\"reason\" must say why in words, not be blank or only punctuation: the applicant is told it",
                          at: entry.value.range)
            return nil
        }
        // In code points, as the daemon counts them.
        guard text.value.unicodeScalars.count <= 500 else {
            reader.report(RuleID.invalidValue, "\"reason\" is at most 500 characters", at: entry.value.range)
            return nil
        }
        return text.value
    }

    mutating func command(_ key: String, _ entry: MappingEntry) -> ScenarioCommand? {
        switch key {
        case "submit": return submit(entry)
        case "receive":
            guard let f = reader.mapping(entry.value, what: "\"receive\"", keys: ["by", "case"], required: ["by"]), let by = actor(f["by"])
            else { return nil }
            return .receive(by: by)
        case "decide": return decide(entry)
        case "supplement":
            if case .mapping = entry.value {
                guard let f = reader.mapping(entry.value, what: "\"supplement\"", keys: ["materials", "case"], required: ["materials"]) else { return nil }
                return materials(f["materials"]).map { .supplement(materials: $0) }
            }
            return materials(entry).map { .supplement(materials: $0) }
        case "start-special-procedure":
            let units = ExtensionUnit.allCases.map(\.rawValue)
            guard let f = reader.mapping(entry.value, what: "\"start-special-procedure\"", keys: ["reason"] + units + ["by", "step", "case"],
                                         required: ["reason", "by"])
            else { return nil }
            let reason = reason(f["reason"]), by = actor(f["by"])
            // Art. 45: the applicant is told how long it takes, 1 to 9999 units as the daemon takes it.
            let expected = duration(f, of: "start-special-procedure", hint: "how long it is expected to take", range: 1...9999)
            guard let reason, let by, let (unit, amount, _) = expected else { return nil }
            let step = string(f["step"])
            return .startSpecialProcedure(reason: reason, expected: (amount, unit), by: by, step: step)
        case "end-special-procedure":
            guard let f = reader.mapping(entry.value, what: "\"end-special-procedure\"", keys: ["by", "step", "case"], required: ["by"]),
                let by = actor(f["by"])
            else { return nil }
            return .endSpecialProcedure(by: by, step: string(f["step"]))
        case "extend":
            let units = ExtensionUnit.allCases.map(\.rawValue)
            guard let f = reader.mapping(entry.value, what: "\"extend\"", keys: units + ["reason", "by", "case"], required: ["reason", "by"])
            else { return nil }
            let by = actor(f["by"]), reason = reason(f["reason"])
            // 1 to 9999 as the daemon takes it, like a special procedure's: the engine's
            // `bad-extension` is for callers that skip this check.
            guard let (unit, amount, range) = duration(f, of: "extend", hint: "the unit of the case limit", range: 1...9999), let by, let reason
            else { return nil }
            return .extend(amount: amount, unit: unit, reason: reason, by: by, at: range)
        case "withdraw":
            if case .scalar(let s) = entry.value, s.isNull { return .withdraw(reason: nil) }
            guard let f = reader.mapping(entry.value, what: "\"withdraw\"", keys: ["reason", "case"]) else { return nil }
            return .withdraw(reason: string(f["reason"]))
        case "rate":
            if case .scalar = entry.value {
                return reader.integer(entry, minimum: Int.min).map { .rate(level: $0.value, comment: nil) }
            }
            guard let f = reader.mapping(entry.value, what: "\"rate\"", keys: ["level", "comment", "case"], required: ["level"]) else { return nil }
            let level = reader.integer(f["level"], minimum: Int.min), comment = string(f["comment"])
            guard let level else { return nil }
            return .rate(level: level.value, comment: comment)
        case "follow-up":
            guard let f = reader.mapping(entry.value, what: "\"follow-up\"", keys: ["result", "comment", "by", "case"],
                                         required: ["result", "comment", "by"])
            else { return nil }
            let result = word(f["result"], FollowUpResult.allCases.map(\.rawValue)).flatMap(FollowUpResult.init(rawValue:))
            let comment = string(f["comment"]), by = actor(f["by"])
            guard let result, let comment, let by else { return nil }
            return .followUp(result: result, comment: comment, by: by)
        case "call-back":
            guard let f = reader.mapping(entry.value, what: "\"call-back\"", keys: ["result", "comment", "by", "case"], required: ["result", "by"])
            else { return nil }
            let result = word(f["result"], CallbackResult.allCases.map(\.rawValue)).flatMap(CallbackResult.init(rawValue:))
            let comment = string(f["comment"]), by = actor(f["by"])
            guard let result, let by else { return nil }
            return .callBack(result: result, comment: comment, by: by)
        default:
            return nil
        }
    }

    /// `submit: { fields: {…}, materials: [...], channel: window | online }`.
    mutating func submit(_ entry: MappingEntry) -> ScenarioCommand? {
        guard let f = reader.mapping(entry.value, what: "\"submit\"", keys: ["fields", "materials", "channel"]) else { return nil }
        var fields: [FieldEntry]? = []
        if let e = f["fields"] {
            switch e.value {
            case .mapping(let entries, _): fields = entries.map { FieldEntry(key: $0.key, value: $0.value) }
            case .scalar(let s) where s.isNull: break
            default:
                reader.report(RuleID.wrongType, "expected a mapping of field ids to values for \"fields\", found \(reader.describe(e.value))",
                              at: e.value.range)
                fields = nil
            }
        }
        let materials = self.materials(f["materials"])
        let channel = f["channel"].map { word($0, ["window", "online"]) } ?? "window"
        guard let fields, let materials, let channel else { return nil }
        return .submit(fields: fields, materials: materials, channel: channel)
    }

    /// `decide: { step: accept, decision: accept, by: w1, comment: …, defective: [id-card], case: … }`.
    mutating func decide(_ entry: MappingEntry) -> ScenarioCommand? {
        guard let f = reader.mapping(entry.value, what: "\"decide\"", keys: ["step", "decision", "by", "comment", "defective", "expected", "case"],
                                     required: ["step", "decision", "by"])
        else { return nil }
        let step = string(f["step"]), decision = string(f["decision"]), by = actor(f["by"]), comment = string(f["comment"])
        let defective = materials(f["defective"])
        // Art. 45: `expected: { workdays: 20 }`, as the daemon takes it.
        var expected: (amount: Int, unit: ExtensionUnit)?
        if let e = f["expected"] {
            // The flow writes `expected: 20 workdays`; a command gives the daemon's shape.
            if case .scalar(let s) = e.value {
                reader.report(RuleID.wrongType, "expected a mapping with one unit for \"expected\", e.g. { workdays: 20 }; found \"\(s.value)\"",
                              at: e.value.range)
                return nil
            }
            let units = ExtensionUnit.allCases.map(\.rawValue)
            guard let d = reader.mapping(e.value, what: "\"expected\"", keys: units, required: []),
                  let (unit, amount, _) = duration(d, of: "expected", hint: "how long the pause is expected to take", range: 1...9999)
            else { return nil }
            expected = (amount, unit)
        }
        guard let step, let decision, let by, let defective else { return nil }
        return .decide(step: step, decision: decision, by: by, comment: comment, defective: defective, expected: expected)
    }

    /// A list of material ids (`[]` when absent); `nil` after reporting.
    mutating func materials(_ entry: MappingEntry?) -> [String]? {
        guard let entry else { return [] }
        guard entry.value.sequenceItems != nil || entry.value.scalar?.isNull == true else {
            reader.report(RuleID.wrongType, "expected a list of material ids for \"\(entry.key.value)\", found \(reader.describe(entry.value))",
                          at: entry.value.range)
            return nil
        }
        let items = reader.list(entry)
        let ids = items.compactMap { reader.text($0, key: entry.key.value)?.value }
        return ids.count == items.count ? ids : nil
    }
}
