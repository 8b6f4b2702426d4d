import ShenpiSyntax

/// The formats `shenpi lint --format` writes.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text
    case json
    case sarif
    case github

    /// Renders a whole result. `snippets` adds source lines with a caret underline (text only).
    public func render(_ result: LintResult, snippets: Bool = false, color: Bool = false) -> String {
        switch self {
        case .text: return TextFormatter(snippets: snippets, color: color).render(result)
        case .json: return JSONFormatter.render(result.diagnostics)
        case .sarif: return SARIFFormatter.render(result.diagnostics)
        case .github: return GitHubFormatter.render(result.diagnostics)
        }
    }
}
