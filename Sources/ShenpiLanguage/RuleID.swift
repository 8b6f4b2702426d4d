/// The stable ids of every diagnostic Shenpi reports. They are a public
/// contract (CI configurations and suppressions name them): never rename one.
/// Each rule's meaning, example and exact output are in docs/rules.md.
public enum RuleID {
    // Loader (ShenpiSyntax reports these with the same strings).
    public static let syntax = "syntax"
    public static let duplicateKey = "duplicate-key"
    public static let tabIndentation = "tab-indentation"
    public static let invalidUTF8 = "invalid-utf8"
    public static let fileTooLarge = "file-too-large"
    public static let nestingDepth = "nesting-depth"
    public static let aliasExpansion = "alias-expansion"
    public static let complexKey = "complex-key"
    public static let multipleDocuments = "multiple-documents"
    public static let io = "io"

    // Structure, reported while the model is built.
    public static let unknownKey = "unknown-key"
    public static let missingKey = "missing-key"
    public static let wrongType = "wrong-type"
    public static let invalidValue = "invalid-value"
    public static let malformedID = "malformed-id"
    public static let badDuration = "bad-duration"
    public static let yaml11Scalar = "yaml11-scalar"
    public static let conflictingKeys = "conflicting-keys"
    public static let unknownFileKind = "unknown-file-kind"
    public static let nestedParallel = "nested-parallel"
}
