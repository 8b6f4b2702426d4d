import ShenpiCalendar
import ShenpiMachine

/// The commands, each checked completely before its first event.
extension Stepper {
    mutating func submit(_ fields: [String: FieldValue], _ materials: [String], _ channel: Channel, by: Actor?, rules: Int?,
                         fingerprint: String) throws(EngineError) {
        try checkFields(fields)
        let indexes = try materialIndexes(materials)
        actForApplicant(by)
        emit(.submitted(caseID: state.id, machine: fingerprint, fields: fields, materials: indexes, channel: channel, rules: rules))
        if channel == .window { try enterStart() }
    }

    mutating func receive(_ by: Actor) throws(EngineError) {
        // Who may receive first, as for a pre-submitted case: a caller without
        // the window's role learns nothing of how the case came in.
        let window = windowRoles
        if !window.isEmpty { try require(by, anyOf: window, to: "receive the application") }
        guard state.status == .preSubmitted else { throw .notPreSubmitted }
        act(as: by)
        emit(.received)
        try enterStart()
    }

    mutating func decide(_ name: String, _ decision: String, _ by: Actor, _ comment: String?, defective: [String],
                         expected: TimeLimit? = nil) throws(EngineError) {
        guard state.status == .active else {
            if state.status == .preSubmitted, machine.node(name) == nil { throw .nodeUnknown(name) }
            throw state.status == .preSubmitted ? .notReceived(node: name) : .notSubmitted
        }
        guard let i = activeToken(named: name) else {
            throw machine.node(name) == nil ? .nodeUnknown(name) : .nodeNotActive(name)
        }
        let (token, node, previousDecider) = state.readToken(i) { ($0.id, $0.node, $0.previousDecider) }
        act(as: by)
        if let task = machine.tasks[node] {
            guard let ti = task.transitionIndex(named: decision) else {
                throw .unknownDecision(node: name, decision: decision, expected: task.transitions.map(\.name))
            }
            guard by.holds(task.role) else { throw .actorLacksRole(actor: by.id, role: task.role) }
            if task.fourEyes, let previous = previousDecider, previous == by.id {
                throw .fourEyesViolated(node: name, actor: by.id)
            }
            let returned = try defectiveMaterials(defective, node: name, decision: decision, requestsSupplement: task.transitions[ti].requestSupplement)
            if expected != nil && task.transitions[ti].pause == nil { throw .expectedWithoutPause(node: name, decision: decision) }
            // A decision that keeps the case at this step (an extension, an
            // expert review) rules on nothing, so it needs no materials (under
            // every rules: it only permits what was refused).
            let staysHere = task.transitions[ti].target == .node(node)
            if !task.transitions[ti].requestSupplement && task.transitions[ti].withoutMaterials != true && !staysHere
                && !isRefusal(task.transitions[ti].target) {
                let missing = missingMaterials(at: task)
                if !missing.isEmpty { throw .materialsMissing(node: name, missing: missing.map { machine.materials[$0].id }) }
            }
            return try perform(ti, token: token, node: node, comment: comment, returned: returned, expected: expected)
        }
        if !defective.isEmpty { throw .defectiveWithoutSupplement(node: name, decision: decision) }
        if expected != nil { throw .expectedWithoutPause(node: name, decision: decision) }
        switch machine.nodes[node].kind {
        case .task:
            break
        case .call(_, let outcomes):
            // A call is completed by the called flow's outcome id (sub-case execution is the host's).
            guard let target = outcomes[decision] else {
                throw .unknownDecision(node: name, decision: decision, expected: outcomes.keys.sorted())
            }
            // Rules 8: the sub-case's outcome moves the case, not an officer: automatic, under the sub-case's name.
            if state.ruleset >= 8 { automatic = true }
            record(.decided(node: node, decision: .text(text(decision)), comment: comment.map { text($0) }))
            decisionComment = comment
            // An acceptance it brings is a decision on the merits, not a timeout's deemed one.
            let moved = automatic
            automatic = false
            try acceptIfMovingOn(from: node, to: target)
            automatic = moved
            leave(token, cancelled: false)
            try move(to: target, decider: .officer, block: machine.nodes[node].block)
        case .parallel, .route, .wait:
            throw .notDecidable(name)
        }
    }

    mutating func supplement(_ materials: [String], by: Actor?) throws(EngineError) {
        guard state.status == .active || state.status == .preSubmitted else { throw .notSubmitted }
        guard !materials.isEmpty else { throw .emptySupplement }
        let indexes = try materialIndexes(materials)
        actForApplicant(by)
        let handed = Set(materials)
        emit(.supplemented(materials: indexes, stillAwaited: state.awaitingSupplement.filter { !handed.contains($0) }))
        // The ball is back with the officers only once everything the one-time
        // notice (一次性告知) asked for is in: until then the intake clock stays
        // stopped, so silence cannot "deem" an incomplete case accepted.
        if state.ruleset >= 2 { return try returnSupplied() }
        guard state.awaitingSupplement.isEmpty else { return }
        for token in tokenIDs(where: \.awaitingApplicant) {
            record(.applicantReturned(token: token))
            try startStepClock(token, supplied: true)
        }
    }

    /// Rules 2: each waiting step goes on once what its own request asked
    /// for is in (two branches' requests are awaited together, and answered
    /// apart).
    mutating func returnSupplied() throws(EngineError) {
        // Copied out: returning one changes the tokens.
        var ready: [Int] = []
        // A waiting step without its own list (none is entered so under rules 2) waits for everything.
        for i in state.tokens.indices where state.tokens[i].awaitingApplicant
            && (state.tokens[i].awaiting.map(\.isEmpty) ?? state.awaitingSupplement.isEmpty) {
            ready.append(state.tokens[i].id)
        }
        for token in ready {
            // A request that also stopped the clock for 补正 (`pause: supplement`)
            // ends when what it asked for is in: the clock runs again from the
            // receipt, not from whenever an officer next decides.
            let branch = branchRef(ofToken: token)
            if state.pauseHolds?.contains(where: { $0.branch == branch && $0.reason == PauseReason.supplement.rawValue }) == true {
                emit(.flowResumed(branch: branch))
                if state.pauseHolds == nil, state.specialProcedure == nil { try resumeClocks() }
            }
            record(.applicantReturned(token: token))
            try startStepClock(token, supplied: true)
        }
    }

    mutating func extend(_ amount: Int, by approver: Actor, reason: String?) throws(EngineError) {
        // The language bounds every duration to 9999; an extension is no longer.
        guard amount > 0, amount <= 9999 else { throw .badExtension(amount) }
        guard let clock = state.caseClock, clock.completedAt == nil else { throw .notAccepted }
        if let allowance = machine.limits.extensionAllowance {
            if allowance.allowsNone { throw .extensionNotAllowed }
            // Art. 42: approved by the head of the agency, as the flow names it.
            try require(approver, anyOf: allowance.by.map { [$0] } ?? [], to: "extend the limit")
        } else {
            try require(approver, anyOf: rolesAhead, to: "extend the limit")
        }
        try checkExtensionAllowance(amount)
        act(as: approver)
        // Past the due instant the clock refuses any extension and says so;
        // before it, a refusal is the calendar's (its data ending, say).
        let pastDue = clock.due.map { now >= $0 } ?? false
        // Rules 8: Art. 42 extends the law's limit. Past the promise, while
        // the legal limit still runs, it extends that one alone: the case
        // stays late on its promise, but is not unlawfully late (违法超期)
        // after a lawful extension (under 7 it was refused).
        if pastDue, state.ruleset >= 8, machine.limits.promised != nil, let due = clock.due,
           let legal = clock.legalLimit(machine.limits, calendar: calendar, at: now, rules: state.ruleset) {
            if legal.overdue {
                throw .clock("cannot extend at \(now): the promised limit ran out at \(due), and the legal limit "
                             + (legal.due.map { "at \($0)" } ?? "too"))
            }
            // In the legal limit's unit, as it counts it (hours against days round down).
            let added = ClockRecord.converted(amount, from: clock.limit.unit, to: legal.limit.unit, calendar)
            guard added > 0 else {
                throw .clock("an extension of \(TimeLimit(amount, clock.limit.unit)) adds nothing to the legal limit of \(legal.limit)")
            }
            try changeClock(.caseClock, .extended(at: now, by: amount, approver: text(approver.id)))
            emit(.extended(by: amount, approver: approver.id, reason: reason))
            guard let reason else { return }
            let extended = state.caseClock?.legalLimit(machine.limits, calendar: calendar, at: now, rules: state.ruleset)?.due
            notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）经批准延长法定办理期限\(TemplateRenderer.duration(TimeLimit(added, legal.limit.unit)))，"
                            + "理由：\(TemplateRenderer.reason(quote(reason)))。"
                            + (extended.map { "延长后的法定办理期限至\(TemplateRenderer.dueDate($0, rules: state.ruleset))。" } ?? "延长后的法定办理期限待恢复计时后另行告知。"))
            return
        }
        do {
            try extendCaseClock(by: amount, approver: approver.id, reason: reason)
        } catch .clock(let why) where !pastDue {
            throw .clock("an extension of \(TimeLimit(amount, clock.limit.unit)) cannot be counted: \(why)")
        }
        // Art. 42: the applicant is told why, and the new due date.
        guard let reason else { return }
        // In the case clock's unit (a limit in minutes counts whole hours).
        notifyApplicant("您的\(machine.title)申请（受理编号\(state.applicantNumber)）经批准延长办理期限\(TemplateRenderer.duration(TimeLimit(amount, clock.limit.unit)))，"
                        + "理由：\(TemplateRenderer.reason(quote(reason)))。"
                        + (place.pointee.caseDue.due == nil ? "办结日期待恢复计时后另行告知。" : "延长后的办结日期为\(dueText)。"))
    }

    mutating func withdraw(_ reason: String?, by: Actor?) throws(EngineError) {
        guard let o = machine.outcomes.firstIndex(where: { $0.kind == "withdrawn" }) else { throw .noWithdrawOutcome }
        actForApplicant(by)
        // Rules 8: a sub-case its parent no longer waits for is withdrawn by
        // the engine (in the parent's name), not by anyone who chose to.
        if state.ruleset >= 8, let by, state.isSubcase(of: by.id) { automatic = true }
        emit(.withdrawn(reason: reason))
        try finish(o)
    }

    mutating func rate(_ level: Int, _ comment: String?, by: Actor?) throws(EngineError) {
        guard isFinished else { throw .notFinished }
        guard state.rating == nil else { throw .alreadyRated }
        guard (1...5).contains(level) else { throw .badRating(level) }
        actForApplicant(by)
        let rating = Rating(level: level, comment: comment)
        emit(.rated(rating))
        // 差评 go to the flow's named roles at once (派单), not only to the
        // next report: the follow-up runs from the rating day.
        if rating.isNegative, !machine.negativeRatingTo.isEmpty {
            let said = comment.flatMap { TemplateRenderer.saysSomething($0) ? "：“\(quote($0))”" : nil } ?? ""
            let text = "差评待整改反馈：\(machine.title)事项（受理编号\(state.id)）评价 \(level) 分（\(rating.title)）\(said)。"
                + "请核实，整改或说明后向申请人反馈。"
            for role in machine.negativeRatingTo { notifyRole(role, text) }
        }
    }

    mutating func followUp(_ result: FollowUpResult, _ comment: String, by: Actor) throws(EngineError) {
        // A 差评 is followed up, and so is a callback that found the applicant
        // dissatisfied whatever the rating (none, or 3 to 5): what they told
        // the caller is a complaint too. Only a finished case is rated or
        // called back, so this covers an active one.
        let negative = state.rating?.isNegative ?? false
        if state.followUp == nil {
            guard negative || state.callback == .dissatisfied else {
                guard let rating = state.rating else { throw .notRated }
                throw .notNegative(level: rating.level)
            }
        } else {
            // Once, unless the applicant, called back about it, was not satisfied: then again.
            guard state.callback == .dissatisfied else { throw .alreadyFollowedUp }
        }
        guard TemplateRenderer.saysSomething(comment) else { throw .followUpWithoutComment }
        act(as: by)
        emit(.followedUp(FollowUp(result: result, comment: comment)))
        // 已反馈: the applicant is told in writing what came of the 差评 or
        // of what they said on the phone; the comment is written to them. A
        // question keeps its mark.
        let what = result == .rectified ? "整改情况" : "核实情况"
        let told = TemplateRenderer.reason(quote(comment))
        let stop = told.hasSuffix("？") || told.hasSuffix("?") ? "" : "。"
        let about = negative ? "您对\(machine.title)事项（受理编号\(state.applicantNumber)）的评价"
            : "您在回访中对\(machine.title)事项（受理编号\(state.applicantNumber)）反映的问题"
        notifyApplicant("\(about)已核实处理，\(what)：\(told)\(stop)感谢您的监督。")
    }

    mutating func callBack(_ result: CallbackResult, _ comment: String?, by: Actor) throws(EngineError) {
        guard isFinished else { throw .callbackBeforeFinish }
        if let done = state.callback, done.reached { throw .alreadyCalledBack(done) }
        // A dissatisfied applicant's words are what the center follows up.
        if result == .dissatisfied, !(comment.map(TemplateRenderer.saysSomething) ?? false) { throw .callbackWithoutComment }
        act(as: by)
        emit(.calledBack(Callback(result: result, comment: comment)))
        // Rules 5: a dissatisfied applicant goes to the 差评 roles at once
        // (派单), as a 差评 does: the follow-up runs from the call.
        if result == .dissatisfied, state.ruleset >= 5, !machine.negativeRatingTo.isEmpty, let comment {
            let text = "回访不满意待整改反馈：\(machine.title)事项（受理编号\(state.id)）回访中申请人不满意：“\(quote(comment))”。"
                + "请核实，整改或说明后向申请人反馈。"
            for role in machine.negativeRatingTo { notifyRole(role, text) }
        }
    }

    // MARK: helpers

    /// The index of the (first) token standing on the node named `name`.
    /// With unique node ids, a token whose node has that id is the first
    /// token on that node, so the few active tokens are compared before any
    /// hashing; otherwise the node is looked up by id and its token searched.
    mutating func activeToken(named name: String) -> Int? {
        if machine.nodeIDsAreUnique {
            for i in state.tokens.indices {
                let n = state.tokens[i].node
                if n >= 0, n < machine.nodes.count, machine.nodes[n].id == name { return i }
            }
        }
        guard let node = machine.node(name) else { return nil }
        return state.tokens.indices.first { state.tokens[$0].node == node }
    }

    /// Unknown fields first (by name), then each field in machine order:
    /// invalid or missing.
    mutating func checkFields(_ fields: [String: FieldValue]) throws(EngineError) {
        // Each value matched to its field by comparing ids, and checked on
        // the field's kind: when every name is known, every value fits and
        // every required field is there, the submission is valid; else the
        // full check names the first problem in its order.
        guard machine.fieldIDsAreUnique, let required = machine.requiredFields else { return try checkFieldsSlowly(fields) }
        var given: UInt64 = 0
        for (name, value) in fields {
            guard let i = machine.fieldIndex(comparing: name), value.fits(machine.fieldKinds[i], machine.fields[i])
            else { return try checkFieldsSlowly(fields) }
            given |= 1 << UInt64(i)
        }
        if given & required != required { try checkFieldsSlowly(fields) }
    }

    mutating func checkFieldsSlowly(_ fields: [String: FieldValue]) throws(EngineError) {
        if fields.keys.contains(where: { machine.field($0) == nil }) {
            for name in fields.keys.sorted() where machine.field(name) == nil { throw .unknownField(name) }
        }
        for spec in machine.fields {
            if let value = fields[spec.id] {
                if let reason = spec.problem(with: value) { throw .invalidField(field: spec.id, reason: reason) }
            } else if spec.required {
                throw .missingField(spec.id)
            }
        }
    }

    /// The materials a decision names defective (Art. 32: not in legal form),
    /// as indexes: only with a request for supplement, and only materials
    /// handed in (one never handed in is missing already).
    mutating func defectiveMaterials(_ ids: [String], node: String, decision: String, requestsSupplement: Bool) throws(EngineError) -> MaterialSet {
        guard !ids.isEmpty else { return MaterialSet() }
        guard requestsSupplement else { throw .defectiveWithoutSupplement(node: node, decision: decision) }
        let (indexes, unknown) = machine.materialIndexes(ids)
        guard unknown.isEmpty else { throw .unknownDefective(unknown) }
        let absent = indexes.filter { !state.submitted.contains($0) }
        guard absent.isEmpty else { throw .defectiveNotHandedIn(MaterialSet(absent).map { machine.materials[$0].id }) }
        return MaterialSet(indexes)
    }

    mutating func materialIndexes(_ ids: [String]) throws(EngineError) -> [Int] {
        let (indexes, unknown) = machine.materialIndexes(ids)
        guard unknown.isEmpty else { throw .unknownMaterials(unknown) }
        return indexes
    }

    /// A refusal needs no complete file: deciding straight to a refused,
    /// not-accepted or withdrawn outcome skips the materials check.
    mutating func isRefusal(_ target: Target) -> Bool {
        if case .outcome(let o) = target { return machine.outcomes[o].kind != "granted" }
        return false
    }

    mutating func enterStart() throws(EngineError) {
        try move(to: machine.start, decider: .none)
    }
}
