/// Writes a diagram as a Mermaid flowchart (GitHub, GitLab and most Markdown
/// viewers render it). Labels are quoted strings; the characters Mermaid
/// would read as markup are written as its entity codes (`#quot;`, `#lt;`).
public enum GraphMermaid {
    public static func render(_ diagram: GraphDiagram) -> String {
        var out = "---\ntitle: \(yamlString(diagram.title))\n---\nflowchart TD\n"
        for item in diagram.items { write(item, indent: "    ", into: &out) }
        var timeouts: [Int] = []
        var withdrawals: [Int] = []
        for (n, e) in diagram.edges.enumerated() {
            let arrow = e.style == .normal ? "-->" : "-.->"
            let label = e.lines.isEmpty ? "" : "|\"\(text(e.lines))\"|"
            out += "    \(e.from) \(arrow)\(label) \(e.to)\n"
            if e.style == .timeout { timeouts.append(n) }
            if e.style == .withdrawal { withdrawals.append(n) }
        }
        out += classes(diagram)
        if !timeouts.isEmpty {
            out += "    linkStyle \(list(timeouts)) stroke:\(GraphStyle.timeoutColour),color:\(GraphStyle.timeoutColour)\n"
        }
        if !withdrawals.isEmpty {
            out += "    linkStyle \(list(withdrawals)) stroke:\(GraphStyle.withdrawalColour),color:\(GraphStyle.withdrawalColour)\n"
        }
        return out
    }

    static func write(_ item: GraphItem, indent: String, into out: inout String) {
        switch item {
        case .node(let n):
            out += indent + node(n) + "\n"
        case .group(let g):
            out += "\(indent)subgraph \(g.id) [\"\(text([g.label]))\"]\n"
            for inner in g.items { write(inner, indent: indent + "    ", into: &out) }
            out += "\(indent)end\n"
        }
    }

    /// `step_accept["受理<br/>综合受理窗口 · 5 个工作日"]`, in the shape of its kind.
    static func node(_ n: GraphNode) -> String {
        let label = "\"\(text(n.lines))\""
        switch n.kind {
        case .start: return "\(n.id)((\(label)))"
        case .task: return "\(n.id)[\(label)]"
        case .route: return "\(n.id){\(label)}"
        case .wait: return "\(n.id){{\(label)}}"
        case .call: return "\(n.id)[[\(label)]]"
        case .fork: return "\(n.id)[/\(label)\\]"
        case .join: return "\(n.id)[\\\(label)/]"
        case .outcome: return "\(n.id)([\(label)])"
        }
    }

    /// `classDef` for each kind present, then `class` lines listing its nodes.
    static func classes(_ diagram: GraphDiagram) -> String {
        var out = ""
        for style in GraphStyle.all {
            let ids = diagram.nodes.filter { GraphStyle.of($0.kind) == style }.map(\.id)
            guard !ids.isEmpty else { continue }
            out += "    classDef \(style.name) fill:\(style.fill),stroke:\(style.stroke),color:\(style.text)\n"
            out += "    class \(ids.joined(separator: ",")) \(style.name)\n"
        }
        return out
    }

    static func list(_ ns: [Int]) -> String { ns.map(String.init).joined(separator: ",") }

    /// Label lines as the inside of a Mermaid string: lines joined by `<br/>`.
    public static func text(_ lines: [String]) -> String {
        lines.map(escape).joined(separator: "<br/>")
    }

    /// One line of plain text made safe inside `"…"`: quotes, markup and
    /// entity starts become entity codes; a line break becomes `<br/>`.
    public static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            case "\n": out += "<br/>"
            case "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A YAML double-quoted string for the front matter's title.
    static func yamlString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
