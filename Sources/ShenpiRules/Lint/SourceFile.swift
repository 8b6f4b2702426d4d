import Foundation
import ShenpiLanguage
import ShenpiSyntax

/// One file read and decoded: what it is and what the loader and decoder found.
struct SourceFile: Sendable {
    enum Content: Sendable {
        case flow(Workflow)
        case registry(Registry)
        /// A scenario file (`shenpi test`) in the catalog: not linted, not counted.
        case scenario
        case unknown
    }

    var path: String  // as shown to the user
    var lines: [String]
    var content: Content
    var diagnostics: [Diagnostic]
    /// Lines inside multi-line scalars: text, never a suppression comment.
    var textLines: Set<Int> = []

    /// Reads `bytes`, or the file at `location`; `path` is the name shown to the user.
    static func read(path: String, location: String? = nil, bytes: [UInt8]?, loader: Loader) -> SourceFile {
        let doc: LoadedDocument
        if let bytes {
            doc = loader.load(bytes: bytes, file: path)
        } else {
            doc = loader.load(path: location ?? path, file: path)
        }
        var file = readContent(path: path, doc: doc)
        file.textLines = doc.root?.textLines ?? []
        return file
    }

    private static func readContent(path: String, doc: LoadedDocument) -> SourceFile {
        var diagnostics = doc.diagnostics
        // A file of only `---` or comments is empty too.
        guard let root = doc.root, !(root.scalar?.isNull ?? false) else {
            if diagnostics.isEmpty {
                diagnostics.append(Diagnostic(file: path, range: SourceRange(at: .init(line: 1, column: 1)), severity: .error,
                    rule: RuleID.unknownFileKind, message: "file is empty; expected a flow (top-level key \"workflow\") or a registry (top-level key \"registry\")"))
            }
            return SourceFile(path: path, lines: doc.lines, content: .unknown, diagnostics: diagnostics)
        }
        // A file with loader errors was not read as written: report those alone.
        if diagnostics.contains(where: { $0.severity == .error }) {
            return SourceFile(path: path, lines: doc.lines, content: .unknown, diagnostics: diagnostics)
        }
        switch FileKind.of(keys: root.mappingEntries?.map(\.key.value) ?? []) {
        case .workflow:
            let (flow, found) = WorkflowDecoder.decode(root, file: path)
            return SourceFile(path: path, lines: doc.lines, content: .flow(flow), diagnostics: diagnostics + found)
        case .registry:
            let (registry, found) = RegistryDecoder.decode(root, file: path)
            return SourceFile(path: path, lines: doc.lines, content: .registry(registry), diagnostics: diagnostics + found)
        case .scenario:
            // Scenarios may live beside the flows they test; `shenpi test` checks them.
            return SourceFile(path: path, lines: doc.lines, content: .scenario, diagnostics: diagnostics)
        case nil:
            break
        }
        diagnostics.append(Diagnostic(file: path, range: SourceRange(at: root.range.start), severity: .error, rule: RuleID.unknownFileKind,
            message: "expected a flow (top-level key \"workflow\") or a registry (top-level key \"registry\"), found \(root.mappingEntries == nil ? root.kindDescription : "neither key")"))
        return SourceFile(path: path, lines: doc.lines, content: .unknown, diagnostics: diagnostics)
    }

    var flow: Workflow? {
        if case .flow(let f) = content { return f }
        return nil
    }

    var isScenario: Bool {
        if case .scenario = content { return true }
        return false
    }
}
