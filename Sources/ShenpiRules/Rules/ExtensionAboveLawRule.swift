import ShenpiLanguage
import ShenpiSyntax

/// `extension-above-law`: a ceiling (`limits.extension.max`) longer than
/// Art. 42 allows: 10 working days, approved by the head of the agency (15
/// for joint handling, 统一、联合、集中办理, approved by the head of the
/// government). A ceiling in calendar days is held to two weeks. Another law
/// may allow more: then the flow says so in a suppression comment.
public struct ExtensionAboveLawRule: Rule {
    public let id = "extension-above-law"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let max = c.flow.limits.extensionCeiling?.max else { return [] }
        let allowed: Duration
        switch max.value.unit {
        case .workdays: allowed = Duration(10, .workdays)
        case .days: allowed = Duration(14, .days)
        case .hours: return []  // how many office hours make 10 days is the calendar's to say
        }
        guard max.value.amount > allowed.amount else { return [] }
        return [c.diagnostic(id, .warning,
            "the extension ceiling of \(max.value) is more than Art. 42 allows (10 working days; 15 for joint handling, "
                + "统一、联合、集中办理); if another law allows it, name it in a suppression comment: "
                + "# shenpi-lint disable extension-above-law -- <the law>",
            at: max.range)]
    }
}
