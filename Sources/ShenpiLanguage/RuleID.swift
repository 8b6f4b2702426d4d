import ShenpiSyntax

/// The stable ids of every diagnostic Shenpi reports. They are a public
/// contract (CI configurations and suppressions name them): never rename one.
/// Each rule's meaning, example and exact output are in docs/rules.md.
public enum RuleID {
    // Loader findings: the ids are defined where they are reported.
    public static let syntax = LoaderRule.syntax
    public static let duplicateKey = LoaderRule.duplicateKey
    public static let tabIndentation = LoaderRule.tabIndentation
    public static let invalidUTF8 = LoaderRule.invalidUTF8
    public static let fileTooLarge = LoaderRule.fileTooLarge
    public static let nestingDepth = LoaderRule.nestingDepth
    public static let aliasExpansion = LoaderRule.aliasExpansion
    public static let complexKey = LoaderRule.complexKey
    public static let multipleDocuments = LoaderRule.multipleDocuments
    public static let io = LoaderRule.io

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
    public static let duplicateID = "duplicate-id"
}
