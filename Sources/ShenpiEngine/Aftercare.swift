/// After a case finished: what came of a 差评 (核实、整改、反馈) and the
/// callbacks to the applicant (回访), recorded as `followedUp` and
/// `calledBack` events.

/// What the follow-up of a 差评 found (国办发〔2019〕51号: verified, then
/// rectified and the applicant told, or explained where it was unfounded).
public enum FollowUpResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// 情况属实，已整改并向申请人反馈.
    case rectified
    /// 经核实情况不属实，已向申请人说明.
    case unfounded

    /// The report's words.
    public var title: String {
        switch self {
        case .rectified: "已整改并反馈"
        case .unfounded: "核实不属实，已说明"
        }
    }
}

/// What a callback (回访) found.
public enum CallbackResult: String, Sendable, Hashable, Codable, CaseIterable {
    case satisfied
    case dissatisfied
    /// Nobody answered: may be tried again.
    case unreachable

    public var title: String {
        switch self {
        case .satisfied: "满意"
        case .dissatisfied: "不满意"
        case .unreachable: "未接通"
        }
    }

    /// The applicant was reached: the callback is done.
    public var reached: Bool { self != .unreachable }
}

/// A callback attempt: its result and what the applicant said.
public struct Callback: Sendable, Hashable, Codable {
    public var result: CallbackResult
    public var comment: String?

    public init(result: CallbackResult, comment: String?) {
        self.result = result
        self.comment = comment
    }
}

/// The recorded follow-up of a 差评: what it found and what was done or told.
public struct FollowUp: Sendable, Hashable, Codable {
    public var result: FollowUpResult
    public var comment: String

    public init(result: FollowUpResult, comment: String) {
        self.result = result
        self.comment = comment
    }
}
