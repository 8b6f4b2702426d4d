/// The kinds of YAML file Shenpi reads, each told by one top-level key.
/// Shared by `shenpi lint` and `shenpi test` so that each can name the other
/// kinds instead of reporting every key of a file it was not meant to read.
public enum FileKind: String, Sendable, CaseIterable {
    /// A flow: `workflow: <id>`.
    case workflow
    /// The departments and roles of a catalog: `registry: <id>` (`registry.yaml`).
    case registry
    /// A scenario for `shenpi test`: `scenario: <name>`.
    case scenario

    /// The key that marks the kind, at the top of the file.
    public var key: String { rawValue }

    /// The kind of a file with these top-level keys. When several marking
    /// keys are present the first case wins (a flow with a stray `scenario:`
    /// key is a flow, and its decoder reports the key).
    public static func of(keys: [String]) -> FileKind? {
        allCases.first { keys.contains($0.key) }
    }
}
