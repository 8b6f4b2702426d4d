import ShenpiCalendar
import ShenpiLanguage
import ShenpiStore
import ShenpiSyntax

/// Reads a scenario file into a `Scenario`, collecting every problem as a
/// positioned diagnostic (file:line:col, `scenario-…` rule ids) instead of
/// stopping at the first. Built on the language's `NodeReader`.
public struct ScenarioDecoder {
    var reader: NodeReader
    var actorNames: Set<String> = []
    var roleMentions: [Located<String>] = []

    public init(file: String) {
        reader = NodeReader(file: file, blankTextAllowed: true)
    }

    /// Errors found so far, with `scenario-` rule ids; the shared readers' warnings are dropped.
    public var diagnostics: [Diagnostic] {
        reader.diagnostics.filter { $0.severity == .error }.map { d in
            var d = d
            if !d.rule.hasPrefix(ScenarioRule.prefix) { d.rule = ScenarioRule.prefix + d.rule }
            return d
        }
    }

    /// Loads and decodes `text`, or every problem found.
    public static func decode(text: String, file: String) -> Result<Scenario, ScenarioProblems> {
        let loaded = Loader().load(text: text, file: file)
        if !loaded.diagnostics.isEmpty { return .failure(ScenarioProblems(Diagnostic.sorted(loaded.diagnostics))) }
        guard let root = loaded.root else {
            let empty = Diagnostic(file: file, range: SourceRange(at: SourcePosition(line: 1, column: 1)), severity: .error,
                                   rule: ScenarioRule.prefix + RuleID.missingKey, message: "the scenario file is empty")
            return .failure(ScenarioProblems([empty]))
        }
        if let other = otherKind(root, file: file) { return .failure(ScenarioProblems([other])) }
        var decoder = ScenarioDecoder(file: file)
        let scenario = decoder.scenario(root)
        let found = decoder.diagnostics
        if let scenario, found.isEmpty { return .success(scenario) }
        return .failure(ScenarioProblems(Diagnostic.sorted(found)))
    }

    /// The scenario as far as it decoded despite problems (steps that did not
    /// decode left out), so that the runner can also check its roles and
    /// field values against the flow and report everything at once; `nil`
    /// when the file is not YAML or its top level did not decode.
    public static func partial(text: String, file: String) -> Scenario? {
        let loaded = Loader().load(text: text, file: file)
        guard loaded.diagnostics.isEmpty, let root = loaded.root, otherKind(root, file: file) == nil else { return nil }
        var decoder = ScenarioDecoder(file: file)
        return decoder.scenario(root)
    }

    static let topKeys = ["scenario", "flow", "start", "case", "actors", "steps"]

    mutating func scenario(_ root: ShenpiSyntax.Node) -> Scenario? {
        guard let f = reader.mapping(root, what: "the scenario", keys: Self.topKeys, required: ["scenario", "flow", "start", "steps"])
        else { return nil }
        let name = reader.text(f["scenario"])
        let flow = reader.text(f["flow"])
        let start = instant(f["start"])
        var number = "C-1"
        if let entry = f["case"], let written = reader.text(entry) {
            // The daemon's rule, so a scenario cannot pass with an id it would refuse.
            if !CaseID.isValid(written.value) {
                reader.report(RuleID.invalidValue, "\(CaseID.rule), found \"\(written.value)\"", at: written.range)
            } else {
                number = written.value
            }
        }
        let actors = self.actors(f["actors"])
        actorNames = Set(actors.keys)
        var steps: [ScenarioStep] = []
        let items = reader.list(f["steps"])
        if let entry = f["steps"], items.isEmpty, entry.value.sequenceItems != nil || entry.value.scalar?.isNull == true {
            reader.report(ScenarioRule.badStep, "the scenario has no steps", at: entry.key.range)
        }
        for item in items { if let s = step(item) { steps.append(s) } }
        guard let name, let flow, let start else { return nil }
        return Scenario(name: name.value, file: reader.file, flow: flow.value, flowRange: flow.range, start: start,
                        caseNumber: number, actors: actors, steps: steps, roleMentions: roleMentions)
    }

    /// `actors: { w1: [window], h1: meteorology-head }`: officer names and their roles.
    mutating func actors(_ entry: MappingEntry?) -> [String: Set<String>] {
        guard let entry else { return [:] }
        guard case .mapping(let entries, _) = entry.value else {
            reader.report(RuleID.wrongType, "expected a mapping of officer names to role lists for \"actors\", found \(reader.describe(entry.value))",
                          at: entry.value.range)
            return [:]
        }
        var out: [String: Set<String>] = [:]
        for e in entries {
            if case .scalar(let s) = e.value, !s.isNull {
                out[e.key.value] = [s.value]
                roleMentions.append(Located(s.value, at: s.range))
            } else {
                let roles = reader.idList(e)
                out[e.key.value] = Set(roles.map(\.value))
                roleMentions += roles
            }
        }
        return out
    }

    // MARK: scalars

    /// An ISO 8601 instant: `2025-09-26T09:00+08:00`, `2025-09-26T09:00` (Beijing), `2025-09-26` (midnight).
    mutating func instant(_ entry: MappingEntry?) -> Instant? {
        guard let entry else { return nil }
        return instant(entry.value, key: entry.key.value)
    }

    mutating func instant(_ node: ShenpiSyntax.Node, key: String) -> Instant? {
        guard case .scalar(let s) = node, !s.isNull else {
            reader.report(RuleID.wrongType, "expected an instant for \"\(key)\", found \(reader.describe(node))", at: node.range)
            return nil
        }
        guard let t = Instant(iso: s.value) else {
            reader.report(ScenarioRule.badInstant,
                          "bad instant \"\(s.value)\" for \"\(key)\"; expected an ISO 8601 date and time like 2025-09-26T09:00+08:00",
                          at: s.range)
            return nil
        }
        return t
    }

    /// A due instant: `none`, a date (due at the end of that day, the last
    /// day of the limit), or an instant. `.some(nil)` is `none`.
    mutating func due(_ node: ShenpiSyntax.Node, key: String) -> Instant?? {
        if case .scalar(let s) = node, s.value == "none" { return .some(nil) }
        if case .scalar(let s) = node, s.value.count == 10, let d = CivilDate(iso: s.value) { return .some(Instant.endOfDay(d)) }
        // A date-shaped value that is no date (2025-11-31): say so, as a date is what is written here.
        if case .scalar(let s) = node, s.value.count == 10, s.value.utf8.filter({ $0 == UInt8(ascii: "-") }).count == 2 {
            reader.report(ScenarioRule.badInstant, "bad date \"\(s.value)\" for \"\(key)\"; no such day (a date like 2025-10-16, the limit's last day, "
                          + "an instant like 2025-10-16T17:00+08:00, or none)", at: s.range)
            return nil
        }
        guard let t = instant(node, key: key) else { return nil }
        return .some(t)
    }

    /// Text of a scalar (any scalar: a number is its digits).
    mutating func string(_ entry: MappingEntry?) -> String? {
        reader.text(entry)?.value
    }

    /// One of `allowed`, or reported.
    mutating func word(_ entry: MappingEntry?, _ allowed: [String]) -> String? {
        guard let entry, let text = reader.text(entry) else { return nil }
        guard allowed.contains(text.value) else {
            reader.report(RuleID.invalidValue,
                          "invalid value \"\(text.value)\" for \"\(entry.key.value)\"; expected one of \(allowed.joined(separator: ", "))",
                          at: text.range)
            return nil
        }
        return text.value
    }

    /// An officer named in `actors:`.
    mutating func actor(_ entry: MappingEntry?) -> String? {
        guard let entry, let name = reader.text(entry) else { return nil }
        guard actorNames.contains(name.value) else {
            let known = actorNames.sorted()
            let hint = known.isEmpty ? "declare it under \"actors:\" with its roles" : "declared: " + known.joined(separator: ", ")
            reader.report(ScenarioRule.unknownActor, "unknown officer \"\(name.value)\"; \(hint)", at: name.range)
            return nil
        }
        return name.value
    }
}
