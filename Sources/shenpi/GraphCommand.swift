import ArgumentParser
import Foundation
import ShenpiRender
import ShenpiRules

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a flow as a diagram (Mermaid, Graphviz DOT or SVG).",
        discussion: """
            The flow is linted first; a flow with errors is not drawn (its errors are printed \
            to standard error, exit 1). --format svg runs Graphviz's dot, which must be on PATH. \
            Exit status: 0 drawn, 1 lint errors, 2 bad usage, 3 fatal. Shapes and colours: docs/graph.md.
            """
    )

    @Argument(help: "The flow file ('-' reads standard input).")
    var file: String

    @Option(help: "Output format: mermaid, dot, svg.")
    var format: String = "mermaid"

    @Option(help: "Write the diagram to this file instead of standard output.")
    var out: String?

    @Option(help: "The registry of departments and roles (default: the nearest registry.yaml above the file).")
    var registry: String?

    func run() throws {
        guard let fmt = GraphFormat(rawValue: format) else {
            throw ValidationError("unknown format \"\(format)\"; expected one of " + GraphFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var isDirectory: ObjCBool = false
        if file != "-", FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("graph draws one flow; \(file) is a folder")
        }
        let graphviz = fmt == .svg ? Graphviz.locate() : nil
        if fmt == .svg, graphviz == nil { throw ValidationError(GraphFormat.graphvizMissing) }

        let checked = try LintedFlow.load(file, registry: registry)
        let text: String
        do {
            text = try GraphRenderer(flow: checked.flow, registry: checked.catalog.registry, catalog: checked.catalog).render(fmt, graphviz: graphviz)
        } catch let e as GraphvizError {
            FileHandle.standardError.write(Data("shenpi: error: \(e.message)\n".utf8))
            throw ExitCode(3)
        }
        guard let out else {
            StandardOutput.write(Data(text.utf8))
            return
        }
        try OutputFile.write(Data(text.utf8), to: out)
    }
}
