/// Writes a diagram in Graphviz's DOT language: parallel blocks and their
/// branches as clusters, every id and label a quoted string.
public enum GraphDOT {
    /// Generic family: the viewer substitutes a font that has the Chinese glyphs.
    static let font = "sans-serif"

    public static func render(_ diagram: GraphDiagram) -> String {
        var out = "digraph \(quoted(diagram.name)) {\n"
        out += "    graph [label=\(quoted(diagram.title)), labelloc=t, fontname=\(quoted(font)), fontsize=16, rankdir=TB, newrank=true, nodesep=0.35, ranksep=0.45]\n"
        out += "    node [fontname=\(quoted(font)), fontsize=11, margin=\"0.15,0.06\"]\n"
        out += "    edge [fontname=\(quoted(font)), fontsize=10, color=\"#555555\"]\n"
        for item in diagram.items { write(item, indent: "    ", into: &out) }
        for e in diagram.edges {
            var attributes: [String] = []
            if !e.lines.isEmpty { attributes.append("label=\(quoted(e.lines))") }
            switch e.style {
            case .normal: break
            case .timeout:
                attributes += ["style=dashed", "color=\(quoted(GraphStyle.timeoutColour))", "fontcolor=\(quoted(GraphStyle.timeoutColour))"]
            case .withdrawal:
                attributes += ["style=dotted", "color=\(quoted(GraphStyle.withdrawalColour))", "fontcolor=\(quoted(GraphStyle.withdrawalColour))"]
            }
            let list = attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]"
            out += "    \(quoted(e.from)) -> \(quoted(e.to))\(list)\n"
        }
        for row in diagram.rows {
            out += "    { rank=same; " + row.map { quoted($0) + "; " }.joined() + "}\n"
        }
        return out + "}\n"
    }

    static func write(_ item: GraphItem, indent: String, into out: inout String) {
        switch item {
        case .node(let n):
            out += "\(indent)\(quoted(n.id)) [\(attributes(n))]\n"
        case .group(let g):
            out += "\(indent)subgraph \(quoted("cluster_" + g.id)) {\n"
            let inner = indent + "    "
            switch g.kind {
            case .parallel:
                out += "\(inner)graph [label=\(quoted(g.label)), style=\"rounded,dashed\", color=\(quoted(GraphStyle.groupColour)), fontcolor=\(quoted(GraphStyle.groupColour)), fontsize=12]\n"
            case .branch:
                out += "\(inner)graph [label=\(quoted(g.label)), style=rounded, color=\(quoted(GraphStyle.branchColour)), fontcolor=\(quoted(GraphStyle.groupColour)), fontsize=11]\n"
            }
            for i in g.items { write(i, indent: inner, into: &out) }
            out += "\(indent)}\n"
        }
    }

    /// Label, shape and colours of a node.
    static func attributes(_ n: GraphNode) -> String {
        let style = GraphStyle.of(n.kind)
        var a = ["label=\(quoted(n.lines))"]
        switch n.kind {
        case .start: a += ["shape=circle", "style=filled", "width=0.6", "fixedsize=true"]
        case .task: a += ["shape=box", "style=filled"]
        case .route: a += ["shape=diamond", "style=filled"]
        case .wait: a += ["shape=hexagon", "style=filled"]
        case .call: a += ["shape=component", "style=filled"]
        case .fork: a += ["shape=trapezium", "style=filled"]
        case .join: a += ["shape=invtrapezium", "style=filled"]
        case .outcome: a += ["shape=box", "style=\"rounded,filled,bold\""]
        }
        a += ["fillcolor=\(quoted(style.fill))", "color=\(quoted(style.stroke))", "fontcolor=\(quoted(style.text))"]
        return a.joined(separator: ", ")
    }

    /// Label lines as one DOT string, lines separated by `\n`.
    static func quoted(_ lines: [String]) -> String {
        "\"" + lines.map(escape).joined(separator: "\\n") + "\""
    }

    static func quoted(_ s: String) -> String { "\"" + escape(s) + "\"" }

    /// Text made safe inside a DOT `"…"` string: `"` and `\` escaped (so no
    /// `\N`, `\G` or `\l` is ever formed from the text), line breaks as `\n`.
    public static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
