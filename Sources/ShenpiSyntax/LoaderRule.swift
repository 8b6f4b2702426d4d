/// The rule ids the loader reports. They are part of the public contract of
/// `shenpi lint` (users suppress and grep by them), so never rename one.
public enum LoaderRule {
    /// libyaml rejected the text, or an alias names no anchor.
    public static let syntax = "syntax"
    public static let duplicateKey = "duplicate-key"
    public static let tabIndentation = "tab-indentation"
    public static let invalidUTF8 = "invalid-utf8"
    public static let fileTooLarge = "file-too-large"
    public static let nestingDepth = "nesting-depth"
    public static let aliasExpansion = "alias-expansion"
    public static let complexKey = "complex-key"
    public static let multipleDocuments = "multiple-documents"
    /// `Loader.load(path:)` could not read the file.
    public static let io = "io"

    /// Every id above, for documentation and tests.
    public static let all: [String] = [
        syntax, duplicateKey, tabIndentation, invalidUTF8, fileTooLarge, nestingDepth,
        aliasExpansion, complexKey, multipleDocuments, io,
    ]
}

extension Diagnostic {
    /// A loader error; every loader finding is an error.
    static func loader(
        _ rule: String, _ message: String, file: String, range: SourceRange, notes: [DiagnosticNote] = []
    ) -> Diagnostic {
        Diagnostic(file: file, range: range, severity: .error, rule: rule, message: message, notes: notes)
    }
}

extension SourceRange {
    /// A zero-width range at 1:1, for findings about the file as a whole.
    static let fileStart = SourceRange(at: SourcePosition(line: 1, column: 1))
}
