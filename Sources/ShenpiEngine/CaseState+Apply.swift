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
        case .submitted(let caseID, let machine, let fields, let materials, let channel):
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
        case .supplementRequested(_, let missing):
            awaitingSupplement = missing
        case .supplemented(let materials, let stillAwaited):
            submitted = submitted.union(MaterialSet(materials))
            awaitingSupplement = stillAwaited
            receivedAt = event.at
        case .specialProcedureStarted(let reason):
            specialProcedure = reason
        case .specialProcedureEnded:
            specialProcedure = nil
        case .flowPaused(let reason):
            flowPause = reason
        case .flowResumed:
            flowPause = nil
        case .extended, .withdrawn:
            break
        case .entered(let token):
            tokens.append(token)
            nextToken = max(nextToken, token.id + 1)
        case .left(let token, _):
            removeTokens(token)
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
            if let i = tokenIndex(token) { tokens[i].awaitingApplicant = false }
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
        }
    }

    // `removeAll { $0.id == id }` on the tokens and timers, by index: the
    // standard one makes the array unique (copying a shared one) even when
    // nothing matches, and its closure copied every element it looked at.

    private mutating func removeTimers(_ id: String) {
        var first = -1, more = false
        for i in pendingTimers.indices where pendingTimers[i].id == id {
            if first >= 0 { more = true; break }
            first = i
        }
        if more { pendingTimers.removeAll { $0.id == id } } else if first >= 0 { pendingTimers.remove(at: first) }
    }

    private mutating func removeTokens(_ id: Int) {
        var first = -1, more = false
        for i in tokens.indices where tokens[i].id == id {
            if first >= 0 { more = true; break }
            first = i
        }
        if more { tokens.removeAll { $0.id == id } } else if first >= 0 { tokens.remove(at: first) }
    }

    /// `tokens.firstIndex { $0.id == id }` without copying the tokens.
    func tokenIndex(_ id: Int) -> Int? {
        for i in tokens.indices where tokens[i].id == id { return i }
        return nil
    }

    private mutating func update(_ clock: ClockID, _ change: (inout ClockRecord?) -> Void) {
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
