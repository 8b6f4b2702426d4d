import ShenpiCalendar

/// A recorded fact (步步留痕): when, who, whether automatic, and what. The
/// state is the fold of its events (`CaseState.apply`), so the history is
/// never a second truth beside the snapshot.
public struct CaseEvent: Sendable, Hashable, Codable {
    /// The case version this event belongs to (one command, one version).
    public var version: Int
    public var at: Instant
    /// The acting person, `applicant`, or `system`.
    public var actor: String
    /// Done by the engine (timeout, route, wait, join), not by a person.
    public var automatic: Bool
    public var fact: Fact

    public init(version: Int, at: Instant, actor: String, automatic: Bool, fact: Fact) {
        self.version = version
        self.at = at
        self.actor = actor
        self.automatic = automatic
        self.fact = fact
    }
}

/// Which clock a clock event concerns.
public enum ClockID: Sendable, Hashable, Codable {
    case caseClock
    /// The step clock of a token.
    case step(token: Int)
}

/// What happened. Command facts (`submitted`, `decided` …) say why; the
/// consequences (`entered`, `clockChanged`, `timerScheduled` …) say exactly
/// what changed, so folding needs neither the machine nor the calendar.
public enum Fact: Sendable, Hashable, Codable {
    /// `rules`: the engine rules the case runs under (`EngineRules`); `nil`
    /// in cases submitted before they were recorded (rules 1).
    case submitted(caseID: String, machine: String, fields: [String: FieldValue], materials: [Int], channel: Channel, rules: Int? = nil)
    case received
    case decided(node: String, decision: String, comment: String?)
    /// The case is accepted from `clockStart`; `deemed` for silence (视为受理).
    case accepted(deemed: Bool, clockStart: Instant)
    /// 一次性告知: every missing material at once (ids). `returned`: those
    /// of them handed in and found defective (indexes), no longer counted as
    /// handed in; `nil` when none (every request before this release).
    case supplementRequested(node: String, missing: [String], returned: [Int]? = nil)
    /// Materials handed in, and what of the last request is still awaited.
    case supplemented(materials: [Int], stillAwaited: [String])
    /// `expected`: how long the officer said it takes (Art. 45), when said.
    /// `step`: where it was started (rules 5), whose role ends it.
    case specialProcedureStarted(reason: String, expected: TimeLimit? = nil, step: String? = nil)
    /// `step`: which one ended (rules 5: several may run at once, one per step).
    case specialProcedureEnded(step: String? = nil)
    /// A decision's `pause:` / `resume:`.
    /// `branch`: under rules 2, the branch whose decision holds or releases
    /// the pause (`nil` outside any block, and always under rules 1).
    case flowPaused(reason: String, branch: BranchRef? = nil)
    case flowResumed(branch: BranchRef? = nil)
    /// How long the officer said the pause their decision started takes
    /// (Art. 45), recorded right after the `decided` event when they said it.
    case pauseExpected(expected: TimeLimit)
    /// The case limit lengthened (Art. 42); `reason`, told to the applicant,
    /// from an officer's `extend` (a decision's `extend:` has its comment).
    case extended(by: Int, approver: String, reason: String? = nil)
    case withdrawn(reason: String?)
    // The three large payloads are boxed: every other fact (and every
    // event) is then half the size or less to build, fold, copy and store.
    indirect case entered(Token)
    /// A token left its step: decided, or cancelled with its block or case.
    case left(token: Int, cancelled: Bool)
    case joinOpened(block: Int)
    case joinCounted(block: Int, count: Int)
    case joinClosed(block: Int)
    indirect case clockStarted(ClockID, ClockRecord)
    indirect case clockChanged(ClockID, ClockEntry, due: Instant?, warnAt: Instant?)
    /// The step clock of a token waiting for the applicant starts.
    case applicantReturned(token: Int)
    case timerScheduled(PendingTimer)
    case timerCancelled(id: String)
    case timerFired(id: String, kind: TimerKind)
    case notified(Notification)
    case finished(outcome: String, onTime: Bool?)
    case rated(Rating)
    /// The 差评's follow-up, by the event's actor.
    case followedUp(FollowUp)
    /// A callback (回访) attempt, by the event's actor.
    case calledBack(Callback)
}
