extension SchemaTexts {
    // MARK: values of the fixed word lists (exhaustive switches: a new case does not compile without text)

    static func text(_ kind: ItemKind) -> SchemaText {
        switch kind {
        case .immediate: return SchemaText("即办件：当场办结", "handled on the spot")
        case .promised: return SchemaText("承诺件：在承诺时限内办结", "handled within a promised limit")
        }
    }

    static func text(_ kind: Outcome.Kind) -> SchemaText {
        switch kind {
        case .granted: return SchemaText("准予（许可、登记）", "granted")
        case .refused: return SchemaText("不予（许可、登记）；在并联分支中撤销其他分支", "refused; inside a parallel branch it cancels the others")
        case .notAccepted: return SchemaText("不予受理", "not accepted")
        case .withdrawn: return SchemaText("申请人撤回", "withdrawn by the applicant")
        }
    }

    static func text(_ form: Material.Form) -> SchemaText {
        switch form {
        case .original: return SchemaText("原件", "original")
        case .copy: return SchemaText("复印件", "copy")
        case .electronic: return SchemaText("电子件", "electronic")
        }
    }

    static func text(_ source: Material.Source) -> SchemaText {
        switch source {
        case .applicant: return SchemaText("申请人自备", "brought by the applicant")
        case .government: return SchemaText("政府部门核发", "issued by a government body")
        case .intermediary: return SchemaText("中介机构出具", "issued by an intermediary")
        }
    }

    static func text(_ requirement: Material.Requirement) -> SchemaText {
        switch requirement {
        case .always: return SchemaText("必需", "always required")
        case .deferrable: return SchemaText("容缺后补：可先受理，之后补交", "deferrable: accepted now, supplied later")
        case .optional: return SchemaText("非必需", "optional")
        }
    }

    static func text(_ delivery: Guide.Delivery) -> SchemaText {
        switch delivery {
        case .window: return SchemaText("窗口领取", "collected at the window")
        case .mail: return SchemaText("邮寄送达", "sent by mail")
        case .online: return SchemaText("网上送达", "delivered online")
        }
    }

    static func text(_ pause: PauseKind) -> SchemaText {
        let english: String
        switch pause {
        case .supplement: english = "supplement (materials to be completed)"
        case .hearing: english = "hearing"
        case .tender: english = "tender"
        case .auction: english = "auction"
        case .inspection: english = "inspection"
        case .testing: english = "testing"
        case .quarantine: english = "quarantine"
        case .appraisal: english = "appraisal"
        case .expertReview: english = "expert review"
        case .rectification: english = "rectification (putting right what an on-site check found)"
        }
        return SchemaText(pause.chineseTitle, english)
    }

    /// The field types of `LanguageKeys.fieldTypes`.
    static let fieldTypes: [String: SchemaText] = [
        "string": SchemaText("文本", "text"),
        "integer": SchemaText("整数", "whole number"),
        "number": SchemaText("数字", "number"),
        "boolean": SchemaText("是/否", "true or false"),
        "date": SchemaText("日期 YYYY-MM-DD", "ISO date YYYY-MM-DD"),
        "enum": SchemaText("枚举，需要 values", "one of the listed values; needs values"),
        "phone": SchemaText("电话号码（大陆手机或固定电话）", "mainland mobile or landline number"),
        "resident-id": SchemaText("18 位公民身份号码（校验码和出生日期会被检查）", "18-character resident identity number (checksum and birth date validated)"),
    ]

    static let joinWords: [String: SchemaText] = [
        "all": SchemaText("等待全部分支", "wait for every branch"),
        "any": SchemaText("等待第一个分支", "wait for the first branch"),
    ]
}
