import Foundation
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
            let free = fee.amount == 0 || (fee.text.map(Self.saysFree) ?? false)
            guard free else { return [] }
            message = "the flow charges \(titles), but guide.fee says the item is free; correct guide.fee, so that the service guide shows what the window charges"
        } else {
            message = "the flow charges \(titles), but guide.fee is not written, so the service guide's 收费标准 reads —; "
                + "write guide.fee with the amounts and their basis (Art. 30 has them public)"
        }
        return [c.diagnostic(id, .warning, message, at: first.id.range)]
    }

    /// `不收费`, `免费（依据…）`: the whole text, up to its first bracket or
    /// stop, says free — not `首次申领免费，补领收取工本费 20 元`.
    static func saysFree(_ text: String) -> Bool {
        let head = text.prefix { !"（(；;，,。.".contains($0) }.trimmingCharacters(in: .whitespaces)
        return ["不收费", "免费", "免费办理", "免收费用", "无"].contains(head)
    }
}
