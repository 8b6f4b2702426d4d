import LibYAML

/// Bounds that keep a hostile file from exhausting time or memory.
public struct LoaderLimits: Sendable {
    public var maxFileBytes: Int
    /// Nested collections, aliases expanded. Later stages (and `Node`'s own
    /// `==` and deinit) recurse over the tree, so this also bounds their stacks.
    public var maxDepth: Int
    /// Total nodes after alias expansion.
    public var maxNodes: Int

    public init(maxFileBytes: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }
}

/// Turns YAML bytes into a located `Node` tree through libyaml's event API.
/// Never traps on input: every problem becomes a positioned diagnostic.
public struct Loader: Sendable {
    public var limits: LoaderLimits

    public init(limits: LoaderLimits = LoaderLimits()) {
        self.limits = limits
    }

    /// Loads one workflow file. Checks run cheapest first and each refusing
    /// check stops the rest: size, then UTF-8, then tabs, then libyaml.
    public func load(bytes: [UInt8], file: String) -> LoadedDocument {
        // An oversized file is not even split into lines.
        if let tooLarge = checkSize(byteCount: bytes.count, file: file) {
            return LoadedDocument(file: file, root: nil, diagnostics: [tooLarge], lines: [])
        }
        let source = SourceText(bytes: bytes)
        func refused(_ diagnostics: [Diagnostic]) -> LoadedDocument {
            LoadedDocument(file: file, root: nil, diagnostics: diagnostics, lines: source.lines)
        }
        if let invalid = checkUTF8(source, file: file) { return refused([invalid]) }
        let tabs = checkTabs(source, file: file)
        if !tabs.isEmpty { return refused(tabs) }
        if source.bytes.isEmpty { return refused([]) }

        var builder = TreeBuilder(file: file, limits: limits)
        parseEvents(source, file: file, into: &builder)
        return LoadedDocument(file: file, root: builder.result, diagnostics: builder.diagnostics, lines: source.lines)
    }
}
