import ShenpiSyntax

extension WorkflowDecoder {
    /// The key that decides what kind of item a `steps:` entry is.
    static let stepKindKeys = LanguageKeys.stepKinds
    static let taskKeys = LanguageKeys.task.keys
    static let decisionKeys = LanguageKeys.decision.keys

    mutating func decodeStep(_ node: Node, insideBranch: Bool) -> Step? {
        let step = decodeStepOfKind(node, insideBranch: insideBranch)
        if step == nil {
            // What it checked is unknown; references to it are not errors of their own.
            checksIncomplete = true
            if case .mapping(let entries, _) = node, let id = entries.first(where: { $0.key.value == "id" })?.value.scalar?.value {
                unreadableStepIDs.insert(id)
            }
        }
        return step
    }

    private mutating func decodeStepOfKind(_ node: Node, insideBranch: Bool) -> Step? {
        guard case .mapping(let entries, let range) = node else {
            r.report(RuleID.wrongType, "expected a mapping for a step, found \(r.describe(node))", at: node.range)
            return nil
        }
        let present = Self.stepKindKeys.filter { k in entries.contains { $0.key.value == k } }
        let name = entries.first { $0.key.value == "id" }.flatMap { $0.value.scalar?.value }.map { "step \"\($0)\"" } ?? "a step"
        if present.count > 1 {
            let second = entries.first { $0.key.value == present[1] }!
            r.report(RuleID.conflictingKeys, "\(name) has both \"\(present[0])\" and \"\(present[1])\"; a step is one kind: " + Self.stepKindKeys.joined(separator: ", "), at: second.key.range)
            return nil
        }
        switch present.first {
        case "role": return decodeTask(node, name: name)
        case "parallel": return decodeParallel(node, name: name, insideBranch: insideBranch)
        case "route": return decodeRoute(node, name: name)
        case "wait": return decodeWait(node, name: name)
        case "call": return decodeCall(node, name: name)
        default:
            // `<<: *shared` holding "role" is why the kind is missing: say that, not "missing role".
            if let merge = entries.first(where: { $0.key.value == "<<" }) {
                r.report(RuleID.unknownKey, "merge keys (<<) are not supported in \(name); write the keys out, or alias a whole value", at: merge.key.range)
                return nil
            }
            r.report(RuleID.missingKey, "\(name) needs one of the keys " + Self.stepKindKeys.map { "\"\($0)\"" }.joined(separator: ", ") + " to say what kind of step it is", at: SourceRange(at: range.start))
            return nil
        }
    }

    /// Keys of a task that read as decision names when indented under
    /// `decisions:` (`limit: 2 workdays` one level too deep).
    static let misplaceableTaskKeys: Set = ["limit", "warn-before", "checks", "produces", "four-eyes", "on-timeout", "title"]

    mutating func decodeTask(_ node: Node, name: String) -> Step? {
        // A step key indented into `decisions:` is one mistake, not a decision
        // named "limit" whose target "2 workdays" is a malformed id.
        var node = node
        if case .mapping(var entries, let range) = node, let i = entries.firstIndex(where: { $0.key.value == "decisions" }),
           case .mapping(var inner, let innerRange) = entries[i].value {
            var moved: [MappingEntry] = []
            var dropped: [(MappingEntry, String)] = []
            // A decision body that lacks its `next` (the `next` below it dedented).
            let bodyWithoutNext = inner.contains { e in
                guard e.key.value != "notify", case .mapping(let body, _) = e.value else { return false }
                return !body.contains { $0.key.value == "next" }
            }
            inner.removeAll { entry in
                let key = entry.key.value
                guard !Self.isDecisionBody(entry.value) else { return false }
                if Self.misplaceableTaskKeys.contains(key) || key == "role" || key == "id" {
                    if !entries.contains(where: { $0.key.value == key }) {
                        moved.append(entry)
                        return true
                    }
                    // The step has one: a decision of that name, unless its value can be no target.
                    guard !Self.couldBeTarget(entry.value) else { return false }
                    let also = key == "title" ? "; a decision's own title goes inside its mapping: refuse: { next: refused, title: 不予许可 }" : ""
                    dropped.append((entry, "\"\(key)\" is inside \"decisions\" of \(name), so it would be a decision; the step has a \"\(key)\" already\(also)"))
                    return true
                }
                if Self.isMisplacedDecisionKey(key, entry.value, bodyWithoutNext: bodyWithoutNext) {
                    dropped.append((entry, "\"\(key)\" is inside \"decisions\" of \(name) as if it were a decision; it is a key of one: indent it under the decision it belongs to"))
                    return true
                }
                return false
            }
            for entry in moved {
                r.report(RuleID.unknownKey, "\"\(entry.key.value)\" is inside \"decisions\" of \(name), so it would be a decision; it belongs to the step: indent it to the level of \"decisions:\"",
                         at: entry.key.range)
            }
            for (entry, message) in dropped { r.report(RuleID.unknownKey, message, at: entry.key.range) }
            if !moved.isEmpty || !dropped.isEmpty {
                entries[i].value = .mapping(inner, innerRange)
                node = .mapping(entries + moved, range)
            }
        }
        guard let f = r.mapping(node, what: name, keys: Self.taskKeys, required: LanguageKeys.task.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs)
        else { return nil }
        var task = Task()
        task.role = r.id(f["role"])
        task.limit = r.duration(f["limit"])
        task.warnBefore = r.duration(f["warn-before"])
        // Only an error leaves the list unknown (a YAML 1.1 warning keeps the item).
        let errorsBefore = r.errorCount
        task.checks = r.idList(f["checks"])
        if r.errorCount > errorsBefore { checksIncomplete = true }
        task.produces = r.idList(f["produces"])
        task.fourEyes = r.boolean(f["four-eyes"]) ?? false
        task.onTimeout = r.id(f["on-timeout"])
        if let e = f["decisions"] {
            if case .mapping(let entries, _) = e.value {
                task.decisions = entries.compactMap { decodeDecision($0) }
                if entries.isEmpty { r.report(RuleID.missingKey, "\(name) needs at least one decision", at: e.value.range) }
                // A decision that did not decode (reported) leaves where it leads unknown.
                if task.decisions.isEmpty || task.decisions.count < entries.count { decisionsIncomplete = true }
            } else {
                r.report(RuleID.wrongType, "expected a mapping of decision names to targets for \"decisions\", found \(r.describe(e.value))", at: e.value.range)
                decisionsIncomplete = true
            }
        } else {
            // Reported as missing (or its key misspelt: `decisons`).
            decisionsIncomplete = true
        }
        // Only when "limit" is absent: a malformed one is reported already.
        if let w = task.warnBefore, !f.has("limit") {
            r.report(RuleID.missingKey, "\"warn-before\" needs a \"limit\" on the same step", at: w.range)
        }
        if let t = task.onTimeout, !f.has("limit") {
            r.report(RuleID.missingKey, "\"on-timeout\" needs a \"limit\" on the same step", at: t.range)
        }
        return Step(id: id, title: r.text(f["title"]), kind: .task(task), range: f.range)
    }

    /// A value a decision could move to: a scalar that is an id.
    static func couldBeTarget(_ node: Node) -> Bool {
        if case .scalar(let s) = node { return Identifier.isValid(s.value) }
        return false
    }

    /// A decision's own key written among the decisions, told by its value:
    /// `notify` a mapping or list, `resume` and the like a boolean, `expected`
    /// a duration, `pause` a reason — not a decision of that name moving to a
    /// step (`pause: other`) — and `next` only when a decision above lacks one.
    static func isMisplacedDecisionKey(_ key: String, _ value: Node, bodyWithoutNext: Bool) -> Bool {
        let text = value.scalar?.value
        switch key {
        case "notify": return !couldBeTarget(value)
        case "request-supplement", "needs-materials", "resume": return text == "true" || text == "false"
        case "expected": return text.map { DurationSyntax.parse($0) != nil } ?? false
        case "pause": return text.map { t in PauseKind.allCases.contains { $0.rawValue == t } } ?? false
        case "next": return bodyWithoutNext
        default: return false
        }
    }

    /// A decision written as a mapping with `next:`: a real decision, whatever its name.
    static func isDecisionBody(_ node: Node) -> Bool {
        if case .mapping(let entries, _) = node { return entries.contains { $0.key.value == "next" } }
        return false
    }

    mutating func decodeDecision(_ entry: MappingEntry) -> Decision? {
        guard let name = r.id(.scalar(entry.key), key: "decisions") else { return nil }
        var d = Decision(name: name, range: entry.value.range)
        if case .scalar = entry.value {
            d.next = r.id(entry.value, key: name.value)
            return d
        }
        guard let f = r.mapping(entry.value, what: "decision \"\(name.value)\"", keys: Self.decisionKeys, required: LanguageKeys.decision.required) else { return nil }
        d.next = r.id(f["next"])
        d.title = r.text(f["title"])
        d.requestSupplement = r.boolean(f["request-supplement"]) ?? false
        d.needsMaterials = r.boolean(f["needs-materials"]) ?? true
        if let p = f["pause"], case .scalar(let s) = p.value, let kind = PauseKind.allCases.first(where: { $0.chineseTitle == s.value }) {
            // The Chinese name is what the history and notices show; the file names the keyword.
            r.report(RuleID.invalidValue, "invalid value \"\(s.value)\" for \"pause\"; write the keyword \"\(kind.rawValue)\" (\(kind.chineseTitle) is how the history and notices name it)",
                     at: s.range)
        } else {
            d.pause = r.choice(f["pause"], as: PauseKind.self)
        }
        d.expected = r.duration(f["expected"])
        d.resume = r.boolean(f["resume"]) ?? false
        d.extend = r.duration(f["extend"])
        d.notify = decodeNotices(f["notify"])
        if let p = f["pause"], d.resume {
            r.report(RuleID.conflictingKeys, "decision \"\(name.value)\" both pauses and resumes the clock", at: p.key.range)
        }
        if let n = f["needs-materials"], d.requestSupplement, !d.needsMaterials {
            // A request for supplement is taken without the materials anyway: the key would only mislead.
            r.report(RuleID.conflictingKeys, "decision \"\(name.value)\" requests a supplement, which needs no materials; leave out \"needs-materials\"",
                     at: n.key.range)
        }
        if let e = f["expected"], !f.has("pause") {
            r.report(RuleID.missingKey, "\"expected\" needs a \"pause\" on the same decision: it says how long the pause takes", at: e.key.range)
        }
        return d
    }

    mutating func decodeParallel(_ node: Node, name: String, insideBranch: Bool) -> Step? {
        // A `next:` indented into the block is one mistake, not a missing key plus an unknown one.
        var node = node
        var misplacedNext: MappingEntry?
        if case .mapping(var entries, let range) = node, !entries.contains(where: { $0.key.value == "next" }),
           let i = entries.firstIndex(where: { $0.key.value == "parallel" }), case .mapping(var inner, let innerRange) = entries[i].value,
           let j = inner.firstIndex(where: { $0.key.value == "next" }) {
            misplacedNext = inner.remove(at: j)
            entries[i].value = .mapping(inner, innerRange)
            node = .mapping(entries + [misplacedNext!], range)
            r.report(RuleID.unknownKey, "\"next\" is inside \"parallel\" of \(name); it belongs to the step: indent it to the level of \"parallel:\"",
                     at: misplacedNext!.key.range)
        }
        guard let f = r.mapping(node, what: name, keys: LanguageKeys.parallel.keys, required: LanguageKeys.parallel.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs), let body = f["parallel"]
        else { return nil }
        if insideBranch {
            r.report(RuleID.nestedParallel, "parallel block \"\(id.value)\" is inside a branch of another parallel block; put it after the outer block instead", at: id.range)
        }
        var block = ParallelBlock()
        if let p = r.mapping(body.value, what: "\"parallel\" of \(name)", keys: LanguageKeys.parallelBody.keys, required: LanguageKeys.parallelBody.required) {
            block.join = decodeJoin(p["join"])
            block.branches = r.list(p["branches"]).compactMap { decodeBranch($0) }
            if let b = p["branches"], Self.isEmptyList(b.value) {
                r.report(RuleID.missingKey, "parallel block \"\(id.value)\" needs at least one branch", at: b.value.range)
            }
        }
        return Step(id: id, title: r.text(f["title"]), kind: .parallel(block), next: r.id(f["next"]), range: f.range)
    }

    mutating func decodeJoin(_ entry: MappingEntry?) -> Located<Join>? {
        guard let entry, case .scalar(let s) = entry.value else {
            if let entry { r.report(RuleID.wrongType, "expected all, any or a number for \"join\", found \(r.describe(entry.value))", at: entry.value.range) }
            return nil
        }
        switch s.value {
        case "all": return Located(.all, at: s.range)
        case "any": return Located(.any, at: s.range)
        default:
            guard s.style == .plain, let n = Int(s.value), n >= 1 else {
                r.report(RuleID.invalidValue, "invalid value \"\(s.value)\" for \"join\"; expected all, any or a whole number of branches ≥ 1", at: s.range)
                return nil
            }
            return Located(.count(n), at: s.range)
        }
    }

    mutating func decodeBranch(_ node: Node) -> Branch? {
        guard let f = r.mapping(node, what: "a branch", keys: LanguageKeys.branch.keys, required: LanguageKeys.branch.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs)
        else { return nil }
        let steps = r.list(f["steps"]).compactMap { decodeStep($0, insideBranch: true) }
        if let e = f["steps"], Self.isEmptyList(e.value) {
            r.report(RuleID.missingKey, "branch \"\(id.value)\" needs at least one step", at: e.value.range)
        }
        return Branch(id: id, title: r.text(f["title"]), steps: steps)
    }

    mutating func decodeRoute(_ node: Node, name: String) -> Step? {
        guard let f = r.mapping(node, what: name, keys: LanguageKeys.route.keys, required: LanguageKeys.route.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs)
        else { return nil }
        var arms: [RouteArm] = []
        for item in r.list(f["route"]) {
            guard let a = r.mapping(item, what: "a route entry", keys: LanguageKeys.routeEntry.keys) else { continue }
            if let o = a["otherwise"] {
                if let w = a["when"] ?? a["next"] {
                    r.report(RuleID.conflictingKeys, "an \"otherwise\" entry takes no \"\(w.key.value)\"; write `- otherwise: target`", at: w.key.range)
                }
                arms.append(RouteArm(condition: nil, isOtherwise: true, next: r.id(o), range: a.range))
            } else if a["when"] == nil || a["next"] == nil {
                r.report(RuleID.missingKey, "a route entry needs \"when\" and \"next\", or \"otherwise\"", at: SourceRange(at: a.range.start))
            } else {
                arms.append(RouteArm(condition: expression(a["when"]), next: r.id(a["next"]), range: a.range))
            }
        }
        return Step(id: id, title: r.text(f["title"]), kind: .route(arms), range: f.range)
    }

    mutating func decodeWait(_ node: Node, name: String) -> Step? {
        guard let f = r.mapping(node, what: name, keys: LanguageKeys.wait.keys, required: LanguageKeys.wait.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs)
        else { return nil }
        return Step(id: id, title: r.text(f["title"]), kind: .wait(r.duration(f["wait"])), next: r.id(f["next"]), range: f.range)
    }

    mutating func decodeCall(_ node: Node, name: String) -> Step? {
        guard let f = r.mapping(node, what: name, keys: LanguageKeys.call.keys, required: LanguageKeys.call.required),
            let id = r.definitionID(f["id"], reserved: Self.reservedTargetIDs), let flow = r.id(f["call"])
        else { return nil }
        var mapped: [(outcome: Located<String>, target: Located<String>)] = []
        if let e = f["outcomes"] {
            if case .mapping(let entries, _) = e.value {
                for entry in entries {
                    if let o = r.id(.scalar(entry.key), key: "outcomes"), let t = r.id(entry.value, key: entry.key.value) {
                        mapped.append((o, t))
                    }
                }
            } else {
                r.report(RuleID.wrongType, "expected a mapping of the called flow's outcomes to targets for \"outcomes\", found \(r.describe(e.value))", at: e.value.range)
            }
        }
        return Step(id: id, title: r.text(f["title"]), kind: .call(SubflowCall(flow: flow, outcomes: mapped)), range: f.range)
    }
}
