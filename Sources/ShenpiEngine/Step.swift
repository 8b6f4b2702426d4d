import ShenpiCalendar
import ShenpiExpression
import ShenpiMachine

/// The result of an accepted command: the next state, the facts recorded,
/// and what the host must do.
public struct CaseTransition: Sendable, Hashable {
    public var state: CaseState
    public var events: [CaseEvent]
    /// What the host must do, read off `events` (`Effect.of`).
    public var effects: [Effect] { Effect.of(events) }
}

/// Applies one command to a case. Pure: no wall clock (`now` is given), no
/// I/O; the same inputs give the same transition. A refused command is an
/// `EngineError` and changes nothing.
public func step(_ machine: Machine, _ state: CaseState, _ command: Command, at now: Instant,
                 calendar: WorkingCalendar) -> Result<CaseTransition, EngineError> {
    var next = state
    var record = StepRecord()
    return Stepper.run(machine, &next, command, at: now, calendar: calendar, inPlace: false, into: &record).map {
        CaseTransition(state: next, events: record.events)
    }
}

/// The same transition made on the caller's state in place: for callers
/// that do not keep the state before it, the arrays the command changes are
/// changed where they are instead of copied. A refused command leaves
/// `state` exactly as it was: a command that could still be refused after
/// its first event (`CaseState.mayRefuseLate`: the calendar, route loops)
/// runs on a copy, every other one is checked completely before its first
/// event.
public func step(_ machine: Machine, into state: inout CaseState, _ command: Command, at now: Instant,
                 calendar: WorkingCalendar) throws(EngineError) -> StepRecord {
    var record = StepRecord()
    try step(machine, into: &state, command, at: now, calendar: calendar, recording: &record)
    return record
}

/// `step(into:)` recording into `record`, whose buffers it keeps: a host
/// that reads each command's events before the next (or never) allocates
/// nothing for them. A refused command leaves `record` empty.
public func step(_ machine: Machine, into state: inout CaseState, _ command: Command, at now: Instant,
                 calendar: WorkingCalendar, recording record: inout StepRecord) throws(EngineError) {
    guard !state.mayRefuseLate(command, machine: machine.tables, calendar: calendar, at: now) else {
        var next = state
        try Stepper.run(machine, &next, command, at: now, calendar: calendar, inPlace: false, into: &record).get()
        state = next
        return
    }
    try Stepper.run(machine, &state, command, at: now, calendar: calendar, inPlace: true, into: &record).get()
}

/// One command in progress. Every change goes through `record` (or `emit`
/// for the facts kept whole), which folds the fact into `state`: what is
/// recorded is exactly what changed.
struct Stepper {
    /// The machine's tables: one reference, so a stepper does not copy
    /// every array of the machine (`Machine.tables`).
    let machine: MachineTables
    let calendar: WorkingCalendar
    let now: Instant
    /// The state changed, where the caller keeps it: moving a state into
    /// the stepper and back copied it, and an array still referenced by the
    /// caller's copy is copied whole by its first change. Valid for the
    /// stepper's life, which never leaves `run` (or `withStepper`).
    let place: UnsafeMutablePointer<CaseState>
    var state: CaseState {
        unsafeAddress { UnsafePointer(place) }
        nonmutating unsafeMutableAddress { place }
    }
    var records: [Record]
    /// The texts the records refer to, and the facts kept whole.
    var texts: [String]
    var facts: [Fact]
    var bytes: [UInt8]
    /// Who the events of the moment are recorded for; `officer` is the id
    /// of the command's officer, once one acts.
    var actor = ActorRef.system
    var officer = ""
    var automatic = false
    /// The command is a timer's: the midnight rules (rules 8) count the day
    /// only for the engine's own moves, which `automatic` alone does not
    /// tell (an officer's decision firing a join releases its holds
    /// automatically, at the officer's instant).
    var byTimer = false
    /// How many joins this command closed: a block's branches, entered one
    /// by one, need to look the join up again only after one did.
    var joinsClosed = 0
    var started = StartedEntries()
    /// The comment of the decision this command took, for `{decision.comment}`.
    var decisionComment: String?
    /// How long the pause of the decision this command took is expected to take, for `{pause.expected}`.
    var pauseExpected: Limit?
    /// The evaluation context of this command's conditions, built on first
    /// use and dropped when an event changes the fields or materials.
    var context: EvaluationContext?
    /// Whether `state` is the caller's own (`step(into:)`), not a copy.
    let inPlace: Bool
    let version: Int

    /// A stepper recording into `record`'s buffers, emptied (it gets them
    /// back, filled, from `handBack`).
    private init(machine: MachineTables, calendar: WorkingCalendar, now: Instant,
                 place: UnsafeMutablePointer<CaseState>, inPlace: Bool, buffers record: inout StepRecord) {
        self.machine = machine
        self.calendar = calendar
        self.now = now
        self.place = place
        self.inPlace = inPlace
        version = place.pointee.version + 1
        (records, texts, facts, bytes) = ([], [], [], [])
        swap(&records, &record.records)
        swap(&texts, &record.texts)
        swap(&facts, &record.facts)
        swap(&bytes, &record.bytes)
        clear()
        // Room for a typical command's records, so the list is not regrown
        // (and its elements moved) several times while it runs.
        if records.capacity == 0 { records.reserveCapacity(10) }
    }

    mutating func clear() {
        records.removeAll(keepingCapacity: true)
        if !texts.isEmpty { texts.removeAll(keepingCapacity: true) }
        if !facts.isEmpty { facts.removeAll(keepingCapacity: true) }
        if !bytes.isEmpty { bytes.removeAll(keepingCapacity: true) }
    }

    /// Gives the buffers back to `record`, with what this command recorded.
    mutating func handBack(into record: inout StepRecord) {
        swap(&records, &record.records)
        swap(&texts, &record.texts)
        swap(&facts, &record.facts)
        swap(&bytes, &record.bytes)
        (record.machine, record.version, record.at, record.officer) = (machine, version, now, officer)
    }

    /// Runs `command` on `state`, recording into `record`. A refusal after
    /// some events leaves `state` changed: callers run such commands on a
    /// copy. A refusal leaves `record` empty.
    static func run(_ machine: Machine, _ state: inout CaseState, _ command: Command, at now: Instant,
                    calendar: WorkingCalendar, inPlace: Bool, into record: inout StepRecord) -> Result<Void, EngineError> {
        withUnsafeMutablePointer(to: &state) { place in
            var stepper = Stepper(machine: machine.tables, calendar: calendar, now: now, place: place, inPlace: inPlace,
                                  buffers: &record)
            defer { stepper.handBack(into: &record) }
            do throws(EngineError) {
                // The fingerprint read where the machine keeps it: a stepper
                // that kept a copy retained and released it every command.
                try stepper.run(command, fingerprint: machine.fingerprint)
            } catch {
                // `mayRefuseLate` sent every command that can get here in place to a copy.
                assert(!inPlace || stepper.records.isEmpty, "\(command) was refused after its first event: \(error)")
                stepper.clear()
                return .failure(error)
            }
            return .success(())
        }
    }

    /// A stepper over a copy of `state` for queries (nothing is recorded).
    static func withStepper<T>(_ machine: Machine, _ state: CaseState, at now: Instant, calendar: WorkingCalendar,
                               _ body: (inout Stepper) -> T) -> T {
        var copy = state
        var record = StepRecord()
        return withUnsafeMutablePointer(to: &copy) { place in
            var stepper = Stepper(machine: machine.tables, calendar: calendar, now: now, place: place, inPlace: false,
                                  buffers: &record)
            return body(&stepper)
        }
    }

    // Reads of the state through its stored properties: calling a method of
    // `state`, or reading one of its computed properties, copied the whole
    // state (some 330 bytes) to a temporary first. The mutating helpers
    // below are so for the same reason: called from a mutating method, a
    // non-mutating one got a copy of the stepper.

    var isFinished: Bool {
        if case .finished = place.pointee.status { return true }
        return false
    }

    func tokenIndex(_ id: Int) -> Int? {
        place.pointee.tokens.withUnsafeBufferPointer { tokens in
            var i = 0
            while i < tokens.count {
                if tokens[i].id == id { return i }
                i += 1
            }
            return nil
        }
    }

    /// Records `fact` and folds it into the state.
    mutating func record(_ fact: RecordedFact) {
        place.pointee.fold(fact, version: version, at: now, machine: machine, officer: officer, texts: texts, started: &started)
        records.append(Record(actor: actor, automatic: automatic, fact: fact))
    }

    /// Records a fact kept whole (the rarer ones), folded by `apply`.
    mutating func emit(_ fact: Fact) {
        switch fact {
        // Facts that change what was handed in (a request's `returned` too): conditions read it.
        case .submitted, .supplemented: context = nil
        case .supplementRequested(_, _, let returned) where returned != nil: context = nil
        default: break
        }
        place.pointee.apply(CaseEvent(version: version, at: now, actor: actorID, automatic: automatic, fact: fact))
        facts.append(fact)
        records.append(Record(actor: actor, automatic: automatic, fact: .fact(facts.count - 1)))
    }

    /// `text` in the side table, for a record to refer to.
    mutating func text(_ text: String) -> TextRef {
        texts.append(text)
        return texts.count - 1
    }

    /// The id the events of the moment are recorded with.
    var actorID: String {
        switch actor {
        case .system: Actor.system.id
        case .applicant: Actor.applicant.id
        case .officer: officer
        }
    }

    /// The officer `by` acts from now on.
    mutating func act(as by: Actor) {
        officer = by.id
        actor = .officer
    }

    /// An applicant's command: recorded for the user who entered it, if any.
    mutating func actForApplicant(_ by: Actor?) {
        if let by { act(as: by) } else { actor = .applicant }
    }

    /// Nearly every command moves tokens and timers. Their arrays are still
    /// shared with the caller's state, so the first change copies them, at
    /// their exact size, and the next append copies them again: copy them
    /// once, with room to grow.
    mutating func makeRoom() {
        // In place (`step(into:)`) they are the caller's own: room is made as they grow.
        guard !inPlace else { return }
        state.tokens.reserveCapacity(state.tokens.count + 4)
        state.pendingTimers.reserveCapacity(state.pendingTimers.count + 8)
    }

    /// Runs `body` recorded as the engine's automatic action, then restores the actor.
    mutating func automatically(_ body: (inout Stepper) throws(EngineError) -> Void) throws(EngineError) {
        let saved = (actor, automatic)
        actor = .system
        automatic = true
        defer { (actor, automatic) = saved }
        try body(&self)
    }

    mutating func run(_ command: Command, fingerprint: String) throws(EngineError) {
        // History only moves forward: a late or misdated command would put
        // its events before facts already recorded (same instant is fine).
        if let last = state.updatedAt, now < last { throw .timeWentBackwards(last: last, now: now) }
        if case .submit = command {
            guard state.status == .new else { throw .alreadySubmitted }
        } else {
            guard state.status != .new else { throw .notSubmitted }
            guard state.machineFingerprint == fingerprint else {
                throw .wrongMachine(expected: state.machineFingerprint, found: fingerprint)
            }
            if case .finished(let o) = state.status, !command.isAfterFinish { throw .caseFinished(outcome: o) }
        }
        if !command.isAfterFinish { makeRoom() }
        switch command {
        case .submit(let fields, let materials, let channel, let by, let rules): try submit(fields, materials, channel, by: by, rules: rules, fingerprint: fingerprint)
        case .receive(let by): try receive(by)
        case .decide(let node, let decision, let by, let comment, let defective, let expected):
            try decide(node, decision, by, comment, defective: defective, expected: expected)
        case .supplement(let materials, let by): try supplement(materials, by: by)
        case .startSpecialProcedure(let reason, let by, let expected, let step): try startSpecialProcedure(reason, by, expected: expected, step: step)
        case .endSpecialProcedure(let by, let step): try endSpecialProcedure(by, step: step)
        case .extend(let n, let approver, let reason): try extend(n, by: approver, reason: reason)
        case .withdraw(let reason, let by): try withdraw(reason, by: by)
        case .timerFired(let id): try timerFired(id)
        case .rate(let level, let comment, let by): try rate(level, comment, by: by)
        case .followUp(let result, let comment, let by): try followUp(result, comment, by: by)
        case .callBack(let result, let comment, let by): try callBack(result, comment, by: by)
        }
    }
}

extension Command {
    /// The commands on a finished case: the rating, a 差评's follow-up, a callback.
    var isAfterFinish: Bool {
        switch self {
        case .rate, .followUp, .callBack: true
        default: false
        }
    }
}
