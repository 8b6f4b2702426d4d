import ShenpiLanguage

/// Stable ids of the diagnostics a malformed scenario file gets. The
/// structural ones (`scenario-unknown-key`, `scenario-wrong-type` …) are the
/// language's own rule ids with the `scenario-` prefix; YAML syntax errors
/// keep the loader's ids (`syntax`, `duplicate-key` …).
public enum ScenarioRule {
    public static let prefix = "scenario-"
    /// A flow or a registry given as a scenario (`scenario-unknown-file-kind`, after the language's rule).
    public static let unknownFileKind = prefix + RuleID.unknownFileKind
    /// An instant that does not parse (`2025-02-30`, `9:00`).
    public static let badInstant = "scenario-bad-instant"
    /// `advance:` that is not `N workdays|days|hours|minutes`.
    public static let badAdvance = "scenario-bad-advance"
    /// A step with no action and no expectation, or more than one action.
    public static let badStep = "scenario-bad-step"
    /// `by:` names an officer missing from `actors:`.
    public static let unknownActor = "scenario-unknown-actor"
    /// An `expect-error:` kind the engine never reports.
    public static let unknownErrorKind = "scenario-unknown-error-kind"
    /// The flow file is missing, or does not lint clean or compile.
    public static let flow = "scenario-flow"
    /// A field value that does not fit the flow's field type.
    public static let fieldValue = "scenario-field-value"
    /// `extend:` in another unit than the case limit's (`days` on a `10 workdays` limit).
    public static let extensionUnit = "scenario-extension-unit"
    /// An officer under `actors:` given a role the catalog's registry does not define.
    public static let unknownRole = "scenario-unknown-role"
    /// `case:` naming a step of the flow that is not a call step (or no step at all).
    public static let notACall = "scenario-not-a-call"
}
