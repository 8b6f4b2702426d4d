import ShenpiCalendar
import ShenpiMachine

/// Folding the stepper's records: exactly what `apply` does with the event
/// each stands for (`StepRecord.events`; the engine tests replay the events
/// of every command and compare), read from plain data instead.
extension CaseState {
    mutating func fold(_ fact: RecordedFact, version: Int, at now: Instant, machine: MachineTables, officer: String,
                       texts: [String], started: inout StartedEntries) {
        self.version = version
        updatedAt = now
        switch fact {
        case .fact, .decided, .notified:
            break  // kept-whole facts were applied as they were recorded
        case .accepted(let deemed, let clockStart):
            acceptedAt = clockStart
            deemedAccepted = deemed
        case .entered(let id, let node, let decider, let awaitingApplicant, let waitEnds, let awaiting):
            let previous: String? = switch decider {
            case .none: nil
            case .officer: officer
            case .text(let i): texts[i]
            }
            // Room for a few more from the first: grown one at a time, the
            // list was copied to a new buffer at 1, 2 and 4 tokens.
            if tokens.isEmpty { tokens.reserveCapacity(4) }
            tokens.append(Token(id: id, node: node, block: machine.nodes[node].block, branch: machine.nodes[node].branch,
                                enteredAt: now, previousDecider: previous, awaitingApplicant: awaitingApplicant,
                                awaiting: awaiting.map { $0.map { machine.materials[$0].id } }, waitEnds: waitEnds))
            nextToken = max(nextToken, id + 1)
            if let awaiting { owe(awaiting.map { machine.materials[$0].id }) }
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
        case .clockStarted(let clock, let limit, let warnBefore, let start, let due, let warnAt, let rolls):
            let entries = started.entries(at: start)
            update(clock) {
                $0 = ClockRecord(limit: limit, warnBefore: warnBefore, entries: entries, due: due, warnAt: warnAt, rollsForward: rolls)
            }
        case .clockChanged(let clock, let change, let due, let warnAt):
            update(clock) { $0?.record(change.entry(texts: texts), due: due, warnAt: warnAt) }
        case .applicantReturned(let token):
            if let i = tokenIndex(token) {
                tokens[i].awaitingApplicant = false
                tokens[i].awaiting = nil
            }
        case .timerScheduled(let kind, let token, let at):
            let id = Stepper.timerID(kind, token)
            removeTimers(id)
            if pendingTimers.isEmpty { pendingTimers.reserveCapacity(8) }
            pendingTimers.append(PendingTimer(id: id, at: at, kind: kind, token: token))
        case .timerCancelled(let kind, let token):
            removeTimers(Stepper.timerID(kind, token))
        case .finished(let outcome, let onTime):
            status = .finished(outcome: machine.outcomes[outcome].id)
            finishedAt = now
            self.onTime = onTime
        }
    }
}

extension RecordedFact.ClockChange {
    func entry(texts: [String]) -> ClockEntry {
        switch self {
        case .paused(let at, let reason): return .paused(at: at, reason: texts[reason])
        case .resumed(let at): return .resumed(at: at)
        case .extended(let at, let by, let approver): return .extended(at: at, by: by, approver: texts[approver])
        case .completed(let at): return .completed(at: at)
        }
    }
}

/// The entries of the clocks a command starts, shared between those started
/// at one instant (a parallel block's steps, and the case clock with them):
/// one list instead of one each. A clock that records more copies its own.
struct StartedEntries {
    private var start: Instant?
    private var list: [ClockEntry] = []

    mutating func entries(at start: Instant) -> [ClockEntry] {
        if start != self.start {
            self.start = start
            list = ClockRecord.started(at: start)
        }
        return list
    }
}
