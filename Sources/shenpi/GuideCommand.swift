import ArgumentParser
import Foundation
import ShenpiRender
import ShenpiRules

struct GuideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "Write the public service guide (办事指南) of each item, and the catalog page.",
        discussion: """
            One page per flow (<workflow-id>.md or .html) and index.md or index.html, in --out. \
            If any flow has lint errors, nothing is written: the errors are printed as `shenpi lint` \
            prints them and the exit status is 1 (the folder keeps the last good publication). \
            A page an earlier run wrote for an item no longer among the flows is removed.

            Exit status: 0 all written, 1 lint errors, 2 bad usage, 3 fatal. See docs/guide.md.
            """
    )

    @Argument(help: "Flow files or folders. Default: workflows/")
    var paths: [String] = []

    @Option(help: "Output format: md or html.")
    var format: String = "html"

    @Option(help: "Folder to write into (created if missing).")
    var out: String

    @Option(help: "HTML diagram: auto (Graphviz SVG when `dot` is installed, else plain HTML), svg, html.")
    var diagram: String = "auto"

    @Option(help: "The registry of departments and roles (default: the nearest registry.yaml above each file).")
    var registry: String?

    /// Checked in `run` (not `validate`) so that a bad value gets the one-line
    /// `shenpi: error:` like every other command's bad input.
    func checkOptions() throws {
        guard GuideFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format \"\(format)\"; expected md or html")
        }
        guard ["auto", "svg", "html"].contains(diagram) else {
            throw ValidationError("unknown --diagram value \"\(diagram)\"; expected auto, svg or html")
        }
        if format == GuideFormat.md.rawValue && diagram != "auto" {
            throw ValidationError("--diagram applies to --format html; Markdown pages always embed a Mermaid diagram")
        }
        guard !out.isEmpty else { throw ValidationError("--out needs a folder") }
    }

    func run() throws {
        try checkOptions()
        guard let fmt = GuideFormat(rawValue: format) else { return }
        let style: GuideDiagramStyle
        switch diagram {
        case "svg":
            guard GuideDiagram.graphviz() != nil else {
                throw ValidationError("--diagram svg needs Graphviz `dot` on PATH (apt-get install graphviz), or use --diagram html")
            }
            style = .svg
        case "html": style = .list
        default: style = fmt == .html ? .automatic() : .list
        }
        let targets = paths.isEmpty ? ["workflows"] : paths
        if targets.contains("-") { throw ValidationError("guide reads files and folders, not standard input") }
        let linter = Linter(calendars: try CalendarSupport.bundled(), registryPath: registry)
        let site: GuideSite
        do {
            site = try GuideSite.load(paths: targets, linter: linter)
        } catch let e as LintUsageError {
            throw ValidationError(e.description)
        }
        // Before anything is written: a refused run leaves no folder and no index behind.
        if site.pages.isEmpty && site.isClean {
            throw ValidationError("no flow files in " + targets.joined(separator: " ") + " (a flow file starts with a `workflow:` key)")
        }
        // All or nothing: a folder synced to the website keeps the last good
        // publication, not a catalog without the broken item beside its old page.
        guard site.isClean else {
            StandardOutput.write(Data(OutputFormat.text.render(site.problems).utf8))
            FileHandle.standardError.write(Data("shenpi guide: nothing written to \(out): fix the errors above first\n".utf8))
            throw ExitCode(1)
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue {
            throw ValidationError("--out \(out) is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create folder \(out): " + String(cString: strerror(errno)))
        }
        let files = site.files(format: fmt, diagram: style)
        for file in files {
            try OutputFile.write(Data(file.content.utf8), to: (out as NSString).appendingPathComponent(file.name))
        }
        // With --registry the catalog is the named files alone: nothing tells which items are gone.
        let stale = registry == nil ? GuideSite.stalePages(in: out, format: fmt, written: Set(files.map(\.name)), known: site.catalogItems) : []
        for name in stale {
            let path = (out as NSString).appendingPathComponent(name)
            guard unlink(path) == 0 else { throw ValidationError("cannot remove the old page \(path): " + String(cString: strerror(errno))) }
        }
        let count = site.pages.count
        let removed = stale.isEmpty ? "" : "; removed \(stale.count) page\(stale.count == 1 ? "" : "s") of items no longer there (\(stale.joined(separator: ", ")))"
        FileHandle.standardError.write(Data("shenpi guide: wrote \(count) item page\(count == 1 ? "" : "s") and index.\(fmt.rawValue) to \(out)\(removed)\n".utf8))
    }
}
