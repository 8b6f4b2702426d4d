import ShenpiLanguage
import ShenpiSyntax

/// Every rule `shenpi lint` knows, listed by hand (no registry magic), with
/// its default severity and a one-line summary. docs/rules.md has one section
/// per id, and a test keeps the two in step.
public enum RuleCatalog {
    /// The semantic rules, in the order they run.
    public static let rules: [any Rule] = [
        DuplicateIDRule(),
        UndefinedReferenceRule(),
        CalendarRule(),
        UnusedMaterialRule(),
        MaterialNotYetReceivedRule(),
        DeferredMaterialNeverCheckedRule(),
        MaterialDeadEndRule(),
        GrantWithoutMaterialsRule(),
        UnreachableStepRule(),
        NoPathToOutcomeRule(),
        PromisedAboveLegalRule(),
        PromisePastLegalLimitRule(),
        StepLimitAboveCaseLimitRule(),
        ExtensionUnitRule(),
        ExtensionCeilingRule(),
        ExtensionApproverRule(),
        ExtensionUnboundedRule(),
        ExtensionAboveLawRule(),
        IntakeLimitRule(),
        DeadlineExceededRule(),
        StepExceedsRemainingBudgetRule(),
        ExpressionSyntaxRule(),
        ExpressionTypeRule(),
        FeeOptionalFieldRule(),
        GuideFeeRule(),
        GuideUntitledRule(),
        BranchEscapesBlockRule(),
        JoinCountAboveBranchesRule(),
        RouteWithoutOtherwiseRule(),
        RouteLoopRule(),
        CallFieldsRule(),
        CallWithdrawRule(),
        WithdrawnOutcomesRule(),
        TemplatePlaceholderRule(),
        UnusedTemplateRule(),
        ReasonUntoldRule(),
        PauseNotResumedRule(),
    ]

    public struct Description: Sendable {
        public var id: String
        public var severity: Severity
        public var summary: String
        /// Loader findings cannot be suppressed: the file was not read as written.
        public var suppressible: Bool
    }

    public static let descriptions: [Description] = [
        .init(id: RuleID.syntax, severity: .error, summary: "YAML that libyaml cannot parse", suppressible: false),
        .init(id: RuleID.duplicateKey, severity: .error, summary: "a key repeated in one mapping", suppressible: false),
        .init(id: RuleID.tabIndentation, severity: .error, summary: "a tab in indentation", suppressible: false),
        .init(id: RuleID.invalidUTF8, severity: .error, summary: "bytes that are not UTF-8", suppressible: false),
        .init(id: RuleID.fileTooLarge, severity: .error, summary: "a file over 1 MiB", suppressible: false),
        .init(id: RuleID.nestingDepth, severity: .error, summary: "collections nested deeper than 64 levels", suppressible: false),
        .init(id: RuleID.aliasExpansion, severity: .error, summary: "aliases that would expand past 100,000 nodes", suppressible: false),
        .init(id: RuleID.complexKey, severity: .error, summary: "a mapping key that is not a scalar", suppressible: false),
        .init(id: RuleID.multipleDocuments, severity: .error, summary: "more than one YAML document in a file", suppressible: false),
        .init(id: RuleID.io, severity: .error, summary: "a file that cannot be read", suppressible: false),
        .init(id: RuleID.unknownFileKind, severity: .error, summary: "a file that is not a flow, a registry or a scenario", suppressible: false),
        .init(id: RuleID.unknownKey, severity: .error, summary: "a key the language does not define", suppressible: true),
        .init(id: RuleID.missingKey, severity: .error, summary: "a required key is absent", suppressible: true),
        .init(id: RuleID.wrongType, severity: .error, summary: "a value of the wrong type", suppressible: true),
        .init(id: RuleID.invalidValue, severity: .error, summary: "a value outside the allowed set or range", suppressible: true),
        .init(id: RuleID.conflictingKeys, severity: .error, summary: "keys that exclude each other", suppressible: true),
        .init(id: RuleID.malformedID, severity: .error, summary: "an id that is not lowercase ASCII words", suppressible: true),
        .init(id: RuleID.badDuration, severity: .error, summary: "a duration that is not `N workdays|days|hours`", suppressible: true),
        .init(id: RuleID.yaml11Scalar, severity: .warning, summary: "a plain scalar other YAML tools read as another type", suppressible: true),
        .init(id: RuleID.nestedParallel, severity: .error, summary: "a parallel block inside a branch", suppressible: true),
        .init(id: "duplicate-id", severity: .error, summary: "two things of one namespace share an id", suppressible: true),
        .init(id: "undefined-reference", severity: .error, summary: "a name that points nowhere", suppressible: true),
        .init(id: "unknown-calendar", severity: .error, summary: "a calendar Shenpi has no data for", suppressible: true),
        .init(id: CalendarRule.unitRule, severity: .error, summary: "an hours limit on a calendar without office hours", suppressible: true),
        .init(id: "unused-material", severity: .warning, summary: "a material no step checks", suppressible: true),
        .init(id: "material-not-yet-received", severity: .error, summary: "a step checks a produced material some path reaches it without", suppressible: true),
        .init(id: "deferred-material-never-checked", severity: .warning, summary: "a deferrable (容缺后补) material only the intake checks", suppressible: true),
        .init(id: "material-dead-end", severity: .warning, summary: "a step checking a material a case can reach it without, with no decision taken without it", suppressible: true),
        .init(id: "grant-without-materials", severity: .warning, summary: "a decision taken without its step's materials (`needs-materials: false`) after which a case can be granted unchecked", suppressible: true),
        .init(id: "unreachable-step", severity: .error, summary: "a step no case can reach", suppressible: true),
        .init(id: "no-path-to-outcome", severity: .error, summary: "a step or join from which no outcome can be reached", suppressible: true),
        .init(id: "promised-above-legal", severity: .error, summary: "a promised limit longer than the legal one", suppressible: true),
        .init(id: "promise-past-legal-limit", severity: .warning, summary: "a promise in workdays that ends after a legal limit in days on some days of the calendar", suppressible: true),
        .init(id: "step-limit-above-case-limit", severity: .error, summary: "a step limit longer than the case limit", suppressible: true),
        .init(id: "deadline-exceeded", severity: .error, summary: "a worst-case path longer than the promised (or legal) limit", suppressible: true),
        .init(id: "step-exceeds-remaining-budget", severity: .warning, summary: "a step limit longer than what is left of the case limit when it starts", suppressible: true),
        .init(id: "extension-unit", severity: .error, summary: "an `extend:` or extension ceiling in another unit than the case limit", suppressible: true),
        .init(id: "extension-ceiling", severity: .error, summary: "an `extend:` past the flow's `limits.extension`", suppressible: true),
        .init(id: "extension-approver", severity: .error, summary: "an `extend:` on a step of another role than `limits.extension.by`, or taken on timeout", suppressible: true),
        .init(id: "extension-unbounded", severity: .warning, summary: "an `extend:` in a flow without `limits.extension`", suppressible: true),
        .init(id: "extension-above-law", severity: .warning, summary: "an extension ceiling longer than Art. 42's 10 working days", suppressible: true),
        .init(id: "fee-optional-field", severity: .warning, summary: "a fee's amount reads an optional field without given()", suppressible: true),
        .init(id: "guide-fee", severity: .warning, summary: "fees charged that the service guide does not show (no `guide.fee`, or one that says 不收费)", suppressible: true),
        .init(id: "guide-untitled", severity: .warning, summary: "a published flow's step, branch, outcome or decision without a title: the guide shows its id", suppressible: true),
        .init(id: "intake-limit", severity: .warning, summary: "an intake step of a 行政许可 item without a limit, or with one longer than Art. 32's 5 working days", suppressible: true),
        .init(id: "expression-syntax", severity: .error, summary: "a condition that does not parse", suppressible: true),
        .init(id: "expression-type", severity: .error, summary: "a condition that does not type-check", suppressible: true),
        .init(id: "branch-escapes-block", severity: .error, summary: "a jump across a parallel block's boundary", suppressible: true),
        .init(id: "join-count-above-branches", severity: .error, summary: "`join: n` above the number of branches", suppressible: true),
        .init(id: "route-without-otherwise", severity: .error, summary: "a route that does not end with `otherwise`", suppressible: true),
        .init(id: "route-loop", severity: .error, summary: "routes that lead back to themselves without a step where the case waits", suppressible: true),
        .init(id: "call-fields", severity: .error, summary: "a call that cannot hand the called flow a field it requires", suppressible: true),
        .init(id: "call-withdraw", severity: .warning, summary: "a call of a flow without a `withdrawn` outcome: its sub-case outlives a cancelled call", suppressible: true),
        .init(id: "withdrawn-outcomes", severity: .error, summary: "more than one outcome of kind `withdrawn`: a withdrawal reaches only the first", suppressible: true),
        .init(id: "unknown-placeholder", severity: .error, summary: "a `{name}` in a message that is not defined", suppressible: true),
        .init(id: "unused-template", severity: .warning, summary: "a template no notification sends", suppressible: true),
        .init(id: "reason-untold", severity: .warning, summary: "a refusal or extension whose notice to the applicant leaves out the reason, or a pause its expected duration",
              suppressible: true),
        .init(id: "pause-not-resumed", severity: .warning, summary: "a `pause:` after which a case can be granted with no `resume: true` on the way", suppressible: true),
        .init(id: FollowUpLimitRule.id, severity: .warning, summary: "a registry's 差评 follow-up limit longer than local rules' 15 working days", suppressible: true),
        .init(id: Linter.calendarDataRule, severity: .error, summary: "a local calendar file (calendars/*.cal) that cannot be read", suppressible: false),
        .init(id: Linter.noRegistryRule, severity: .warning, summary: "a flow outside any catalog: roles and departments unchecked", suppressible: true),
        .init(id: Suppression.ruleID, severity: .error, summary: "a suppression comment without a reason or with an unknown rule", suppressible: false),
    ]

    public static func description(of id: String) -> Description? {
        descriptions.first { $0.id == id }
    }
}
