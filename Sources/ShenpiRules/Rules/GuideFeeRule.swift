import ShenpiLanguage
import ShenpiSyntax

/// `guide-fee` (warning): the flow charges fees (`fees:`), but its public
/// service guide does not say so — `guide.fee` is not written, so the
/// guide's 收费标准 reads —, or it says the item is free (不收费, 免费, an
/// amount of 0). Art. 30 has the fee and its basis made public; a window
/// should not charge what the guide does not show.
public struct GuideFeeRule: Rule {
    public let id = "guide-fee"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        guard let first = c.flow.fees.first else { return [] }
        let titles = c.flow.fees.map { "“\($0.title?.value ?? $0.id.value)”" }.joined(separator: "、")
        let message: String
        if let fee = c.flow.guide.fee {
            let free = fee.amount == 0 || (fee.text.map { $0.contains("不收费") || $0.contains("免费") } ?? false)
            guard free else { return [] }
            message = "the flow charges \(titles), but guide.fee says the item is free; correct guide.fee, so that the service guide shows what the window charges"
        } else {
            message = "the flow charges \(titles), but guide.fee is not written, so the service guide's 收费标准 reads —; "
                + "write guide.fee with the amounts and their basis (Art. 30 has them public)"
        }
        return [c.diagnostic(id, .warning, message, at: first.id.range)]
    }
}
