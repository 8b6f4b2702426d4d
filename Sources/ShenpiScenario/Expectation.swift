import ShenpiCalendar

/// The `expect:` of a step: every check must hold after the step's action.
public struct Expectation: Sendable {
    /// The line of `expect:`.
    public var line: Int
    /// `case:`: the checks are of that call step's sub-case, not of the scenario's case.
    public var subcase: CaseTarget?
    public var checks: [Check]
}

/// One key of `expect:`, with the line it was written on.
public struct Check: Sendable {
    public var key: String
    public var line: Int
    public var kind: Kind

    public enum Kind: Sendable {
        /// The steps standing active, as a set of step ids.
        case active(Set<String>)
        /// `new`, `pre-submitted`, `active` or `finished`.
        case status(String)
        case outcome(String)
        /// Judged at completion; `nil` (`none`): the case was never accepted.
        case onTime(Bool?)
        /// The case's due instant; `nil` (`none`): not accepted, or paused.
        case due(Instant?)
        /// The due instants of active steps' own clocks.
        case stepDue([StepDue])
        /// `normal`, `warning`, `overdue` (the case clock at the current instant), or `none`.
        case clock(String)
        /// The legal limit's due instant (法定时限, beside a promise), as
        /// `LegalLimitReading` reckons it; `nil` (`none`): no legal limit,
        /// not accepted, or stopped.
        case legalDue(Instant?)
        /// `normal`, `warning` or `overdue`: the legal limit at the current
        /// instant (a finished case's at completion), or `none`.
        case legalClock(String)
        /// Whether the legal limit's instants rest on a guess past the
        /// calendar's data (a due in a year whose holidays are unpublished).
        case legalProvisional(Bool)
        /// Materials the applicant was told to supply (一次性告知) and has not yet supplied.
        case missing([String])
        case acceptedAt(Instant?)
        case deemedAccepted(Bool)
        case rating(Int?)
        /// Notifications sent since the last expectation, in order (others may come between).
        case notifications([NotificationMatcher])
        /// Events recorded since the last expectation, in order (others may come between).
        case events([EventMatcher])
        /// Exactly the pending timers (order does not matter).
        case timers([TimerMatcher])
        /// The case's fees (`fees:` in the flow), each as worked out now.
        case fees([FeeExpectation])
    }
}

/// One fee of `fees:`, in fen as written (`12.5` is 1250); `nil` for
/// `none` (the fields do not give one).
public struct FeeExpectation: Sendable, Hashable {
    public var fee: String
    public var fen: Int?
}

/// One step of `step-due:`; `due` is `nil` for `none` (no clock, or paused).
public struct StepDue: Sendable, Hashable {
    public var step: String
    public var due: Instant?
}

/// `{to: applicant, contains: 已受理}`; `to` is `applicant` or a role id.
public struct NotificationMatcher: Sendable, Hashable {
    public var to: String?
    public var contains: String?
}

/// `{fact: accepted, deemed: true, by: system}`: every key given must match
/// the event's property of that name (see `EventProperties`).
public struct EventMatcher: Sendable, Hashable {
    public var properties: [String: String]
}

/// `{kind: case-timeout, at: 2025-10-18T00:00}`, optionally `step:` for step timers.
public struct TimerMatcher: Sendable, Hashable {
    public var kind: String
    public var step: String?
    public var at: Instant?
}
