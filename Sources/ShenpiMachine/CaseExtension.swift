/// The unit a person writes an extension of the case limit in (Art. 42
/// 延长): it must be the case limit's own unit, so "3 days" never quietly
/// means 3 working days, nor "2" on an hours limit 2 minutes.
public enum ExtensionUnit: String, Sendable, Hashable, CaseIterable {
    case workdays
    case days
    case hours
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

extension Machine {
    /// The limit the case clock runs on: the promise, else the legal limit.
    public var caseClockLimit: Limit? { limits.promised ?? limits.legal }

    /// `amount` `unit` as the engine's extension: units of the case limit's
    /// own unit (minutes for a limit in hours). Without a case limit there is
    /// nothing to convert; the engine refuses the extension itself.
    public func extensionAmount(_ amount: Int, _ unit: ExtensionUnit) throws(ExtensionUnitMismatch) -> Int {
        guard let limit = caseClockLimit else { return amount }
        let expected: ExtensionUnit = switch limit.unit {
        case .workdays: .workdays
        case .days: .days
        case .minutes: .hours
        }
        guard unit == expected else { throw ExtensionUnitMismatch(expected: expected, limit: limit) }
        return unit == .hours ? min(amount, Int.max / 60) * 60 : amount
    }
}
