import ShenpiSyntax

/// Builds the `Workflow` model from a located tree, reporting structural
/// problems (unknown and missing keys, wrong types, malformed ids …) as it goes.
/// Semantic checks (references, reachability, limits) are rules in ShenpiRules.
public struct WorkflowDecoder {
    var r: NodeReader
    var unreadableStepIDs: Set<String> = []
    var checksIncomplete = false
    var decisionsIncomplete = false
    var noticesIncomplete = false

    static let topKeys = LanguageKeys.workflow.keys
    static let requiredTopKeys = LanguageKeys.workflow.required

    public static func decode(_ root: Node, file: String) -> (Workflow, [Diagnostic]) {
        var d = WorkflowDecoder(r: NodeReader(file: file))
        let flow = d.decodeWorkflow(root)
        return (flow, d.r.diagnostics)
    }

    mutating func decodeWorkflow(_ root: Node) -> Workflow {
        var flow = Workflow(file: r.file, range: root.range)
        guard let f = r.mapping(root, what: "a workflow", keys: Self.topKeys, required: Self.requiredTopKeys) else {
            return flow
        }
        flow.id = r.id(f["workflow"])
        flow.version = r.integer(f["version"], minimum: 1)
        flow.title = r.text(f["title"])
        flow.department = r.id(f["department"])
        flow.kind = r.choice(f["kind"], as: ItemKind.self)
        flow.calendar = r.id(f["calendar"])
        if let e = f["limits"] {
            flow.limitsRange = e.key.range
            flow.limits = decodeLimits(e.value, kind: flow.kind?.value, keyRange: e.key.range)
        }
        if let e = f["guide"] { flow.guide = decodeGuide(e.value) }
        flow.fields = r.list(f["fields"]).compactMap { decodeField($0) }
        flow.materials = r.list(f["materials"]).compactMap { decodeMaterial($0) }
        flow.templates = decodeTemplates(f["templates"])
        if let e = f["decision-titles"] { flow.decisionTitles = decodeTitles(e, of: "decision names") }
        flow.outcomes = r.list(f["outcomes"]).compactMap { decodeOutcome($0) }
        flow.steps = r.list(f["steps"]).compactMap { decodeStep($0, insideBranch: false) }
        flow.negativeRatingTo = r.idList(f["negative-rating-to"])
        let feeItems = r.list(f["fees"])
        flow.fees = feeItems.compactMap { decodeFee($0) }
        // A broken fee is reported already: its {fee.<id>} is no second error.
        flow.feesIncomplete = f["fees"].map { $0.value.sequenceItems == nil && $0.value.scalar?.isNull != true } == true
            || flow.fees.count != feeItems.count
        // Only a list that is really empty: a wrong type or broken items are reported already.
        if let e = f["steps"], Self.isEmptyList(e.value) {
            r.report(RuleID.missingKey, "\"steps\" needs at least one step", at: e.value.range)
        }
        if let e = f["outcomes"], Self.isEmptyList(e.value) {
            r.report(RuleID.missingKey, "\"outcomes\" needs at least one outcome", at: e.value.range)
        }
        flow.unreadableStepIDs = unreadableStepIDs
        flow.checksIncomplete = checksIncomplete
        flow.decisionsIncomplete = decisionsIncomplete
        flow.noticesIncomplete = noticesIncomplete
        return flow
    }

    /// `[]` or an empty value.
    static func isEmptyList(_ node: Node) -> Bool {
        if case .sequence(let items, _) = node { return items.isEmpty }
        if case .scalar(let s) = node { return s.isNull }
        return false
    }

    mutating func decodeLimits(_ node: Node, kind: ItemKind?, keyRange: SourceRange? = nil) -> Limits {
        var limits = Limits()
        guard let f = r.mapping(node, what: "\"limits\"", keys: LanguageKeys.limits.keys, required: LanguageKeys.limits.required) else {
            return limits
        }
        if let e = f["legal"], case .scalar(let s) = e.value, s.value == "none" {
            limits.noLegal = s.range
            if !f.has("promised") && kind != .promised {
                r.report(RuleID.missingKey, "\"limits\" with \"legal: none\" (no statutory limit) is missing the key \"promised\": "
                         + "a case needs a limit to run its clock on", at: keyRange ?? SourceRange(at: f.range.start))
            }
        } else if let e = f["legal"], case .scalar(let s) = e.value, !s.isNull, DurationSyntax.parse(s.value) == nil {
            // The one limit that may be `none`: say so where the slip is made (无, None, no).
            r.report(RuleID.badDuration, DurationSyntax.errorMessage(s.value, orElse: ", or none for an item the law sets no limit for"),
                     at: s.range)
        } else {
            limits.legal = r.duration(f["legal"])
        }
        limits.promised = r.duration(f["promised"])
        limits.promisedUnreadable = f.has("promised") && limits.promised == nil
        limits.warnBefore = r.duration(f["warn-before"])
        if let e = f["extension"] { limits.extensionCeiling = decodeExtension(e) }
        if kind == .promised && !f.has("promised") {
            r.report(RuleID.missingKey, "\"limits\" of a promised item (承诺件) is missing the key \"promised\"", at: keyRange ?? SourceRange(at: f.range.start))
        }
        return limits
    }

    /// `extension: none` or `extension: { max: 10 workdays, by: <role>, times: 1 }`.
    mutating func decodeExtension(_ entry: MappingEntry) -> ExtensionCeiling {
        if case .scalar(let s) = entry.value, s.value == "none" { return ExtensionCeiling(range: s.range, isNone: true) }
        guard case .mapping = entry.value else {  // a bare duration is the likely slip: say what is missing
            r.report(RuleID.wrongType,
                     "expected \"none\" or a mapping with \"max\" and \"by\" for \"extension\", found \(r.describe(entry.value))",
                     at: entry.value.range)
            return ExtensionCeiling(range: entry.value.range, unread: true)  // never compiled as no ceiling
        }
        guard let f = r.mapping(entry.value, what: "\"extension\"", keys: LanguageKeys.extensionCeiling.keys,
                                required: LanguageKeys.extensionCeiling.required) else { return ExtensionCeiling(range: entry.value.range, unread: true) }
        let max = r.duration(f["max"]), by = r.id(f["by"]), times = r.integer(f["times"], minimum: 1)
        let unread = (f.has("max") && max == nil) || (f.has("by") && by == nil) || (f.has("times") && times == nil)
        return ExtensionCeiling(range: f.range, max: max, by: by, times: times, unread: unread)
    }

    mutating func decodeTemplates(_ entry: MappingEntry?) -> [Template] {
        guard let entry else { return [] }
        guard case .mapping(let entries, _) = entry.value else {
            r.report(RuleID.wrongType, "expected a mapping of template ids to text for \"templates\", found \(r.describe(entry.value))", at: entry.value.range)
            return []
        }
        return entries.compactMap { e in
            guard let id = r.id(.scalar(e.key), key: "templates"), r.text(e.value, key: e.key.value) != nil, let text = e.value.scalar else { return nil }
            return Template(id: id, text: text)
        }
    }

    mutating func decodeOutcome(_ node: Node) -> Outcome? {
        guard let f = r.mapping(node, what: "an outcome", keys: LanguageKeys.outcome.keys, required: LanguageKeys.outcome.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs)
        else { return nil }
        return Outcome(id: id, title: r.text(f["title"]), kind: r.choice(f["kind"], as: Outcome.Kind.self), notify: decodeNotices(f["notify"]))
    }

    mutating func decodeFee(_ node: Node) -> FeeRule? {
        guard let f = r.mapping(node, what: "a fee", keys: LanguageKeys.feeRule.keys, required: LanguageKeys.feeRule.required),
              let id = r.definitionID(f["id"])
        else { return nil }
        return FeeRule(id: id, title: r.text(f["title"]), amount: expression(f["amount"]), basis: r.text(f["basis"]), range: node.range)
    }

    mutating func decodeNotices(_ entry: MappingEntry?) -> [Notice] {
        guard let entry else { return [] }
        let items: [Node]
        if case .sequence(let list, _) = entry.value { items = list } else { items = [entry.value] }
        let notices = items.compactMap { decodeNotice($0) }
        if notices.count < items.count { noticesIncomplete = true }
        return notices
    }

    mutating func decodeNotice(_ node: Node) -> Notice? {
        guard let f = r.mapping(node, what: "a notification", keys: LanguageKeys.notification.keys, required: LanguageKeys.notification.required),
            let to = r.id(f["to"])
        else { return nil }
        let recipient: Notice.Recipient = to.value == LanguageKeys.applicantRecipient ? .applicant : .role(to.value)
        let content: Notice.Content
        switch (f["template"], f["message"]) {
        case (let t?, nil):
            guard let id = r.id(t) else { return nil }
            content = .template(id)
        case (nil, let m?):
            guard r.text(m) != nil, let text = m.value.scalar else { return nil }
            content = .message(text)
        case (_?, let m?):
            r.report(RuleID.conflictingKeys, "a notification has either \"template\" or \"message\", not both", at: m.key.range)
            return nil
        case (nil, nil):
            r.report(RuleID.missingKey, "a notification is missing the key \"template\" or \"message\"", at: SourceRange(at: f.range.start))
            return nil
        }
        return Notice(to: Located(recipient, at: to.range), content: content, range: f.range)
    }
}
