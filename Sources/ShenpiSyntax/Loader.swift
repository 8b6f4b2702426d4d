import LibYAML

/// Bounds that keep a hostile file from exhausting time or memory.
public struct LoaderLimits: Sendable {
    public var maxFileBytes: Int
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

    public func load(bytes: [UInt8], file: String) -> LoadedDocument {
        // Implemented in Loader+Events.swift (work in progress).
        LoadedDocument(file: file, root: nil, diagnostics: [], lines: [])
    }
}
