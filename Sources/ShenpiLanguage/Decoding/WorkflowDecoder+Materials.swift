import ShenpiSyntax

extension WorkflowDecoder {
    /// Words an expression reads as operators or literals, so no field can be called that.
    static let expressionKeywords = LanguageKeys.expressionKeywords
    static let fieldTypeNames = LanguageKeys.fieldTypes
    static let reservedFieldIDs = Dictionary(uniqueKeysWithValues: expressionKeywords.map {
        ($0, "conditions read it as a word of the expression language (\(expressionKeywords.joined(separator: ", ")))")
    })
    /// `done` is a target of its own: it ends a parallel branch.
    static let reservedTargetIDs = [branchDoneTarget: "\"done\" ends a parallel branch"]

    mutating func decodeField(_ node: Node) -> Field? {
        guard let f = r.mapping(node, what: "a field", keys: LanguageKeys.field.keys, required: LanguageKeys.field.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedFieldIDs)
        else { return nil }
        var field = Field(id: id, title: r.text(f["title"]))
        field.required = r.boolean(f["required"]) ?? true
        guard let t = f["type"], case .scalar(let s) = t.value else {
            if let t = f["type"] { r.report(RuleID.wrongType, "expected a type name for \"type\", found \(r.describe(t.value))", at: t.value.range) }
            return field
        }
        let type: ValueType?
        switch s.value {
        case "string": type = .string
        case "integer": type = .integer
        case "number": type = .number
        case "boolean": type = .boolean
        case "date": type = .date
        case "phone": type = .phone
        case "resident-id": type = .residentID
        case "enum":
            let values = r.idList(f["values"])
            var seen: [String: Located<String>] = [:]
            for v in values {
                if let first = seen[v.value] {
                    r.report(RuleID.duplicateID, "enum value \"\(v.value)\" is listed twice", at: v.range,
                        notes: [DiagnosticNote("first listed at \(first.range.start)", range: first.range)])
                }
                seen[v.value] = seen[v.value] ?? v
            }
            // Missing only when nothing is written: malformed values (`[住宅, No]`)
            // and a value that is no list are reported as what they are.
            let given = f["values"]?.value
            if given.map({ $0.sequenceItems?.isEmpty ?? ($0.scalar?.isNull == true) }) ?? true {
                r.report(RuleID.missingKey, "field \"\(id.value)\" of type enum needs a non-empty \"values\" list", at: s.range)
            }
            type = .enumeration(values: values.map(\.value))
        default:
            r.report(RuleID.invalidValue, "invalid value \"\(s.value)\" for \"type\"; expected one of \(Self.fieldTypeNames.joined(separator: ", "))", at: s.range)
            type = nil
        }
        if let v = f["values"], s.value != "enum" {
            r.report(RuleID.unknownKey, "\"values\" applies only to fields of type enum", at: v.key.range)
        }
        if let v = f["value-titles"] {
            if case .enumeration? = type {
                field.valueTitles = decodeValueTitles(v)
            } else if type != nil {
                r.report(RuleID.unknownKey, "\"value-titles\" applies only to fields of type enum", at: v.key.range)
            }
        }
        field.type = type.map { Located($0, at: s.range) }
        for key in ["minimum", "maximum"] {
            guard let e = f[key] else { continue }
            guard type == .integer || type == .number else {
                if type != nil { r.report(RuleID.unknownKey, "\"\(key)\" applies only to fields of type integer or number", at: e.key.range) }
                continue
            }
            let bound = r.signedNumber(e).map { Located($0, at: e.value.range) }
            if key == "minimum" { field.minimum = bound } else { field.maximum = bound }
        }
        if let lo = field.minimum, let hi = field.maximum, lo.value > hi.value {
            r.report(RuleID.invalidValue, "\"minimum\" \(Value.text(lo.value)) is above \"maximum\" \(Value.text(hi.value)): no value would do", at: lo.range)
        } else if type == .integer, let lo = field.minimum, let hi = field.maximum, lo.value.rounded(.up) > hi.value.rounded(.down) {
            r.report(RuleID.invalidValue, "no whole number lies between \"minimum\" \(Value.text(lo.value)) and \"maximum\" \(Value.text(hi.value))", at: lo.range)
        }
        return field
    }

    /// `value-titles: { residential: 住宅 }`.
    mutating func decodeValueTitles(_ entry: MappingEntry) -> [ValueTitle] { decodeTitles(entry, of: "values") }

    /// A mapping of names to titles (`value-titles`, `decision-titles`).
    mutating func decodeTitles(_ entry: MappingEntry, of what: String) -> [ValueTitle] {
        guard case .mapping(let entries, _) = entry.value else {
            r.report(RuleID.wrongType, "expected a mapping of \(what) to titles for \"\(entry.key.value)\", found \(r.describe(entry.value))", at: entry.value.range)
            return []
        }
        return entries.compactMap { e in
            r.text(e.value, key: e.key.value).map { ValueTitle(value: Located(e.key.value, at: e.key.range), title: $0.value) }
        }
    }

    static let materialKeys = LanguageKeys.material.keys

    mutating func decodeMaterial(_ node: Node) -> Material? {
        guard let f = r.mapping(node, what: "a material", keys: Self.materialKeys, required: LanguageKeys.material.required),
            let id = r.definitionID(f["id"])
        else { return nil }
        var m = Material(id: id)
        m.title = r.text(f["title"])
        if let e = f["form"] {
            if case .sequence(let items, _) = e.value {
                m.forms = items.compactMap { r.choice($0, key: "form", as: Material.Form.self)?.value }
                if items.isEmpty {
                    r.report(RuleID.missingKey, "material \"\(id.value)\" needs at least one form: original, copy or electronic", at: e.value.range)
                }
            } else if let one = r.choice(e, as: Material.Form.self) {
                m.forms = [one.value]
            }
        }
        m.copies = r.integer(f["copies"], minimum: 1)?.value ?? 1
        m.source = r.choice(f["source"], as: Material.Source.self)?.value ?? .applicant
        m.requirement = r.choice(f["required"], as: Material.Requirement.self)?.value ?? .always
        m.condition = expression(f["when"])
        m.standard = r.text(f["standard"])?.value
        m.sample = r.text(f["sample"])?.value
        return m
    }

    /// Expression text; parsing happens in `LocatedExpression`, checking in the rules.
    mutating func expression(_ entry: MappingEntry?) -> LocatedExpression? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value, !s.isNull else {
            r.report(RuleID.wrongType, "expected an expression for \"\(entry.key.value)\", found \(r.describe(entry.value))", at: entry.value.range)
            return nil
        }
        return LocatedExpression(scalar: s)
    }
}
