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
        var undo = UndoLog(enabled: false)
        apply(event, undo: &undo)
    }

    /// `apply`, recording in `undo` what it overwrites in place.
    mutating func apply(_ event: CaseEvent, undo: inout UndoLog) {
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
            if undo.enabled {
                undo.push(.submitted(id: id, machine: machineFingerprint, fields: self.fields, materials: submitted,
                                     status: status, receivedAt: receivedAt))
            }
            id = caseID
            machineFingerprint = machine
            self.fields = fields
            submitted = MaterialSet(materials)
            status = channel == .window ? .active : .preSubmitted
            if channel == .window { receivedAt = event.at }
        case .received:
            if undo.enabled { undo.push(.received(status: status, receivedAt: receivedAt)) }
            status = .active
            receivedAt = event.at
        case .decided, .notified:
            break
        case .timerFired(let id, _):
            removeTimers(id, &undo)
        case .accepted(let deemed, let clockStart):
            if undo.enabled { undo.push(.accepted(at: acceptedAt, deemed: deemedAccepted)) }
            acceptedAt = clockStart
            deemedAccepted = deemed
        case .supplementRequested(_, let missing):
            if undo.enabled { undo.push(.awaiting(awaitingSupplement)) }
            awaitingSupplement = missing
        case .supplemented(let materials, let stillAwaited):
            if undo.enabled { undo.push(.supplemented(materials: submitted, awaiting: awaitingSupplement, receivedAt: receivedAt)) }
            submitted = submitted.union(MaterialSet(materials))
            awaitingSupplement = stillAwaited
            receivedAt = event.at
        case .specialProcedureStarted(let reason):
            if undo.enabled { undo.push(.specialProcedure(specialProcedure)) }
            specialProcedure = reason
        case .specialProcedureEnded:
            if undo.enabled { undo.push(.specialProcedure(specialProcedure)) }
            specialProcedure = nil
        case .flowPaused(let reason):
            if undo.enabled { undo.push(.flowPause(flowPause)) }
            flowPause = reason
        case .flowResumed:
            if undo.enabled { undo.push(.flowPause(flowPause)) }
            flowPause = nil
        case .extended, .withdrawn:
            break
        case .entered(let token):
            if undo.enabled { undo.push(.tokenInserted(at: tokens.count)) }
            tokens.append(token)
            nextToken = max(nextToken, token.id + 1)
        case .left(let token, _):
            removeTokens(token, &undo)
        case .joinOpened(let block):
            if undo.enabled { undo.push(.join(block: block, was: joins[block])) }
            joins[block] = 0
        case .joinCounted(let block, let count):
            if undo.enabled { undo.push(.join(block: block, was: joins[block])) }
            joins[block] = count
        case .joinClosed(let block):
            if undo.enabled { undo.push(.join(block: block, was: joins[block])) }
            joins[block] = nil
        case .clockStarted(let clock, let record):
            update(clock) { old in
                if undo.enabled { undo.push(old == nil ? .clockStarted(clock) : .clock(clock, was: old)) }
                old = record
            }
        case .clockChanged(let clock, let entry, let due, let warnAt):
            update(clock) { record in
                guard record != nil else { return }
                if undo.enabled {
                    undo.push(.clockEntry(clock, due: record?.due, warnAt: record?.warnAt,
                                          pausedFor: record?.pausedFor, completedAt: record?.completedAt))
                }
                record?.record(entry, due: due, warnAt: warnAt)
            }
        case .applicantReturned(let token):
            if let i = tokenIndex(token) {
                if undo.enabled { undo.push(.applicantReturned(at: i, was: tokens[i].awaitingApplicant)) }
                tokens[i].awaitingApplicant = false
            }
        case .timerScheduled(let timer):
            removeTimers(timer.id, &undo)
            if undo.enabled { undo.push(.timerInserted(at: pendingTimers.count)) }
            pendingTimers.append(timer)
        case .timerCancelled(let id):
            removeTimers(id, &undo)
        case .finished(let outcome, let onTime):
            if undo.enabled { undo.push(.finished(status: status, at: finishedAt, onTime: self.onTime)) }
            status = .finished(outcome: outcome)
            finishedAt = event.at
            self.onTime = onTime
        case .rated(let rating):
            if undo.enabled { undo.push(.rating(self.rating)) }
            self.rating = rating
        }
    }

    private mutating func removeTimers(_ id: String, _ undo: inout UndoLog) {
        Self.remove(id, from: &pendingTimers) { timer, i in if undo.enabled { undo.push(.timerRemoved(timer, at: i)) } }
    }

    private mutating func removeTokens(_ id: Int, _ undo: inout UndoLog) {
        Self.remove(id, from: &tokens) { token, i in if undo.enabled { undo.push(.tokenRemoved(token, at: i)) } }
    }

    /// Removes the elements with this id by index, one at a time, handing
    /// each to `removed` with the index it had (what an undo reinserts at).
    /// Not `removeAll`: it makes the array unique (copying a shared one)
    /// even when nothing matches.
    private static func remove<Element: Identified>(_ id: Element.ID, from list: inout [Element],
                                                    _ removed: (consuming Element, Int) -> Void) {
        var i = 0
        while i < list.count {
            guard list[i].id == id else { i += 1; continue }
            removed(list.remove(at: i), i)
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
