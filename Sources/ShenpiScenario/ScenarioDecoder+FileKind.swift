import ShenpiLanguage
import ShenpiSyntax

/// A flow or a registry given to `shenpi test` (often by pointing it at a
/// folder of flows) is named for what it is, once, instead of getting an
/// unknown-key error for each of its keys.
extension ScenarioDecoder {
    /// The error for a file of another kind, at the key that marks it; `nil`
    /// for anything that may be a scenario (a file with a `scenario:` key is
    /// read as one, and its stray keys are reported one by one).
    static func otherKind(_ root: ShenpiSyntax.Node, file: String) -> Diagnostic? {
        let entries = root.mappingEntries ?? []
        let keys = entries.map(\.key.value)
        guard !keys.contains(FileKind.scenario.key), let kind = FileKind.of(keys: keys),
            let marker = entries.first(where: { $0.key.value == kind.key })
        else { return nil }
        let what: String
        switch kind {
        case .workflow: what = "flows"
        case .registry: what = "registries"
        case .scenario: return nil
        }
        return Diagnostic(file: file, range: marker.key.range, severity: .error, rule: ScenarioRule.unknownFileKind,
                          message: "this is a \(kind.key) file, not a scenario (it has \"\(kind.key):\"); check \(what) with shenpi lint")
    }
}
