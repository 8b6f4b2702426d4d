import Foundation

/// A flow file's `version:` line, read and rewritten by tests that deploy an
/// edited copy: the project's flows move on, the tests should not care from where.
extension TestSupport {
    /// The number on the flow's top-level `version:` line.
    public static func flowVersion(_ text: String) -> Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("version:") }) else { return nil }
        return Int(line.dropFirst("version:".count).prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces))
    }

    /// The text with the top-level `version:` line's value (and comment) replaced by `value`.
    public static func settingFlowVersion(_ text: String, to value: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("version:") ? "version: \(value)" : String($0) }
            .joined(separator: "\n")
    }
}
