import ShenpiLanguage
import ShenpiSyntax

/// `follow-up-limit`: a registry's `supervision: follow-up-within` longer
/// than local rules give a 差评 (or a dissatisfied callback) to be verified,
/// rectified and answered: 1 to 15 working days (国办发〔2019〕51号 leaves the
/// limit to each place; none found allows more). A limit in calendar days is
/// held to 21, three weeks. A center whose own rule allows more names it in
/// a suppression comment.
public struct FollowUpLimitRule: Sendable {
    public static let id = "follow-up-limit"
    public init() {}

    public func check(_ registry: Registry) -> [Diagnostic] {
        guard let limit = registry.followUpWithin else { return [] }
        let most: Duration
        switch limit.value.unit {
        case .workdays: most = Duration(15, .workdays)
        case .days: most = Duration(21, .days)
        case .hours: return []  // refused as bad-duration when the registry is read
        }
        guard limit.value.amount > most.amount else { return [] }
        return [Diagnostic(file: registry.file, range: limit.range, severity: .warning, rule: Self.id,
            message: "a follow-up limit of \(limit.value) is longer than local rules allow a 差评 to be rectified and answered "
                + "(1 to 15 working days" + (most.unit == .days ? ", held to \(most) in calendar days" : "")
                + "); if the center's own rule allows it, name it in a suppression comment: "
                + "# shenpi-lint disable follow-up-limit -- <the rule>")]
    }
}
