import ShenpiSyntax

/// Reads typed values out of located nodes, reporting what is wrong instead of
/// stopping: every reader returns `nil` after reporting, and decoding goes on.
public struct NodeReader {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []
    /// The errors among `diagnostics`, kept as they are reported: counting them
    /// per step made a flow of many steps with warnings quadratic.
    public private(set) var errorCount = 0
    /// Scenarios pass blank texts on purpose, to see the daemon refuse them;
    /// in a flow or a registry a blank text is always a mistake.
    public let blankTextAllowed: Bool

    public init(file: String, blankTextAllowed: Bool = false) {
        self.file = file
        self.blankTextAllowed = blankTextAllowed
    }

    public mutating func report(_ rule: String, _ message: String, at range: SourceRange,
                                severity: Severity = .error, notes: [DiagnosticNote] = []) {
        diagnostics.append(Diagnostic(file: file, range: range, severity: severity, rule: rule, message: message, notes: notes))
        if severity == .error { errorCount += 1 }
    }

    /// Opens a mapping whose keys are known in advance. Unknown keys are reported
    /// with a suggestion; missing required keys are reported at the mapping.
    /// `what` names the construct in messages ("a material", "step \"accept\"").
    public mutating func mapping(_ node: Node, what generic: String, keys: [String], required: [String] = []) -> Fields? {
        var what = generic
        if case .mapping(let entries, _) = node, let name = entries.first(where: { $0.key.value == "id" })?.value.scalar?.value,
            !name.isEmpty, let space = generic.firstIndex(of: " "), ["a", "an"].contains(generic[..<space])
        {
            what = String(generic[generic.index(after: space)...]) + " \"\(name)\""  // "a material" → material "photo"
        }
        guard case .mapping(let entries, let range) = node else {
            report(RuleID.wrongType, "expected a mapping for \(what), found \(describe(node))", at: node.range)
            return nil
        }
        var fields = Fields(range: range)
        for entry in entries {
            let key = entry.key.value
            if keys.contains(key) {
                fields.values[key] = entry
            } else if key == "<<" {
                report(RuleID.unknownKey, "merge keys (<<) are not supported in \(what); write the keys out, or alias a whole value", at: entry.key.range)
            } else {
                var message = "unknown key \"\(key)\" in \(what)"
                if let hint = suggestion(for: key, among: keys) {
                    message += "; \(hint)"
                } else {
                    message += "; expected one of " + keys.joined(separator: ", ")
                }
                report(RuleID.unknownKey, message, at: entry.key.range)
            }
        }
        let missing = required.filter { fields.values[$0] == nil }
        if !missing.isEmpty {
            let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            report(RuleID.missingKey, "\(what) is missing the key\(missing.count > 1 ? "s" : "") \(list)", at: SourceRange(at: range.start))
        }
        return fields
    }

    /// A YAML list, or `nil` after reporting. An absent or empty value gives `[]`.
    public mutating func list(_ entry: MappingEntry?) -> [Node] {
        guard let entry else { return [] }
        switch entry.value {
        case .sequence(let items, _): return items
        case .scalar(let s) where s.isNull: return []
        default:
            report(RuleID.wrongType, "expected a list for \"\(entry.key.value)\", found \(describe(entry.value))", at: entry.value.range)
            return []
        }
    }

    /// Text such as a title: any scalar. Warns on YAML 1.1 scalars that other tools would convert.
    public mutating func text(_ entry: MappingEntry?) -> Located<String>? {
        guard let entry else { return nil }
        return text(entry.value, key: entry.key.value)
    }

    public mutating func text(_ node: Node, key: String) -> Located<String>? {
        guard case .scalar(let s) = node, !s.isNull else {
            report(RuleID.wrongType, "expected text for \"\(key)\", found \(describe(node))", at: node.range)
            return nil
        }
        // A quoted "" or "  " is a title nobody can read, a notice that sends nothing.
        guard blankTextAllowed || s.value.contains(where: { !$0.isWhitespace }) else {
            report(RuleID.invalidValue, "\"\(key)\" is blank; write the text, or leave the key out where it is optional", at: s.range)
            return nil
        }
        warnIfYAML11(s)
        return Located(s.value, at: s.range)
    }

    /// An id (`[a-z][a-z0-9]*` words joined by `-` or `_`).
    public mutating func id(_ entry: MappingEntry?) -> Located<String>? {
        guard let entry else { return nil }
        return id(entry.value, key: entry.key.value)
    }

    public mutating func id(_ node: Node, key: String) -> Located<String>? {
        guard case .scalar(let s) = node, !s.isNull else {
            report(RuleID.wrongType, "expected an id for \"\(key)\", found \(describe(node))", at: node.range)
            return nil
        }
        warnIfYAML11(s)
        guard Identifier.isValid(s.value) else {
            report(RuleID.malformedID, Identifier.malformedMessage(s.value), at: s.range)
            return nil
        }
        return Located(s.value, at: s.range)
    }

    /// The id that names a definition (a step, material, field, outcome,
    /// branch). A malformed one is reported but kept, so the rest of the
    /// definition is still checked; `reserved` words are refused.
    public mutating func definitionID(_ entry: MappingEntry?, reserved: [String: String] = [:]) -> Located<String>? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value, !s.isNull else {
            report(RuleID.wrongType, "expected an id for \"\(entry.key.value)\", found \(describe(entry.value))", at: entry.value.range)
            return nil
        }
        if let why = reserved[s.value] {
            report(RuleID.malformedID, "\"\(s.value)\" is reserved: \(why); choose another id", at: s.range)
            return nil
        }
        if Identifier.isValid(s.value) {
            warnIfYAML11(s)
        } else {
            report(RuleID.malformedID, Identifier.malformedMessage(s.value), at: s.range)
        }
        return Located(s.value, at: s.range)
    }

    /// A list of ids, e.g. `checks: [application, id-card]`.
    public mutating func idList(_ entry: MappingEntry?) -> [Located<String>] {
        guard let entry else { return [] }
        return list(entry).compactMap { id($0, key: entry.key.value) }
    }

    /// The largest whole number a key takes unless it says otherwise
    /// (`version`, `copies`, `visits`, `times`); the JSON Schema says the same.
    public static let maximumWholeNumber = 1_000_000

    /// A whole number from `minimum` to `maximum`, written in plain digits.
    /// No [yaml11-scalar] warning: Shenpi reads YAML 1.2, where `010` is 10,
    /// and quoting it (that rule's advice for text) would make it no number.
    public mutating func integer(_ entry: MappingEntry?, minimum: Int, maximum: Int = maximumWholeNumber) -> Located<Int>? {
        guard let entry else { return nil }
        let key = entry.key.value
        guard case .scalar(let s) = entry.value, s.style == .plain, Self.isWholeNumber(s.value) else {
            var message = "expected a whole number for \"\(key)\", found \(describe(entry.value))"
            if case .scalar(let s) = entry.value, s.style != .plain, Self.isWholeNumber(s.value) { message += "; write it without quotes" }
            report(RuleID.wrongType, message, at: entry.value.range)
            return nil
        }
        // Digits past 64 bits are out of range too, on the side of their sign.
        guard let n = Int(s.value), (minimum...maximum).contains(n) else {
            let range = minimum == Int.min && !s.value.hasPrefix("-") ? "at most \(maximum)" : "from \(minimum) to \(maximum)"
            report(RuleID.invalidValue, "\"\(key)\" must be \(range), found \(s.value)", at: s.range)
            return nil
        }
        return Located(n, at: s.range)
    }

    /// ASCII digits with an optional leading minus.
    public static func isWholeNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A fee amount: a number ≥ 0 in decimal notation, as YAML 1.2 (and so an
    /// editor checking the schema) reads it: `80`, `12.5`, `.5`, `1.5e2`.
    /// `-0` is 0. Hexadecimal, octal, `.inf` and `.nan` are refused: no one
    /// writes a fee so, and the guide prints the amount in decimal.
    public mutating func amount(_ entry: MappingEntry?) -> Double? {
        guard let entry else { return nil }
        let key = entry.key.value
        guard case .scalar(let s) = entry.value, s.style == .plain, Self.isDecimalNumber(s.value), let x = Double(s.value) else {
            var message = "expected a number ≥ 0 for \"\(key)\", written in decimal like 80, 12.5 or 1.5e2, found \(describe(entry.value))"
            if case .scalar(let s) = entry.value, s.style != .plain, Self.isDecimalNumber(s.value) { message += "; write it without quotes" }
            report(RuleID.wrongType, message, at: entry.value.range)
            return nil
        }
        guard x >= 0, x.isFinite else {
            let why = x < 0 ? "must be ≥ 0" : "is past the largest number (about 1.8e308)"
            report(RuleID.invalidValue, "\"\(key)\" \(why), found \(s.value)", at: s.range)
            return nil
        }
        return x == 0 ? 0 : x  // -0 is 0
    }

    /// A number of either sign in decimal notation (a field's bound: `-10`, `0`, `99.5`).
    public mutating func signedNumber(_ entry: MappingEntry?) -> Double? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value, s.style == .plain, Self.isDecimalNumber(s.value), let x = Double(s.value), x.isFinite else {
            report(RuleID.wrongType, "expected a number for \"\(entry.key.value)\", written in decimal like 0, -10 or 99.5, found \(describe(entry.value))",
                   at: entry.value.range)
            return nil
        }
        return x == 0 ? 0 : x
    }

    /// YAML 1.2 core schema's decimal numbers: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    static func isDecimalNumber(_ text: String) -> Bool {
        let isDigits = { (t: Substring) in t.allSatisfy { $0.isASCII && $0.isNumber } }
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var power = rest[rest.index(after: e)...]
            if power.first == "-" || power.first == "+" { power = power.dropFirst() }
            guard !power.isEmpty, isDigits(power) else { return false }
            rest = rest[..<e]
        }
        guard let dot = rest.firstIndex(of: ".") else { return !rest.isEmpty && isDigits(rest) }
        let whole = rest[..<dot], fraction = rest[rest.index(after: dot)...]
        return isDigits(whole) && isDigits(fraction) && !(whole.isEmpty && fraction.isEmpty)
    }

    public mutating func boolean(_ entry: MappingEntry?) -> Bool? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value, s.style == .plain, s.value == "true" || s.value == "false" else {
            report(RuleID.wrongType, "expected true or false for \"\(entry.key.value)\", found \(describe(entry.value))", at: entry.value.range)
            return nil
        }
        return s.value == "true"
    }

    /// One of a fixed set of words, e.g. `form: original`.
    public mutating func choice<T: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ node: Node, key: String, as type: T.Type
    ) -> Located<T>? where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue)
        guard case .scalar(let s) = node, !s.isNull else {
            report(RuleID.wrongType, "expected one of \(allowed.joined(separator: ", ")) for \"\(key)\", found \(describe(node))", at: node.range)
            return nil
        }
        guard let value = T(rawValue: s.value) else {
            var message = "invalid value \"\(s.value)\" for \"\(key)\"; expected one of \(allowed.joined(separator: ", "))"
            if s.style == .plain, let meaning = YAML11.meaning(of: s.value) {
                message += " (other YAML tools read it as \(meaning))"
            }
            report(RuleID.invalidValue, message, at: s.range)
            return nil
        }
        return Located(value, at: s.range)
    }

    public mutating func choice<T: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ entry: MappingEntry?, as type: T.Type
    ) -> Located<T>? where T.RawValue == String {
        guard let entry else { return nil }
        return choice(entry.value, key: entry.key.value, as: type)
    }

    public mutating func duration(_ entry: MappingEntry?) -> Located<Duration>? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value, !s.isNull else {
            report(RuleID.wrongType, "expected a duration for \"\(entry.key.value)\", found \(describe(entry.value))", at: entry.value.range)
            return nil
        }
        guard let d = DurationSyntax.parse(s.value) else {
            report(RuleID.badDuration, DurationSyntax.errorMessage(s.value), at: s.range)
            return nil
        }
        return Located(d, at: s.range)
    }

    private mutating func warnIfYAML11(_ s: Scalar) {
        guard s.style == .plain, s.tag == nil, let meaning = YAML11.meaning(of: s.value) else { return }
        report(RuleID.yaml11Scalar, "other YAML tools read plain \"\(s.value)\" as \(meaning); quote it if you mean the text", at: s.range, severity: .warning)
    }

    /// "a list", "a mapping", "an empty value", or the scalar quoted.
    public func describe(_ node: Node) -> String {
        if case .scalar(let s) = node, !s.isNull { return "\"\(s.value)\"" }
        return node.kindDescription
    }
}

/// The recognised entries of one mapping, by key.
public struct Fields {
    public var range: SourceRange
    public var values: [String: MappingEntry] = [:]

    public subscript(_ key: String) -> MappingEntry? { values[key] }
    public func has(_ key: String) -> Bool { values[key] != nil }
}
