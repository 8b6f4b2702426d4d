import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// One case on a virtual clock: the state, the current instant, and what
/// happened since the last expectation (events and notifications).
struct CaseRun {
    let machine: Machine
    let calendar: WorkingCalendar
    var state: CaseState
    var now: Instant
    var eventsSince: [CaseEvent] = []
    var notificationsSince: [ShenpiEngine.Notification] = []
    /// Token id → step id, kept after tokens leave so `left` events name their step.
    var stepOfToken: [Int: String] = [:]

    init(flow: LoadedFlow, caseNumber: String, start: Instant) {
        machine = flow.machine
        calendar = flow.calendar
        state = CaseState(id: caseNumber)
        now = start
    }

    /// Runs a command at the current instant; a refusal changes nothing.
    mutating func run(_ command: Command) -> EngineError? {
        do {
            let record = try step(machine, into: &state, command, at: now, calendar: calendar)
            absorb(record.events, record.effects)
            return nil
        } catch {
            return error
        }
    }

    mutating func absorb(_ events: [CaseEvent], _ effects: [Effect]) {
        for event in events {
            if case .entered(let token) = event.fact { stepOfToken[token.id] = machine.nodes[token.node].id }
            eventsSince.append(event)
        }
        for case .notify(let n) in effects { notificationsSince.append(n) }
    }

    /// Moves the clock to `target`, firing every pending timer due by then in
    /// order of due instant (then of scheduling), each at its own instant (or
    /// now, for one already past), as the daemon's timer loop would. Timers
    /// scheduled by a firing fire too when due. A message when the engine
    /// refuses a due timer.
    mutating func advance(to target: Instant) -> String? {
        var fired = 0
        while let next = state.timersDue(upTo: target).first {
            now = max(now, next.at)
            if let e = run(.timerFired(id: next.id)) {
                return "timer \(next.id) due \(Rendering.instant(next.at)) was refused by the engine: \(e.kind): \(e)"
            }
            fired += 1
            if fired > 10_000 { return "more than 10000 timers fired before \(Rendering.instant(target)); the flow loops on timeouts" }
        }
        now = max(now, target)
        return nil
    }

    /// The instant `advance` reaches from now.
    func target(of a: Advance) -> Result<Instant, Reason> {
        switch a.unit {
        case .minutes: return .success(now.adding(seconds: a.amount * 60))
        case .hours: return .success(now.adding(seconds: a.amount * 3600))
        case .days: return .success(now.adding(seconds: a.amount * 86_400))
        case .workdays:
            do {
                let day = try calendar.addingWorkdays(a.amount, to: now.date).value
                return .success(Instant(date: day, secondOfDay: now.secondOfDay))
            } catch {
                return .failure(Reason("cannot count \(a.amount) workdays on calendar \(calendar.id): \(error)"))
            }
        }
    }

    /// Forgets what was seen: the next expectation looks at what follows.
    mutating func startNewWindow() {
        eventsSince = []
        notificationsSince = []
    }
}
