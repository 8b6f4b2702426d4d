import ShenpiCalendar
import ShenpiMachine

/// What `CaseState.apply` overwrote, kept while `step(into:)` runs so that
/// a command refused after its first event can put the state back exactly.
/// The alternative, keeping a copy of the whole state, would keep every
/// array shared, so the first change to each would copy it.
struct UndoLog {
    /// The large payloads boxed, as in `Fact`: entries stay small to move.
    enum Entry {
        case tokenInserted(at: Int)
        indirect case tokenRemoved(Token, at: Int)
        case applicantReturned(at: Int, was: Bool)
        case timerInserted(at: Int)
        case timerRemoved(PendingTimer, at: Int)
        case join(block: Int, was: Int?)
        /// A clock started where there was none (nearly always): nothing to box.
        case clockStarted(ClockID)
        /// A clock replaced whole (`clockStarted` over an earlier one).
        indirect case clock(ClockID, was: ClockRecord?)
        /// An entry appended to a clock, with the fields it overwrote.
        indirect case clockEntry(ClockID, due: Instant?, warnAt: Instant?, pausedFor: String?, completedAt: Instant?)
        // The fields the command facts assign, as they were.
        indirect case submitted(id: String, machine: String, fields: [String: FieldValue], materials: MaterialSet,
                       status: CaseState.Status, receivedAt: Instant?)
        case received(status: CaseState.Status, receivedAt: Instant?)
        case accepted(at: Instant?, deemed: Bool)
        case awaiting([String])
        case supplemented(materials: MaterialSet, awaiting: [String], receivedAt: Instant?)
        case specialProcedure(String?)
        case flowPause(String?)
        case finished(status: CaseState.Status, at: Instant?, onTime: Bool?)
        case rating(Rating?)
    }

    /// Off for `apply` and the pure `step`, whose callers keep the old state.
    let enabled: Bool
    private var entries: [Entry] = []
    /// The counters every event changes, kept at the start.
    private var version = 0, updatedAt: Instant?, nextToken = 0

    init(enabled: Bool) { self.enabled = enabled }

    mutating func begin(_ state: CaseState) {
        (version, updatedAt, nextToken) = (state.version, state.updatedAt, state.nextToken)
    }

    /// Records `entry`; callers check `enabled` first, so that nothing is
    /// read or built for a log that is off.
    mutating func push(_ entry: consuming Entry) {
        // 15 entries of 64 bytes: an allocation malloc serves from its cache.
        if entries.isEmpty { entries.reserveCapacity(15) }
        entries.append(entry)
    }

    /// Puts `state` back as it was at `begin`.
    func rollback(_ state: inout CaseState) {
        for entry in entries.reversed() {
            switch entry {
            case .tokenInserted(let i): state.tokens.remove(at: i)
            case .tokenRemoved(let t, let i): state.tokens.insert(t, at: i)
            case .applicantReturned(let i, let was): state.tokens[i].awaitingApplicant = was
            case .timerInserted(let i): state.pendingTimers.remove(at: i)
            case .timerRemoved(let t, let i): state.pendingTimers.insert(t, at: i)
            case .join(let b, let was): state.joins[b] = was
            case .clockStarted(let id): state.update(id) { $0 = nil }
            case .clock(let id, let was): state.update(id) { $0 = was }
            case .clockEntry(let id, let due, let warnAt, let pausedFor, let completedAt):
                state.update(id) { record in
                    record?.entries.removeLast()
                    record?.due = due
                    record?.warnAt = warnAt
                    record?.pausedFor = pausedFor
                    record?.completedAt = completedAt
                }
            case .submitted(let id, let machine, let fields, let materials, let status, let receivedAt):
                (state.id, state.machineFingerprint, state.fields, state.submitted) = (id, machine, fields, materials)
                (state.status, state.receivedAt) = (status, receivedAt)
            case .received(let status, let receivedAt): (state.status, state.receivedAt) = (status, receivedAt)
            case .accepted(let at, let deemed): (state.acceptedAt, state.deemedAccepted) = (at, deemed)
            case .awaiting(let ids): state.awaitingSupplement = ids
            case .supplemented(let materials, let awaiting, let receivedAt):
                (state.submitted, state.awaitingSupplement, state.receivedAt) = (materials, awaiting, receivedAt)
            case .specialProcedure(let reason): state.specialProcedure = reason
            case .flowPause(let reason): state.flowPause = reason
            case .finished(let status, let at, let onTime): (state.status, state.finishedAt, state.onTime) = (status, at, onTime)
            case .rating(let rating): state.rating = rating
            }
        }
        (state.version, state.updatedAt, state.nextToken) = (version, updatedAt, nextToken)
    }
}
