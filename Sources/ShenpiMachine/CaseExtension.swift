import ShenpiCalendar

/// The unit a person writes an extension of the case limit in (Art. 42
/// 延长): it must be the case limit's own unit, so "3 days" never quietly
/// means 3 working days, nor "3 workdays" 3 hours.
public enum ExtensionUnit: String, Sendable, Hashable, CaseIterable {
    case workdays
    case days
    case hours

    /// The calendar's unit of the same name.
    public var timeUnit: TimeUnit {
        switch self {
        case .workdays: .workdays
        case .days: .days
        case .hours: .hours
        }
    }
}

/// How far the case limit may be extended (Art. 42), from `limits.extension`.
/// `extension: none` is a `max` of 0 and no approver.
public struct ExtensionAllowance: Sendable, Hashable, Codable {
    /// The most the case limit may be extended in all, in the case limit's unit.
    public var max: Limit
    /// The role that approves; `nil` for `none`.
    public var by: String?
    /// At most this many extensions; `nil`: as many as `max` allows.
    public var times: Int?

    public init(max: Limit, by: String?, times: Int?) {
        self.max = max
        self.by = by
        self.times = times
    }

    /// `extension: none`.
    public var allowsNone: Bool { max.amount == 0 }
}

/// Why an extension cannot be taken as written.
public struct ExtensionUnitMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// The unit the case limit counts in, as the key to write.
    public var expected: ExtensionUnit
    public var limit: Limit

    public var description: String {
        "the case limit (\(limit)) counts \(expected.rawValue); give the extension in \(expected.rawValue)"
    }
}

extension Limit {
    /// This limit in the units a clock counts (hours, not minutes): how an
    /// extension ceiling compares with the extensions taken.
    public var clockUnits: TimeLimit {
        switch unit {
        case .workdays: TimeLimit(amount, .workdays)
        case .days: TimeLimit(amount, .days)
        case .minutes: TimeLimit((amount + 59) / 60, .hours)
        }
    }
}

extension Machine {
    /// The limit the case clock runs on: the promise, else the legal limit.
    public var caseClockLimit: Limit? { limits.promised ?? limits.legal }

    /// `amount` `unit` as the engine's extension: units of the case clock's
    /// own unit (working days, days, or hours: a limit in hours is stored in
    /// minutes but its clock counts hours). Without a case limit there is
    /// nothing to check; the engine refuses the extension itself.
    public func extensionAmount(_ amount: Int, _ unit: ExtensionUnit) throws(ExtensionUnitMismatch) -> Int {
        guard let limit = caseClockLimit else { return amount }
        let expected: ExtensionUnit = switch limit.unit {
        case .workdays: .workdays
        case .days: .days
        case .minutes: .hours
        }
        guard unit == expected else { throw ExtensionUnitMismatch(expected: expected, limit: limit) }
        // The case clock of a limit in hours counts whole hours (`ClockRecord.timeLimit`): the amount as written.
        return amount
    }
}
