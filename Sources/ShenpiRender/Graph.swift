import ShenpiLanguage

/// A flow as a diagram, independent of the output syntax: nodes (some inside
/// groups), and edges between node ids. `GraphBuilder` makes one from a flow;
/// `GraphMermaid` and `GraphDOT` write it out. Every list is in file order, so
/// output is deterministic.
public struct GraphDiagram: Sendable, Hashable {
    /// The flow id, used as the graph's name.
    public var name: String
    /// Title line: flow title and case limits.
    public var title: String
    /// Nodes and groups in drawing order.
    public var items: [GraphItem]
    public var edges: [GraphEdge]
    /// Nodes to draw side by side, where the layout allows: the first step of
    /// each branch of a parallel block, which all start together.
    public var rows: [[String]]

    public init(name: String, title: String, items: [GraphItem] = [], edges: [GraphEdge] = [], rows: [[String]] = []) {
        self.name = name
        self.title = title
        self.items = items
        self.edges = edges
        self.rows = rows
    }

    /// Every node, groups flattened, in drawing order.
    public var nodes: [GraphNode] {
        func walk(_ items: [GraphItem]) -> [GraphNode] {
            items.flatMap { item -> [GraphNode] in
                switch item {
                case .node(let n): return [n]
                case .group(let g): return walk(g.items)
                }
            }
        }
        return walk(items)
    }

    /// Every group, nested ones after their parent.
    public var groups: [GraphGroup] {
        func walk(_ items: [GraphItem]) -> [GraphGroup] {
            items.flatMap { item -> [GraphGroup] in
                if case .group(let g) = item { return [g] + walk(g.items) }
                return []
            }
        }
        return walk(items)
    }

    public func node(_ id: String) -> GraphNode? { nodes.first { $0.id == id } }
}

/// A node or a group of them.
public enum GraphItem: Sendable, Hashable {
    case node(GraphNode)
    case group(GraphGroup)
}

public struct GraphNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case start
        case task
        case route
        case wait
        case call
        /// Where a parallel block hands the case to its branches.
        case fork
        /// Where a parallel block's branches meet again (the join rule).
        case join
        case outcome(Outcome.Kind?)
    }

    /// Safe for Mermaid and DOT (see `GraphID`).
    public var id: String
    public var kind: Kind
    /// Label lines, plain text; each writer escapes them.
    public var lines: [String]

    public init(id: String, kind: Kind, lines: [String]) {
        self.id = id
        self.kind = kind
        self.lines = lines
    }
}

/// A parallel block or one of its branches.
public struct GraphGroup: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case parallel
        case branch
    }

    public var id: String
    public var kind: Kind
    public var label: String
    public var items: [GraphItem]

    public init(id: String, kind: Kind, label: String, items: [GraphItem] = []) {
        self.id = id
        self.kind = kind
        self.label = label
        self.items = items
    }
}

public struct GraphEdge: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// A decision, route arm or `next:`.
        case normal
        /// The automatic decision taken when a step's limit passes (`on-timeout`).
        case timeout
        /// Withdrawal by the applicant, possible at any time.
        case withdrawal
    }

    public var from: String
    public var to: String
    /// Label lines, plain text; empty for none.
    public var lines: [String]
    public var style: Style

    public init(from: String, to: String, lines: [String] = [], style: Style = .normal) {
        self.from = from
        self.to = to
        self.lines = lines
        self.style = style
    }
}
