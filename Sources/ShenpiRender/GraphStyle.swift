/// The colours of a diagram, the same in Mermaid and DOT: one style per kind
/// of node; outcomes coloured by kind (granted green, refused and
/// not-accepted red, withdrawn grey).
struct GraphStyle: Equatable, Sendable {
    /// Mermaid class name (none is a keyword: not `call`, `end`, `default`, …).
    let name: String
    let fill: String
    let stroke: String
    let text: String

    static let start = GraphStyle(name: "startNode", fill: "#333333", stroke: "#333333", text: "#ffffff")
    static let task = GraphStyle(name: "taskNode", fill: "#e8f0fe", stroke: "#3b6bb5", text: "#1a1a1a")
    static let route = GraphStyle(name: "routeNode", fill: "#fff4d6", stroke: "#b8860b", text: "#1a1a1a")
    static let wait = GraphStyle(name: "waitNode", fill: "#f1e8fb", stroke: "#7b4fa0", text: "#1a1a1a")
    static let call = GraphStyle(name: "callNode", fill: "#e3f4f1", stroke: "#2b7a6e", text: "#1a1a1a")
    static let fork = GraphStyle(name: "forkNode", fill: "#e0e0e0", stroke: "#555555", text: "#1a1a1a")
    static let granted = GraphStyle(name: "granted", fill: "#d9f2d9", stroke: "#2e7d32", text: "#1b5e20")
    static let refused = GraphStyle(name: "refused", fill: "#fbe0e0", stroke: "#c62828", text: "#8e1b1b")
    static let withdrawn = GraphStyle(name: "withdrawn", fill: "#eeeeee", stroke: "#888888", text: "#555555")
    /// An outcome whose kind is unknown.
    static let outcome = GraphStyle(name: "outcomeNode", fill: "#ffffff", stroke: "#555555", text: "#1a1a1a")

    static let all: [GraphStyle] = [start, task, route, wait, call, fork, granted, refused, withdrawn, outcome]

    static let timeoutColour = "#d35400"
    static let withdrawalColour = "#888888"
    static let groupColour = "#3b6bb5"
    static let branchColour = "#9bb3d9"

    static func of(_ kind: GraphNode.Kind) -> GraphStyle {
        switch kind {
        case .start: return start
        case .task: return task
        case .route: return route
        case .wait: return wait
        case .call: return call
        case .fork, .join: return fork
        case .outcome(let k):
            switch k {
            case .granted?: return granted
            case .refused?, .notAccepted?: return refused
            case .withdrawn?: return withdrawn
            case nil: return outcome
            }
        }
    }
}
