import Foundation
import ShenpiLanguage

/// How an HTML guide draws its flow diagram.
public enum GuideDiagramStyle: String, Sendable, CaseIterable {
    /// Graphviz `dot` turns the flow into inline SVG.
    case svg
    /// A diagram of boxes in plain HTML and CSS: needs nothing installed.
    case list

    /// `svg` when Graphviz is installed, otherwise `list`.
    public static func automatic() -> GuideDiagramStyle {
        GuideDiagram.graphviz() != nil ? .svg : .list
    }
}

/// The flow diagram of a guide page: the graph renderer's Mermaid for
/// Markdown, its DOT laid out by Graphviz for HTML.
public enum GuideDiagram {
    /// The Mermaid text for a ```mermaid block.
    public static func mermaid(_ page: GuidePage) -> String {
        GraphRenderer(flow: page.flow, registry: page.registry, catalog: page.catalog).mermaid()
    }

    /// The DOT text Graphviz lays out for the inline SVG.
    public static func dot(_ page: GuidePage) -> String {
        GraphRenderer(flow: page.flow, registry: page.registry, catalog: page.catalog).dot()
    }

    /// Graphviz, if `dot` is on `PATH`.
    public static func graphviz() -> Graphviz? { Graphviz.locate() }

    /// The flow as an inline `<svg>` element laid out by `dot`; `nil` when
    /// Graphviz is missing or fails.
    public static func svg(_ page: GuidePage, graphviz: Graphviz? = graphviz()) -> String? {
        guard let graphviz, let document = try? GraphRenderer(flow: page.flow, registry: page.registry, catalog: page.catalog).svg(using: graphviz) else {
            return nil
        }
        return inlineSVG(document, title: page.title)
    }

    /// Drops the XML declaration, doctype and comments `dot` writes before
    /// the `<svg>` element, and the `<title>` elements and comments it gives
    /// every node and edge: they hold the flow's internal ids
    /// (`start->step_accept`), which a browser shows as tooltips and a
    /// screen reader reads out, and anyone can see in the page's source. The
    /// picture gets an accessible name of its own instead.
    static func inlineSVG(_ document: String, title: String) -> String? {
        guard let start = document.range(of: "<svg") else { return nil }
        var svg = String(document[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        for (opening, closing) in [("<title>", "</title>"), ("<!--", "-->")] {
            var from = svg.startIndex
            while let open = svg.range(of: opening, range: from..<svg.endIndex),
                  let close = svg.range(of: closing, range: open.upperBound..<svg.endIndex) {
                var end = close.upperBound
                if end < svg.endIndex, svg[end] == "\n" { end = svg.index(after: end) }
                svg.removeSubrange(open.lowerBound..<end)
                from = open.lowerBound
            }
        }
        let label = " role=\"img\" aria-label=\"\(GuideEscaping.html(title))办理流程图\""
        svg.insert(contentsOf: label, at: svg.index(svg.startIndex, offsetBy: 4))
        return svg
    }
}
