import ShenpiLanguage
import ShenpiRules

/// The formats `shenpi graph --format` writes.
public enum GraphFormat: String, CaseIterable, Sendable {
    case mermaid
    case dot
    /// DOT laid out by Graphviz's `dot -Tsvg`.
    case svg
}

/// One flow's diagram in any format: the entry point for the CLI and for
/// pages that embed a diagram.
public struct GraphRenderer: Sendable {
    public var diagram: GraphDiagram

    /// `catalog`: the flows a call step names, for their titles (`子流程 存量房买卖契税征收`).
    public init(flow: Workflow, registry: Registry?, catalog: Catalog? = nil) {
        diagram = GraphBuilder(flow: flow, registry: registry, catalog: catalog).build()
    }

    public func mermaid() -> String { GraphMermaid.render(diagram) }

    public func dot() -> String { GraphDOT.render(diagram) }

    public func svg(using graphviz: Graphviz) throws -> String { try graphviz.svg(fromDOT: dot()) }

    /// `svg` needs `graphviz`; the text formats ignore it.
    public func render(_ format: GraphFormat, graphviz: Graphviz? = nil) throws -> String {
        switch format {
        case .mermaid: return mermaid()
        case .dot: return dot()
        case .svg:
            guard let graphviz else { throw GraphvizError(message: GraphFormat.graphvizMissing) }
            return try svg(using: graphviz)
        }
    }
}

extension GraphFormat {
    /// What to say when `--format svg` finds no `dot`.
    public static let graphvizMissing = "--format svg needs Graphviz's \"dot\" (apt-get install graphviz); use --format dot or mermaid"
}
