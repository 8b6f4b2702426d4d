import ShenpiMachine

/// Folding events into state: the only place state changes. `step` emits
/// events through this same function, so `replay(events)` of an accepted
/// history always rebuilds the snapshot.
extension CaseState {
    /// The state after `event`. Total: an event that does not fit (which an
    /// engine-written history never contains) changes only the version.
    public func applying(_ event: CaseEvent) -> CaseState {
        var s = self
        s.apply(event)
        return s
    }

    /// Rules 2: what is awaited is what the waiting steps still ask for; a
    /// step that left without its materials (cancelled, or decided) asks no more.
    mutating func owe(_ list: [String]) {
        for id in list where !awaitingSupplement.contains(id) { awaitingSupplement.append(id) }
    }

    mutating func dropUnowedSupplement() {
        guard !awaitingSupplement.isEmpty else { return }
        var owed: Set<String> = []
        for i in tokens.indices { if let list = tokens[i].awaiting { owed.formUnion(list) } }
        if owed.count != awaitingSupplement.count { awaitingSupplement = awaitingSupplement.filter(owed.contains) }
    }

    public mutating func apply(_ event: CaseEvent) {
        version = event.version
        updatedAt = event.at
        // Facts that change nothing else, matched by case alone: the switch
        // below copies the whole fact (its texts) before it matches.
        switch event.fact {
        case .decided, .notified, .extended, .withdrawn: return
        default: break
        }
        switch event.fact {
        case .submitted(let caseID, let machine, let fields, let materials, let channel, let rules):
            self.rules = rules
            id = caseID
            machineFingerprint = machine
            self.fields = fields
            submitted = MaterialSet(materials)
            status = channel == .window ? .active : .preSubmitted
            if channel == .window { receivedAt = event.at }
        case .received:
            status = .active
            receivedAt = event.at
        case .decided, .notified:
            break
        case .timerFired(let id, _):
            removeTimers(id)
        case .accepted(let deemed, let clockStart):
            acceptedAt = clockStart
            deemedAccepted = deemed
        case .supplementRequested(_, let missing, let returned):
            // Rules 2: what is awaited is what the waiting steps ask for
            // (`Token.awaiting`); the request adds its list, and the step that
            // waits for it carries it.
            if ruleset < 2 { awaitingSupplement = missing } else { owe(missing) }
            if let returned { submitted = submitted.subtracting(MaterialSet(returned)) }
        case .supplemented(let materials, let stillAwaited):
            submitted = submitted.union(MaterialSet(materials))
            awaitingSupplement = stillAwaited
            // Rules 2: each waiting step's own list loses what was handed in.
            if ruleset >= 2 {
                for i in tokens.indices where tokens[i].awaiting != nil { tokens[i].awaiting = tokens[i].awaiting?.filter(stillAwaited.contains) }
            }
            receivedAt = event.at
        case .specialProcedureStarted(let reason, _, let step):
            if let step {
                specialProcedures = (specialProcedures ?? []) + [SpecialProcedureHold(reason: reason, step: step)]
                specialProcedure = specialProcedures?.first?.reason
            } else {
                specialProcedure = reason
            }
        case .specialProcedureEnded(let step):
            if let step, var held = specialProcedures, let i = held.firstIndex(where: { $0.step == step }) {
                held.remove(at: i)
                specialProcedures = held.isEmpty ? nil : held
                specialProcedure = held.first?.reason
            } else {
                specialProcedure = nil
                specialProcedures = nil
            }
        case .flowPaused(let reason, let branch):
            if ruleset >= 2 {
                pauseHolds = (pauseHolds ?? []) + [PauseHold(reason: reason, branch: branch)]
                flowPause = pauseHolds?.first?.reason
            } else {
                flowPause = reason
            }
        case .pauseExpected:
            // Said in the notice; nothing of the state changes.
            break
        case .flowResumed(let branch):
            if ruleset >= 2, var holds = pauseHolds {
                if let i = holds.firstIndex(where: { $0.branch == branch }) { holds.remove(at: i) }
                pauseHolds = holds.isEmpty ? nil : holds
                flowPause = holds.first?.reason
            } else {
                flowPause = nil
            }
        case .extended, .withdrawn:
            break
        case .entered(let token):
            tokens.append(token)
            nextToken = max(nextToken, token.id + 1)
            if let list = token.awaiting { owe(list) }
        case .left(let token, _):
            let asked = tokenIndex(token).map { tokens[$0].awaiting != nil } ?? false
            removeTokens(token)
            if asked { dropUnowedSupplement() }
        case .joinOpened(let block):
            joins[block] = 0
        case .joinCounted(let block, let count):
            joins[block] = count
        case .joinClosed(let block):
            joins[block] = nil
        case .clockStarted(let clock, let record):
            update(clock) { $0 = record }
        case .clockChanged(let clock, let entry, let due, let warnAt):
            update(clock) { $0?.record(entry, due: due, warnAt: warnAt) }
        case .applicantReturned(let token):
            if let i = tokenIndex(token) {
                tokens[i].awaitingApplicant = false
                tokens[i].awaiting = nil
            }
        case .timerScheduled(let timer):
            removeTimers(timer.id)
            pendingTimers.append(timer)
        case .timerCancelled(let id):
            removeTimers(id)
        case .finished(let outcome, let onTime):
            status = .finished(outcome: outcome)
            finishedAt = event.at
            self.onTime = onTime
        case .rated(let rating):
            self.rating = rating
            // A 差评 after a dissatisfied callback was followed up is a new
            // complaint, followed up on its own (before such follow-ups were
            // allowed no case had one before its rating: a no-op for them).
            if rating.isNegative { followUp = nil }
        case .followedUp(let followUp):
            self.followUp = followUp
            // The applicant is called back about the follow-up: a new round.
            callback = nil
        case .calledBack(let callback):
            self.callback = callback.result
        }
    }

    mutating func removeTimers(_ id: String) {
        // Compared where they are: reading `pendingTimers[i].id` copied
        // (retained and released) every id the scan passed.
        var from = 0
        while true {
            let found = pendingTimers.withUnsafeBufferPointer { timers in
                var i = from
                while i < timers.count {
                    if timers[i].id == id { return i }
                    i += 1
                }
                return -1
            }
            guard found >= 0 else { return }
            pendingTimers.remove(at: found)
            from = found
        }
    }

    mutating func removeTokens(_ id: Int) { Self.remove(id, from: &tokens) }

    /// Removes the elements with this id by index, one at a time. Not
    /// `removeAll`: it makes the array unique (copying a shared one) even
    /// when nothing matches.
    private static func remove<Element: Identified>(_ id: Element.ID, from list: inout [Element]) {
        var i = 0
        while i < list.count {
            guard list[i].id == id else { i += 1; continue }
            list.remove(at: i)
        }
    }

    /// What `read` takes from token `i`, read in place: `tokens[i].field`
    /// copied the whole token (its clock) first.
    func readToken<T>(_ i: Int, _ read: (borrowing Token) -> T) -> T {
        tokens.withUnsafeBufferPointer { read($0[i]) }
    }

    /// `tokens.firstIndex { $0.id == id }` without copying the tokens.
    func tokenIndex(_ id: Int) -> Int? {
        for i in tokens.indices where tokens[i].id == id { return i }
        return nil
    }

    mutating func update(_ clock: ClockID, _ change: (inout ClockRecord?) -> Void) {
        switch clock {
        case .caseClock:
            change(&caseClock)
        case .step(let token):
            guard let i = tokenIndex(token) else { return }
            change(&tokens[i].clock)
        }
    }

    /// The state an accepted history leads to, from an empty case.
    public static func replay(_ events: [CaseEvent]) -> CaseState {
        var s = CaseState(id: "")
        for e in events { s.apply(e) }
        return s
    }
}

/// What `CaseState.remove(_:from:_:)` matches elements by.
protocol Identified {
    associatedtype ID: Equatable
    var id: ID { get }
}

extension Token: Identified {}
extension PendingTimer: Identified {}
