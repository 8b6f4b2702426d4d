import Foundation
import ShenpiLanguage
import ShenpiRules
import ShenpiSyntax

/// The guides of a set of flows: one page per flow that lints without
/// errors, and the catalog page. A flow with errors is not published; its
/// errors are in `problems`.
public struct GuideSite: Sendable {
    public var pages: [GuidePage]
    /// The error diagnostics that kept flows (or other files) out, as a lint
    /// result for the text formatter; empty when everything rendered.
    public var problems: LintResult

    /// Pages for the clean flows of `result`. `subItems` adds flows a call
    /// may name that were not linted here (the rest of the catalog).
    public init(result: LintResult, subItems: [String: Workflow] = [:]) {
        var items = subItems
        for f in result.flows { if let id = f.flow.id?.value { items[id] = f.flow } }
        pages = result.flows.filter { !$0.hasErrors }.map { GuideBuilder.page(for: $0, subItems: items) }
        var problems = result
        problems.diagnostics = result.diagnostics.filter { $0.severity == .error }
        problems.flows = []
        self.problems = problems
    }

    /// Lints `paths` and the catalog flows they call, then builds the site.
    public static func load(paths: [String], linter: Linter) throws -> GuideSite {
        let result = try linter.lint(paths: paths)
        // A called flow outside `paths` still gives its title, department,
        // limit and materials; its own findings are not this run's business.
        var known = Set(result.flows.compactMap { $0.flow.id?.value })
        var subItems: [String: Workflow] = [:]
        var pending = result.flows
        while !pending.isEmpty {
            var files: [String] = []
            for checked in pending {
                for entry in FlowIndex(checked.flow).steps {
                    guard case .call(let call) = entry.step.kind, !known.contains(call.flow.value),
                        let file = checked.catalog.flows[call.flow.value]?.first?.file else { continue }
                    known.insert(call.flow.value)
                    files.append(file)
                }
            }
            if files.isEmpty { break }
            let more = try linter.lint(paths: files)
            for f in more.flows { if let id = f.flow.id?.value, subItems[id] == nil { subItems[id] = f.flow } }
            pending = more.flows
        }
        return GuideSite(result: result, subItems: subItems)
    }

    /// The start of the comment every item page carries (the file and id it
    /// came from): how `shenpi guide` knows a page it wrote before, to remove
    /// it once its item is gone.
    public static let marker = "<!-- shenpi guide: "

    /// The workflow ids of every catalog this run's flows belong to: items
    /// that still exist, whether or not this run wrote their pages.
    public var catalogItems: Set<String> {
        var ids = Set(pages.map(\.id))
        for p in pages { if let c = p.catalog { ids.formUnion(c.flows.keys) } }
        return ids
    }

    /// Pages of `format` in `folder` that an earlier run wrote for an item
    /// none of `known` is (deleted or renamed since), which would otherwise
    /// stay on a synced website unlisted. A page is recognised by its own
    /// marker line naming the item its file is named for, so a page of an
    /// item still in the catalog (a run over one file), a file quoting the
    /// marker, or anything that is not a regular file is never touched.
    public static func stalePages(in folder: String, format: GuideFormat, written: Set<String>, known: Set<String>) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { name in
            guard name.hasSuffix("." + format.rawValue), !written.contains(name), !name.hasPrefix(".") else { return false }
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let handle = FileHandle(forReadingAtPath: path) else { return false }
            defer { try? handle.close() }
            // A page is small; one larger than 4 MiB is none of ours.
            guard let data = try? handle.read(upToCount: 4 << 20) else { return false }
            guard let id = markedItem(in: String(decoding: data, as: UTF8.self)) else { return false }
            return !known.contains(id) && GuideEscaping.fileName(id) + "." + format.rawValue == name
        }
    }

    /// The item id of a page's marker line (`<!-- shenpi guide: FILE (ID) -->`
    /// on a line of its own), `nil` without one.
    static func markedItem(in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix(marker) && line.hasSuffix(") -->") {
            guard let open = line.range(of: " (", options: .backwards) else { continue }
            let id = line[open.upperBound..<line.index(line.endIndex, offsetBy: -5)]
            if !id.isEmpty { return String(id) }
        }
        return nil
    }

    /// Whether every flow rendered and nothing else had errors.
    public var isClean: Bool { problems.diagnostics.isEmpty }

    public var index: GuideIndex { GuideIndex(pages: pages) }

    /// Every file of the site: one page per item and `index.md` / `index.html`.
    /// The HTML diagram is Graphviz SVG or plain HTML as `diagram` says.
    public func files(format: GuideFormat, diagram: GuideDiagramStyle = .list) -> [(name: String, content: String)] {
        let ids = Set(pages.map(\.id))
        var out: [(name: String, content: String)] = []
        for p in pages {
            switch format {
            case .md: out.append((p.fileName(.md), GuideMarkdown.page(p, linkable: ids)))
            case .html: out.append((p.fileName(.html), GuideHTML.page(p, diagram: diagram, linkable: ids)))
            }
        }
        switch format {
        case .md: out.append(("index.md", GuideMarkdown.index(index)))
        case .html: out.append(("index.html", GuideHTML.index(index)))
        }
        return out
    }
}
