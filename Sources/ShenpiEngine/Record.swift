import ShenpiCalendar
import ShenpiMachine

/// One fact as the stepper records it: plain data (indexes into the machine
/// and into the command's side table of texts, instants, small enums), so
/// recording, folding and dropping it is copying bytes. A command's events
/// are built from its records only when a host asks (`StepRecord.events`);
/// building each `CaseEvent` with its texts, boxes and copies was most of a
/// step. The rarer facts are kept whole (`fact`).
struct Record {
    var actor: ActorRef
    var automatic: Bool
    var fact: RecordedFact
}

/// Who an event is recorded for: the engine, the applicant, or the officer
/// whose command it is (`StepRecord.officer`).
enum ActorRef {
    case system, applicant, officer
}

/// A text of the command's side table (`StepRecord.texts`), or none.
typealias TextRef = Int

enum RecordedFact {
    /// A fact kept whole, `StepRecord.facts[i]`, already folded by `apply`.
    case fact(Int)
    /// `decided(node: nodes[node].id, decision:, comment: texts[comment])`.
    case decided(node: Int, decision: Decision, comment: TextRef?)
    case accepted(deemed: Bool, clockStart: Instant)
    /// `entered(Token)` of a token entered now, block and branch its node's,
    /// without a clock yet.
    /// `awaiting`: rules 2, what its request for supplement asked for (material indexes).
    case entered(token: Int, node: Int, decider: Decider, awaitingApplicant: Bool, waitEnds: Instant?, awaiting: [Int]? = nil)
    case left(token: Int, cancelled: Bool)
    case joinOpened(block: Int)
    case joinCounted(block: Int, count: Int)
    case joinClosed(block: Int)
    /// `clockStarted(id, ClockRecord(limit:warnBefore:start:due:warnAt:rollsForward:))`.
    case clockStarted(ClockID, limit: TimeLimit, warnBefore: WarnBefore?, start: Instant, due: Instant?, warnAt: Instant?,
                      rollsForward: Bool = false)
    case clockChanged(ClockID, ClockChange, due: Instant?, warnAt: Instant?)
    case applicantReturned(token: Int)
    /// A timer with the id the engine gives its kind and token (`Stepper.timerID`).
    case timerScheduled(kind: TimerKind, token: Int?, at: Instant)
    case timerCancelled(kind: TimerKind, token: Int?)
    /// `notified(Notification(to: role.map { .role(texts[$0]) } ?? .applicant, text:))`, the text
    /// `StepRecord.bytes[text]` as UTF-8.
    case notified(role: TextRef?, text: Range<Int>)
    /// `finished(outcome: outcomes[outcome].id, onTime:)`.
    case finished(outcome: Int, onTime: Bool?)

    /// A decision's name, read off the machine when the event is built.
    enum Decision {
        /// `transitions[i].name` of the node's task.
        case transition(Int)
        /// The label of the route's arm `i` (`when <condition>`, `otherwise`).
        case arm(Int)
        case afterWait
        case text(TextRef)
    }

    /// Who decided the task that led to a token: nobody, the officer of the
    /// command, or another id (a wait passes its token's on).
    enum Decider {
        case none, officer
        case text(TextRef)
    }

    /// A `ClockEntry` with its texts in the side table.
    enum ClockChange {
        case paused(at: Instant, reason: TextRef)
        case resumed(at: Instant)
        case extended(at: Instant, by: Int, approver: TextRef)
        case completed(at: Instant)
    }
}
