import ShenpiCalendar
import ShenpiMachine

/// Everything the engine knows about one case (办件): a value, folded from
/// its events (`CaseState.replay`), pinned to the machine it started on.
public struct CaseState: Sendable, Hashable, Codable {
    /// Where the case stands.
    public enum Status: Sendable, Hashable, Codable {
        /// Created, nothing submitted yet.
        case new
        /// Submitted online (预受理), waiting for the window to receive it.
        case preSubmitted
        /// Received at the window; steps are active.
        case active
        /// Ended with this outcome id.
        case finished(outcome: String)
    }

    /// The case number, used as `{case.number}` in notifications.
    public var id: String
    /// The fingerprint of the machine the case runs on; empty before `submit`.
    public var machineFingerprint: String
    public var status: Status
    /// Incremented by every accepted command.
    public var version: Int
    /// The applicant's field values, validated against the machine.
    public var fields: [String: FieldValue]
    /// Materials handed in, as indexes into `Machine.materials`.
    public var submitted: MaterialSet
    /// When the materials were last received (submit at the window, receive,
    /// supplement): the start of a deemed acceptance (Art. 32).
    public var receivedAt: Instant?
    /// When the case was accepted, and whether by timeout (视为受理).
    public var acceptedAt: Instant?
    public var deemedAccepted: Bool
    /// Active work, in creation order.
    public var tokens: [Token]
    /// Block index → branches ended with `done`, for every open parallel block.
    public var joins: [Int: Int]
    /// Material ids the applicant was told to supply (一次性告知), not yet supplied.
    public var awaitingSupplement: [String]
    /// The case's legal clock: promised limit (else legal), from acceptance.
    public var caseClock: ClockRecord?
    /// The reason of a special procedure (特别程序) in progress, if any (under
    /// rules 5 the first of `specialProcedures`).
    public var specialProcedure: String?
    /// Rules 5: every special procedure in progress, in the order they began,
    /// each at its step, whose role ends it; the clock runs again when none is.
    public var specialProcedures: [SpecialProcedureHold]?
    /// The reason of a pause a flow's decision started (`pause:`), until a
    /// decision with `resume:`. Kept apart from `specialProcedure`: the clock
    /// runs again only when neither holds it.
    public var flowPause: String?
    /// Under rules 2, every flow pause in force, in the order they began
    /// (`flowPause` is the first one's reason); `nil` when none.
    public var pauseHolds: [PauseHold]?
    /// The engine rules the case runs under (`EngineRules`); `nil`: rules 1.
    public var rules: Int?
    public var pendingTimers: [PendingTimer]
    /// When the case finished and whether it was on time, judged at that instant.
    public var finishedAt: Instant?
    public var onTime: Bool?
    public var rating: Rating?
    /// What came of a 差评, once recorded.
    public var followUp: FollowUp?
    /// The latest callback (回访) attempt's result since the last follow-up.
    public var callback: CallbackResult?
    /// The id the next token gets.
    public var nextToken: Int
    /// The instant of the latest event: `step` refuses a command dated
    /// earlier, so a case's history never runs backwards. `nil` before `submit`.
    public var updatedAt: Instant?

    /// A new, empty case with this number.
    public init(id: String) {
        self.id = id
        machineFingerprint = ""
        status = .new
        version = 0
        fields = [:]
        submitted = MaterialSet()
        receivedAt = nil
        acceptedAt = nil
        deemedAccepted = false
        tokens = []
        joins = [:]
        awaitingSupplement = []
        caseClock = nil
        specialProcedure = nil
        specialProcedures = nil
        flowPause = nil
        pendingTimers = []
        finishedAt = nil
        onTime = nil
        rating = nil
        followUp = nil
        callback = nil
        nextToken = 0
        updatedAt = nil
    }

    /// The engine rules in force for this case.
    public var ruleset: Int { rules ?? 1 }

    /// Joins a sub-case's id: `<parent>~<call step>~<token>` (the store opens sub-cases by it).
    public static let subcaseSeparator: Character = "~"

    /// The number the applicant knows the case by (受理编号): its own id, or,
    /// for a sub-case under rules 4, its application's (the outermost
    /// parent's) — the receipt names that one, not `PT-1~deed-tax-collection~1`.
    public var applicantNumber: String {
        guard ruleset >= 4, let i = id.firstIndex(of: Self.subcaseSeparator) else { return id }
        return String(id[..<i])
    }

    /// Whether this is a sub-case `parent` opened (`<parent>~<call step>~<token>`).
    public func isSubcase(of parent: String) -> Bool {
        guard id.count > parent.count + 1, id.hasPrefix(parent), id.dropFirst(parent.count).first == Self.subcaseSeparator else { return false }
        return id.dropFirst(parent.count + 1).filter { $0 == Self.subcaseSeparator }.count == 1
    }

    public var isFinished: Bool {
        if case .finished = status { return true }
        return false
    }

    /// The outcome id of a finished case.
    public var outcome: String? {
        if case .finished(let o) = status { return o }
        return nil
    }

    /// The token standing on this node, if any.
    public func token(at node: Int) -> Token? {
        // By index: `first(where:)` copied every token it passed over.
        for i in tokens.indices where tokens[i].node == node { return tokens[i] }
        return nil
    }

    /// Whether the case clock has started, and its due instant, read in
    /// place (binding the record copied it) for `{case.due}`.
    var caseDue: (accepted: Bool, due: Instant?) {
        // `caseClock != nil` copied the record to compare it.
        (caseClock?.limit != nil, caseClock?.due)
    }

    /// Node indexes of the active tokens.
    public var activeNodes: [Int] { tokens.map(\.node) }

    /// The pending timers due by `limit`, in the order they fire: by due
    /// instant, then in the order they were scheduled (a rescheduled timer
    /// moves to the end). The scenario runner and the daemon's timer loop
    /// both fire in this order.
    public func timersDue(upTo limit: Instant) -> [PendingTimer] {
        pendingTimers.enumerated().filter { $0.element.at <= limit }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}

/// One piece of active work: a step a case stands on.
public struct Token: Sendable, Hashable, Codable {
    /// Unique within the case; a step entered again gets a new token.
    public var id: Int
    public var node: Int
    /// The parallel block and branch of `node`, when inside one.
    public var block: Int?
    public var branch: Int?
    public var enteredAt: Instant
    /// Who decided the task that led here, for four-eyes (`nil`: nobody or automatic).
    public var previousDecider: String?
    /// Entered by a request for supplement: the step clock starts when the
    /// applicant supplies materials, not before.
    public var awaitingApplicant: Bool
    /// Rules 2: the material ids its request for supplement asked for and
    /// not yet handed in (it goes on when none are left); `nil` otherwise.
    public var awaiting: [String]?
    /// The step's own clock, when the step has a limit and it has started.
    public var clock: ClockRecord?
    /// For a wait: when it ends.
    public var waitEnds: Instant?

    public init(id: Int, node: Int, block: Int?, branch: Int?, enteredAt: Instant, previousDecider: String?,
                awaitingApplicant: Bool = false, awaiting: [String]? = nil, clock: ClockRecord? = nil, waitEnds: Instant? = nil) {
        self.id = id
        self.node = node
        self.block = block
        self.branch = branch
        self.enteredAt = enteredAt
        self.previousDecider = previousDecider
        self.awaitingApplicant = awaitingApplicant
        self.awaiting = awaiting
        self.clock = clock
        self.waitEnds = waitEnds
    }
}

/// A timer the case is waiting for; the host fires it with `timerFired(id)`.
public struct PendingTimer: Sendable, Hashable, Codable {
    public var id: String
    public var at: Instant
    public var kind: TimerKind
    /// The token it belongs to (step and wait timers).
    public var token: Int?

    public init(id: String, at: Instant, kind: TimerKind, token: Int?) {
        self.id = id
        self.at = at
        self.kind = kind
        self.token = token
    }
}

public enum TimerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case stepTimeout
    case stepWarning
    case caseWarning
    case caseTimeout
    case waitEnds
}

/// 好差评: 5 非常满意 … 1 非常不满意; 2 and 1 are 差评.
public struct Rating: Sendable, Hashable, Codable {
    public var level: Int
    public var comment: String?

    public init(level: Int, comment: String?) {
        self.level = level
        self.comment = comment
    }

    /// 差评, to be followed up and called back.
    public var isNegative: Bool { level <= 2 }

    /// 非常满意 … 非常不满意.
    public var title: String { Self.title(level: level) }

    /// The words of a level 1 … 5; empty for any other.
    public static func title(level: Int) -> String { (1...5).contains(level) ? titles[level - 1] : "" }
    static let titles = ["非常不满意", "不满意", "基本满意", "满意", "非常满意"]
}
