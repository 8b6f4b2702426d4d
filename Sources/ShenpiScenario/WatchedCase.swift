import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// One case of a scenario as its expectations see it: the scenario's own
/// case, or a sub-case one of its call steps opened. Keeps what happened
/// since the last expectation on this case (events and notifications), read
/// off the store's event log so that what another case's command caused here
/// (a sub-case finishing moves its parent on) is seen too.
struct WatchedCase {
    let id: String
    let machine: Machine
    let calendar: WorkingCalendar
    var state: CaseState
    /// How many events of the case's log have been read.
    var seen = 0
    var eventsSince: [CaseEvent] = []
    var notificationsSince: [ShenpiEngine.Notification] = []
    /// Token id → step id, kept after tokens leave so `left` events name their step.
    var stepOfToken: [Int: String] = [:]

    init(id: String, machine: Machine, calendar: WorkingCalendar) {
        self.id = id
        self.machine = machine
        self.calendar = calendar
        state = CaseState(id: id)
    }

    /// Takes the case as stored now and the events of its log not read yet.
    mutating func update(state: CaseState, log: [CaseEvent]) {
        self.state = state
        let new = log.dropFirst(seen)
        seen = log.count
        for event in new {
            if case .entered(let token) = event.fact { stepOfToken[token.id] = machine.nodes[token.node].id }
            eventsSince.append(event)
        }
        for case .notify(let n) in Effect.of(Array(new)) { notificationsSince.append(n) }
    }

    /// Forgets what was seen: the next expectation on this case looks at what follows.
    mutating func startNewWindow() {
        eventsSince = []
        notificationsSince = []
    }
}
