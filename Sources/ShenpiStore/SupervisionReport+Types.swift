import ShenpiCalendar
import ShenpiEngine

/// 好差评 in the period.
public struct RatingSummary: Sendable, Hashable {
    public var count = 0
    /// Levels 5, 4, 3 (非常满意, 满意, 基本满意).
    public var satisfied = 0
    /// Levels 2, 1 (不满意, 非常不满意): 差评.
    public var negative = 0
    /// Of the 差评, those followed up by `at` (and not reopened by a
    /// dissatisfied callback), and those not followed up by their limit
    /// (still open past it, or first recorded after it).
    public var followedUp = 0
    public var followUpOverdue = 0
    /// Counts of levels 1 … 5 (index 0 is level 1).
    public var byLevel = [0, 0, 0, 0, 0]
    public var satisfactionRate: Double? { SupervisionReport.rate(satisfied, count) }
}

public struct RatedCase: Sendable, Hashable {
    public var caseID: String
    /// The case whose call step opened it, when it is a sub-case (子办件).
    public var parent: String? = nil
    public var workflow: String
    public var department: String
    public var level: Int
    public var comment: String?
    public var ratedAt: Instant
    /// When the follow-up is due: the end of a working day of the flow's
    /// calendar (Monday to Friday past its data, as for 只受不理).
    public var followUpDue: Instant? = nil
    /// Recorded by the report's instant: what it found, when, by whom.
    public var followUp: FollowUpResult? = nil
    public var followedUpAt: Instant? = nil
    public var followedUpBy: String? = nil
    /// What was done or told the applicant.
    public var followUpComment: String? = nil
    /// The latest callback (回访) to the applicant after the latest
    /// follow-up, by `at`: when, by whom, what they said.
    public var callback: CallbackResult? = nil
    public var calledBackAt: Instant? = nil
    public var calledBackBy: String? = nil

    /// When it was first followed up (a later one follows a dissatisfied
    /// callback), and how many follow-ups there were by `at`.
    public var firstFollowedUpAt: Instant? = nil
    public var followUpCount = 0
    /// What the applicant said on that callback.
    public var callbackComment: String? = nil

    /// Called back after its follow-up and found dissatisfied: to be followed up again.
    public var reopened: Bool { followUp != nil && callback == .dissatisfied }
    /// Not followed up, or reopened.
    public var isOpen: Bool { followUp == nil || reopened }

    /// Not followed up by its limit: first followed up after it, or never and
    /// past it at `at`. A reopened 差评 is judged by its first follow-up: the
    /// limit is the rating's, not the callback's.
    public func followUpLate(at: Instant) -> Bool {
        guard let due = followUpDue else { return false }
        if let first = firstFollowedUpAt { return first > due }
        return at > due
    }
}

/// A step a running case waits at, so that a supervisor knows whom to chase:
/// the step and the role that acts there (`nil` for a wait, a call to a
/// sub-flow or a fork), or that it waits for the applicant's supplement.
public struct WaitingStep: Sendable, Hashable {
    public var step: String
    public var role: String?
    public var awaitingApplicant = false

    public init(step: String, role: String? = nil, awaitingApplicant: Bool = false) {
        self.step = step
        self.role = role
        self.awaitingApplicant = awaitingApplicant
    }

    /// `review（market-reviewer）`, `accept（待申请人补正）`, `wait-publicity`.
    public var text: String {
        if awaitingApplicant { return "\(step)（待申请人补正）" }
        return role.map { "\(step)（\($0)）" } ?? step
    }
}

public struct UntouchedCase: Sendable, Hashable {
    public var caseID: String
    /// The case whose call step opened it, when it is a sub-case (子办件).
    public var parent: String? = nil
    public var workflow: String
    public var department: String
    public var acceptedAt: Instant
    /// Accepted by silence (视为受理), nobody at all has looked at it.
    public var deemed: Bool
    /// When the threshold ran out (the case became 只受不理).
    public var untouchedSince: Instant
    /// Where it waits at `at`.
    public var waitingAt: [WaitingStep] = []
}

/// 逾期未受理: received, then neither accepted, refused nor told what to
/// supply (Art. 32) by the end of its intake step's limit.
public struct UnansweredCase: Sendable, Hashable {
    public var caseID: String
    /// The case whose call step opened it, when it is a sub-case (子办件).
    public var parent: String? = nil
    public var workflow: String
    public var department: String
    /// When the materials were (last) received.
    public var receivedAt: Instant?
    /// The intake step that has not answered, and its limit.
    public var step: String
    public var due: Instant?
    /// The step's role: who is to answer.
    public var role: String? = nil
}

public struct ClockedCase: Sendable, Hashable {
    public var caseID: String
    /// The case whose call step opened it, when it is a sub-case (子办件).
    public var parent: String? = nil
    public var workflow: String
    public var department: String
    public var acceptedAt: Instant
    public var warnAt: Instant?
    public var due: Instant?
    /// `nil` while running (judged at `at`); else judged at this instant.
    public var finishedAt: Instant?
    /// Finished by the applicant's withdrawal (listed when it came after the limit).
    public var withdrawn = false
    /// Where a running case waits at `at` (empty once finished).
    public var waitingAt: [WaitingStep] = []
    public var isRunning: Bool { finishedAt == nil }
}

/// Cases finished in the period, whenever accepted: the 办结 a weekly
/// report counts. The cohort's figures count the cases accepted in the
/// period, so a case accepted in one period and finished in the next is
/// here in the next.
public struct FinishedInPeriod: Sendable, Hashable {
    /// Finished with any outcome but a withdrawal (accepted cases only: a
    /// 不予受理 is no 办结).
    public var completed = 0
    /// Of `completed`, accepted before the period; sub-cases (子办件).
    public var acceptedBefore = 0
    public var subcases = 0
    public var withdrawn = 0
    public var judged = 0
    public var onTime = 0
    public var onTimeRate: Double? { SupervisionReport.rate(onTime, judged) }
}

/// The cohort's figures for one department or one flow.
public struct Breakdown: Sendable, Hashable {
    public var key: String
    public var accepted = 0
    public var completed = 0
    public var withdrawn = 0
    public var judged = 0
    public var onTime = 0
    public var overdue = 0
    public var warning = 0
    public var untouched = 0
    /// Submitted in the period, still unanswered past the intake limit (逾期未受理).
    public var unanswered = 0
    /// 差评 rated in the period on this department's / flow's cases.
    public var negative = 0
    /// Of those 差评, the ones not followed up by their limit.
    public var followUpOverdue = 0
    /// The period's applicants a callback found dissatisfied (cases not rated
    /// 差评: those count above), and of them the ones not followed up by their limit.
    public var dissatisfied = 0
    public var dissatisfiedOverdue = 0
    /// Completed in the period, whenever accepted (`FinishedInPeriod`), and
    /// of them judged and on time.
    public var finished = 0
    public var finishedJudged = 0
    public var finishedOnTime = 0
    /// Past the legal limit (`SupervisionReport.pastLegalLimit`): finished
    /// in the period or running at `at`, whenever accepted.
    public var pastLegal = 0

    public init(key: String) { self.key = key }
    public var completionRate: Double? { SupervisionReport.rate(completed, accepted - withdrawn) }
    public var onTimeRate: Double? { SupervisionReport.rate(onTime, judged) }
}

/// 回访: the applicants served on `day` (cases finished that day) and the sample to call.
public struct CallbackSample: Sendable, Hashable {
    public var day: CivilDate
    public var seed: UInt64
    public var served = 0
    /// Served applicants left out of the draw: their case has no phone number.
    public var withoutPhone = 0
    public var sample: [CallbackEntry] = []

    /// Of the sample, by `at`: reached (satisfied or not), tried and not reached yet, not tried.
    public var reached: Int { sample.count { $0.callback?.reached == true } }
    public var dissatisfied: Int { sample.count { $0.callback == .dissatisfied } }
    public var unreachable: Int { sample.count { $0.callback == .unreachable } }
    public var notCalled: Int { sample.count { $0.callback == nil } }
}

public struct CallbackEntry: Sendable, Hashable {
    public var caseID: String
    public var workflow: String
    public var outcome: String
    public var finishedAt: Instant
    /// The value of the flow's first `phone` field, when given.
    public var phone: String?
    /// The latest callback attempt recorded by `at`: its result, when, by
    /// whom, what the applicant said; and how many attempts there were.
    public var callback: CallbackResult? = nil
    public var calledBackAt: Instant? = nil
    public var calledBackBy: String? = nil
    public var callbackComment: String? = nil
    public var attempts = 0

    /// A dissatisfied callback is followed up as a 差评 is (核实、整改、反馈):
    /// due by the end of the N-th working day after the call (the report's
    /// `follow-up-within`). By `at`: the latest follow-up after the call,
    /// the first one's instant and how many there were, and the latest call
    /// after the latest follow-up (dissatisfied: reopened). Filled for
    /// `dissatisfiedCallbacks` and `earlierOpenCallbacks` only.
    public var followUpDue: Instant? = nil
    public var followUp: FollowUpResult? = nil
    public var followedUpAt: Instant? = nil
    public var followedUpBy: String? = nil
    public var followUpComment: String? = nil
    public var firstFollowedUpAt: Instant? = nil
    public var followUpCount = 0
    public var callbackAfter: CallbackResult? = nil
    public var calledBackAfterAt: Instant? = nil
    public var calledBackAfterBy: String? = nil
    public var callbackAfterComment: String? = nil
    /// Rated 2 or 1 by `at`: followed up (and judged) in the 差评 lists, not here.
    public var negativeRating = false
    /// The outcome's title (已发卡, 不予受理), for the text; the JSON keeps `outcome`.
    public var outcomeTitle: String? = nil

    /// Called back after its follow-up and found dissatisfied again.
    public var reopened: Bool { followUp != nil && callbackAfter == .dissatisfied }
    /// Waits for a follow-up here: none yet, or reopened (not a 差评's).
    public var isOpen: Bool { !negativeRating && (followUp == nil || reopened) }

    /// Not followed up by its limit: first followed up after it, or never and
    /// past it at `at`. A reopened call is judged by its first follow-up, as
    /// a reopened 差评 is.
    public func followUpLate(at: Instant) -> Bool {
        guard !negativeRating, let due = followUpDue else { return false }
        return (firstFollowedUpAt ?? at) > due
    }
}
