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
            pendingTimers.removeEvery { $0.id == id }
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
            tokens.removeEvery { $0.id == token }
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
            if let i = tokens.firstIndex(where: { $0.id == token }) { tokens[i].awaitingApplicant = false }
        case .timerScheduled(let timer):
            pendingTimers.removeEvery { $0.id == timer.id }
            pendingTimers.append(timer)
        case .timerCancelled(let id):
            pendingTimers.removeEvery { $0.id == id }
        case .finished(let outcome, let onTime):
            status = .finished(outcome: outcome)
            finishedAt = event.at
            self.onTime = onTime
        case .rated(let rating):
            self.rating = rating
        }
    }

    private mutating func update(_ clock: ClockID, _ change: (inout ClockRecord?) -> Void) {
        switch clock {
        case .caseClock:
            change(&caseClock)
        case .step(let token):
            guard let i = tokens.firstIndex(where: { $0.id == token }) else { return }
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

extension Array {
    /// `removeAll(where:)` that does not write when nothing matches (the
    /// standard one always makes the buffer unique, copying a shared array
    /// even to remove nothing), and removes a single match in place.
    mutating func removeEvery(where match: (Element) -> Bool) {
        guard let i = firstIndex(where: match) else { return }
        if self[index(after: i)...].contains(where: match) {
            removeAll(where: match)
        } else {
            remove(at: i)
        }
    }
}
