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

/// What `step(into:)` recorded: the command's events; its effects are
/// read off them when asked for.
public struct StepRecord: Sendable, Hashable {
    public var events: [CaseEvent]
    public var effects: [Effect] { Effect.of(events) }
}

/// Applies one command to a case. Pure: no wall clock (`now` is given), no
/// I/O; the same inputs give the same transition. A refused command is an
/// `EngineError` and changes nothing.
public func step(_ machine: Machine, _ state: CaseState, _ command: Command, at now: Instant,
                 calendar: WorkingCalendar) -> Result<CaseTransition, EngineError> {
    var next = state
    return Stepper.run(machine, &next, command, at: now, calendar: calendar, inPlace: false).map {
        CaseTransition(state: next, events: $0)
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
    let tables = machine.tables
    guard !state.mayRefuseLate(command, machine: tables, calendar: calendar, at: now) else {
        var next = state
        let events = try Stepper.run(machine, &next, command, at: now, calendar: calendar, inPlace: false).get()
        state = next
        return StepRecord(events: events)
    }
    return StepRecord(events: try Stepper.run(machine, &state, command, at: now, calendar: calendar, inPlace: true).get())
}

/// One command in progress. Every change goes through `emit`, which folds
/// the event into `state` with `CaseState.apply`: what is recorded is
/// exactly what changed.
struct Stepper {
    /// The machine's tables: one reference, so a stepper does not copy
    /// every array of the machine (`Machine.tables`).
    let machine: MachineTables
    let fingerprint: String
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
    var events: [CaseEvent] = []
    /// Who the events of the moment are recorded for.
    var actor = Actor.system.id
    var automatic = false
    /// The evaluation context of this command's conditions, built on first
    /// use and dropped when an event changes the fields or materials.
    var context: EvaluationContext?
    /// Whether `state` is the caller's own (`step(into:)`), not a copy.
    let inPlace: Bool
    let version: Int

    private init(machine: MachineTables, fingerprint: String, calendar: WorkingCalendar, now: Instant,
                 place: UnsafeMutablePointer<CaseState>, inPlace: Bool) {
        self.machine = machine
        self.fingerprint = fingerprint
        self.calendar = calendar
        self.now = now
        self.place = place
        self.inPlace = inPlace
        version = place.pointee.version + 1
        // Room for a typical command's record, so the list is not regrown
        // (and its elements moved) several times while it runs; 10 events
        // of 96 bytes is a size malloc serves from its cache.
        events.reserveCapacity(10)
    }

    /// Runs `command` on `state`. A refusal after some events leaves
    /// `state` changed: callers run such commands on a copy.
    static func run(_ machine: Machine, _ state: inout CaseState, _ command: Command, at now: Instant,
                    calendar: WorkingCalendar, inPlace: Bool) -> Result<[CaseEvent], EngineError> {
        withUnsafeMutablePointer(to: &state) { place in
            var stepper = Stepper(machine: machine.tables, fingerprint: machine.fingerprint, calendar: calendar, now: now,
                                  place: place, inPlace: inPlace)
            do throws(EngineError) {
                try stepper.run(command)
            } catch {
                // `mayRefuseLate` sent every command that can get here in place to a copy.
                assert(!inPlace || stepper.events.isEmpty, "\(command) was refused after its first event: \(error)")
                return .failure(error)
            }
            return .success(stepper.events)
        }
    }

    /// A stepper over a copy of `state` for queries (nothing is recorded).
    static func withStepper<T>(_ machine: Machine, _ state: CaseState, at now: Instant, calendar: WorkingCalendar,
                               _ body: (inout Stepper) -> T) -> T {
        var copy = state
        return withUnsafeMutablePointer(to: &copy) { place in
            var stepper = Stepper(machine: machine.tables, fingerprint: machine.fingerprint, calendar: calendar, now: now,
                                  place: place, inPlace: false)
            return body(&stepper)
        }
    }

    mutating func emit(_ fact: Fact) {
        switch fact {
        case .submitted, .supplemented: context = nil
        default: break
        }
        let event = CaseEvent(version: version, at: now, actor: actor, automatic: automatic, fact: fact)
        place.pointee.apply(event)
        events.append(event)
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
        actor = Actor.system.id
        automatic = true
        defer { (actor, automatic) = saved }
        try body(&self)
    }

    mutating func run(_ command: Command) throws(EngineError) {
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
            if case .finished(let o) = state.status, !command.isRating { throw .caseFinished(outcome: o) }
        }
        if !command.isRating { makeRoom() }
        switch command {
        case .submit(let fields, let materials, let channel): try submit(fields, materials, channel)
        case .receive(let by): try receive(by)
        case .decide(let node, let decision, let by, let comment): try decide(node, decision, by, comment)
        case .supplement(let materials): try supplement(materials)
        case .startSpecialProcedure(let reason, let by): try startSpecialProcedure(reason, by)
        case .endSpecialProcedure(let by): try endSpecialProcedure(by)
        case .extend(let n, let approver): try extend(n, by: approver)
        case .withdraw(let reason): try withdraw(reason)
        case .timerFired(let id): try timerFired(id)
        case .rate(let level, let comment): try rate(level, comment)
        }
    }
}

extension Command {
    var isRating: Bool {
        if case .rate = self { return true }
        return false
    }
}
