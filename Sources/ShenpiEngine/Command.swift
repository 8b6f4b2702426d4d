import ShenpiCalendar

/// Who acts on a case: an officer's id and roles. Automatic actions are
/// recorded with `Actor.system` and marked automatic in the event.
public struct Actor: Sendable, Hashable, Codable {
    public var id: String
    public var roles: Set<String>

    public init(id: String, roles: Set<String>) {
        self.id = id
        self.roles = roles
    }

    /// Whether `roles` contains `role`. An officer holds a role or a few:
    /// comparing them costs less than hashing the role.
    func holds(_ role: String) -> Bool {
        roles.count <= 4 ? roles.contains(where: { $0 == role }) : roles.contains(role)
    }

    /// The engine itself (timeouts, routes, waits).
    public static let system = Actor(id: "system", roles: [])
    /// The applicant (submit, supplement, withdraw, rate).
    public static let applicant = Actor(id: "applicant", roles: [])
}

/// How an application came in.
public enum Channel: String, Sendable, Hashable, Codable {
    /// Handed in at the window: received at once.
    case window
    /// Pre-submitted online (预受理): waits until the window receives it.
    case online
}

/// Everything that can be asked of a case. Each is accepted whole (new state,
/// events, effects) or refused with an `EngineError` that changes nothing.
public enum Command: Sendable, Hashable, Codable {
    /// The application: field values and the ids of the materials handed in.
    /// The applicant's commands (this, `supplement`, `withdraw`, `rate`) are
    /// recorded with the user who entered them (`by`: the window officer, the
    /// online hall, the rating pad), or as `applicant` without one.
    /// `rules`: the engine rules the case will run under, the current ones
    /// unless the audit re-runs a stored submission (`nil`: rules 1).
    case submit(fields: [String: FieldValue], materials: [String], channel: Channel, by: Actor? = nil, rules: Int? = EngineRules.current)
    /// The window takes an online pre-submission (an officer of the flow's
    /// first task step).
    case receive(actor: Actor)
    /// An officer's decision on an active step (for a call node: the called
    /// flow's outcome id). `defective`: for a decision that requests a
    /// supplement, materials handed in and found not in legal form (Art. 32),
    /// asked for again in the same one-time notice. `expected`: for a decision
    /// with `pause:`, how long the officer says it takes (Art. 45), told to
    /// the applicant as `{pause.expected}` in place of the flow's `expected:`.
    case decide(node: String, decision: String, actor: Actor, comment: String?, defective: [String] = [], expected: TimeLimit? = nil)
    /// The applicant hands in more materials.
    case supplement(materials: [String], by: Actor? = nil)
    /// 特别程序: stops the case clock (hearing, testing, expert review …).
    /// Started and ended by an officer of an active task step. With
    /// `expected`, the applicant is told how long it is expected to take
    /// (Art. 45; the hosts require it, cases stored without it replay as they were).
    case startSpecialProcedure(reason: String, actor: Actor, expected: TimeLimit? = nil, step: String? = nil)
    /// `step`: which special procedure, when several run (rules 5); else the
    /// first the actor may end.
    case endSpecialProcedure(actor: Actor, step: String? = nil)
    /// Lengthens the case limit by `workdays` units of its own unit (Art. 42),
    /// approved by the machine's `limits.extension.by` role and within its
    /// ceiling (a machine without one: an officer of an active task step or
    /// of one still ahead, without a ceiling).
    /// With a `reason` the applicant is told it and the new due date (the
    /// hosts require one; cases stored without it replay as they were).
    case extend(workdays: Int, approver: Actor, reason: String? = nil)
    /// The applicant withdraws the application.
    case withdraw(reason: String?, by: Actor? = nil)
    /// A pending timer came due.
    case timerFired(id: String)
    /// 好差评 after the case finished: 1 … 5.
    case rate(level: Int, comment: String?, by: Actor? = nil)
    /// What came of a 差评 (核实、整改、反馈): recorded on a finished case
    /// rated 2 or 1, or one a callback found dissatisfied, with what was
    /// done, written to the applicant; once, unless the callback about it
    /// (the next `callBack`) found the applicant dissatisfied, which opens
    /// it again, or a 差评 came after it.
    case followUp(result: FollowUpResult, comment: String, actor: Actor)
    /// 回访: the center's call to the applicant after the case finished.
    /// Unreachable may be recorded again; once reached, it is done until a
    /// follow-up, about which the applicant is called back again. A
    /// dissatisfied applicant's words are the comment, followed up as a 差评 is.
    case callBack(result: CallbackResult, comment: String?, actor: Actor)
}
