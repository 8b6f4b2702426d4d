import ShenpiCalendar
import ShenpiMachine

/// What `step(into:)` recorded for one command: its facts as plain records
/// (`Record`), with the texts they need beside them. `events` and
/// `effects` are built from them when asked for, each time anew. A host
/// may keep one and pass it to every `step(into:recording:)`, which reuses
/// its buffers.
public struct StepRecord: Sendable {
    var machine: MachineTables?
    var version = 0
    var at = Instant(secondsSinceEpoch: 0)
    /// The id of the command's officer (`ActorRef.officer`).
    var officer = ""
    var records: [Record] = []
    var texts: [String] = []
    var facts: [Fact] = []
    /// The notices' texts, as UTF-8.
    var bytes: [UInt8] = []

    /// An empty record, for `step(into:recording:)` to fill.
    public init() {}

    /// The command's events, exactly as the engine folded them.
    public var events: [CaseEvent] {
        guard let machine else { return [] }
        var out: [CaseEvent] = []
        out.reserveCapacity(records.count)
        for record in records {
            let actor = switch record.actor {
            case .system: Actor.system.id
            case .applicant: Actor.applicant.id
            case .officer: officer
            }
            out.append(CaseEvent(version: version, at: at, actor: actor, automatic: record.automatic,
                                 fact: fact(record.fact, machine)))
        }
        return out
    }

    /// What the host must do, read off the events (`Effect.of`).
    public var effects: [Effect] { Effect.of(events) }

    func fact(_ fact: RecordedFact, _ machine: MachineTables) -> Fact {
        switch fact {
        case .fact(let i):
            return facts[i]
        case .decided(let node, let decision, let comment):
            return .decided(node: machine.nodes[node].id, decision: name(decision, at: node, machine), comment: comment.map { texts[$0] })
        case .accepted(let deemed, let clockStart):
            return .accepted(deemed: deemed, clockStart: clockStart)
        case .entered(let id, let node, let decider, let awaitingApplicant, let waitEnds, let awaiting):
            let previous: String? = switch decider {
            case .none: nil
            case .officer: officer
            case .text(let i): texts[i]
            }
            return .entered(Token(id: id, node: node, block: machine.nodes[node].block, branch: machine.nodes[node].branch,
                                  enteredAt: at, previousDecider: previous, awaitingApplicant: awaitingApplicant,
                                  awaiting: awaiting.map { $0.map { machine.materials[$0].id } }, waitEnds: waitEnds))
        case .left(let token, let cancelled):
            return .left(token: token, cancelled: cancelled)
        case .joinOpened(let block):
            return .joinOpened(block: block)
        case .joinCounted(let block, let count):
            return .joinCounted(block: block, count: count)
        case .joinClosed(let block):
            return .joinClosed(block: block)
        case .clockStarted(let clock, let limit, let warnBefore, let start, let due, let warnAt, let rolls):
            return .clockStarted(clock, ClockRecord(limit: limit, warnBefore: warnBefore, start: start, due: due, warnAt: warnAt,
                                                    rollsForward: rolls))
        case .clockChanged(let clock, let change, let due, let warnAt):
            return .clockChanged(clock, change.entry(texts: texts), due: due, warnAt: warnAt)
        case .applicantReturned(let token):
            return .applicantReturned(token: token)
        case .timerScheduled(let kind, let token, let at):
            return .timerScheduled(PendingTimer(id: Stepper.timerID(kind, token), at: at, kind: kind, token: token))
        case .timerCancelled(let kind, let token):
            return .timerCancelled(id: Stepper.timerID(kind, token))
        case .notified(let role, let text):
            return .notified(Notification(to: role.map { .role(texts[$0]) } ?? .applicant,
                                          text: String(decoding: bytes[text], as: UTF8.self)))
        case .finished(let outcome, let onTime):
            return .finished(outcome: machine.outcomes[outcome].id, onTime: onTime)
        }
    }

    func name(_ decision: RecordedFact.Decision, at node: Int, _ machine: MachineTables) -> String {
        switch decision {
        case .transition(let i):
            guard case .task(let task) = machine.nodes[node].kind else { return "" }
            return task.transitions[i].name
        case .arm(let i):
            return machine.nodes[node].labelledTargets(machine.expressions)[i].label
        case .afterWait:
            return "after wait"
        case .text(let i):
            return texts[i]
        }
    }
}
