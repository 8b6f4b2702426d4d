import Foundation
import ShenpiCalendar

/// What a supervision report covers. Dates are Beijing civil dates,
/// inclusive; `nil` leaves that end of the period open.
public struct SupervisionOptions: Sendable, Hashable {
    public var from: CivilDate?
    public var to: CivilDate?
    /// The instant running cases are judged at; `nil`: the latest change in
    /// the store (never the wall clock).
    public var at: Instant?
    /// 只受不理: accepted, then no officer action for this long (workdays or days).
    public var untouchedAfter: TimeLimit
    /// The day of the callback sample; `nil`: `to`, else the day of `at`.
    public var callbackDay: CivilDate?
    /// `nil`: `CallbackSampling.defaultSeed(day)` (the day as `yyyymmdd`).
    public var sampleSeed: UInt64?
    /// A 差评 is followed up (rectified or explained, and the applicant told)
    /// by the end of this many working days (or days) after the rating day.
    public var followUpWithin: TimeLimit
    /// Registry role id → department id, to say whose a late step was
    /// (环节超时); without it late steps are counted by role only.
    public var roleDepartments: [String: String] = [:]
    /// Role id → title and department id → title, from the same registry:
    /// the text report names late steps' roles and departments by them.
    public var roleTitles: [String: String] = [:]
    public var departmentTitles: [String: String] = [:]

    public static let defaultUntouchedAfter = TimeLimit(3, .workdays)
    /// 国办发〔2019〕51号: 差评 rectified within 15 working days (local rules may be shorter).
    public static let defaultFollowUpWithin = TimeLimit(15, .workdays)

    public init(from: CivilDate? = nil, to: CivilDate? = nil, at: Instant? = nil,
                untouchedAfter: TimeLimit = Self.defaultUntouchedAfter, callbackDay: CivilDate? = nil, sampleSeed: UInt64? = nil,
                followUpWithin: TimeLimit = Self.defaultFollowUpWithin) {
        self.from = from
        self.to = to
        self.at = at
        self.untouchedAfter = untouchedAfter
        self.callbackDay = callbackDay
        self.sampleSeed = sampleSeed
        self.followUpWithin = followUpWithin
    }

    func contains(_ date: CivilDate) -> Bool {
        (from.map { date >= $0 } ?? true) && (to.map { date <= $0 } ?? true)
    }
}

extension SupervisionOptions {
    /// A threshold as `shenpi report` and `GET /v1/report` take it: `3`,
    /// `3 workdays`, `3workdays`, `1 day`, `5 days` (N from 0 to 9999;
    /// a bare number is working days); `nil` for anything else.
    public static func threshold(_ text: String) -> TimeLimit? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 4, let n = Int(digits) else { return nil }
        switch unit {
        case "", "workday", "workdays": return TimeLimit(n, .workdays)
        case "day", "days": return TimeLimit(n, .days)
        default: return nil
        }
    }
}
