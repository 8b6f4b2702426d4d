import ShenpiEngine
import ShenpiStore

/// A command refused, by the engine or by the host around it as the daemon
/// would refuse it: what `expect-error:` matches. Nothing was changed.
struct Refusal: Error, CustomStringConvertible {
    /// The kebab-case kind (`materials-missing`, `subcase-step` …).
    var kind: String
    var description: String

    init(kind: String, _ description: String) {
        self.kind = kind
        self.description = description
    }

    init(_ e: EngineError) {
        self.init(kind: e.kind, e.description)
    }

    /// The store's refusals under the daemon's codes; anything else is not
    /// a refusal a scenario can expect, and fails it with the store's words.
    init(_ e: CaseEngineError) {
        switch e {
        case .engine(let e): self.init(e)
        case .subcaseRefused: self.init(kind: "subcase-refused", e.description)
        default: self.init(kind: "store", e.description)
        }
    }
}
