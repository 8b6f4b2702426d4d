/// Builds the `Node` tree from events with an explicit stack (no recursion,
/// so a deeply nested file cannot overflow the call stack) and enforces the
/// depth and node-count bounds while it goes.
struct TreeBuilder {
    let file: String
    let limits: LoaderLimits

    private(set) var root: Node?
    private(set) var diagnostics: [Diagnostic] = []
    /// Set by a fatal problem: the tree is incomplete and `root` must not be used.
    private(set) var failed = false

    private var stack: [Frame] = []
    private var anchors: [String: Built] = [:]
    private var documents = 0
    /// Nodes created so far, counting every node an alias copies. Only an
    /// alias is refused for crossing `maxNodes`: without aliases the file
    /// size already bounds the tree, and a long registry is not an attack.
    private var nodeCount = 0

    init(file: String, limits: LoaderLimits) {
        self.file = file
        self.limits = limits
    }

    /// The finished root, or nil when the build failed.
    var result: Node? { failed ? nil : root }

    /// A completed node with what the limits need to know about it.
    private struct Built {
        var node: Node
        /// Nodes in the subtree, itself included.
        var count: Int
        /// Collections on the longest path down (0 for a scalar).
        var height: Int
    }

    private enum KeyState {
        case expectingKey
        case expectingValue(Scalar)
        /// The key was rejected (duplicate or complex); its value is read and dropped.
        case droppingValue
    }

    private struct Frame {
        var kind: YAMLEvent.Collection
        var start: SourceRange
        var anchor: String?
        var items: [Node] = []
        var entries: [MappingEntry] = []
        var keyState = KeyState.expectingKey
        var firstKeys: [String: SourceRange] = [:]
        var count = 1
        var height = 1
    }

    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        failed = true
    }

    /// Takes one event; returns false when no more events are wanted.
    mutating func handle(_ event: YAMLEvent) -> Bool {
        switch event {
        case .streamStart, .streamEnd, .documentEnd:
            return true
        case .documentStart(let range):
            documents += 1
            guard documents == 1 else {
                // Non-fatal: the first document stands, the rest is not read.
                diagnostics.append(.loader(
                    LoaderRule.multipleDocuments, "a workflow file holds one YAML document", file: file, range: range))
                return false
            }
            return true
        case .scalar(let scalar, let anchor):
            countPlainNode()
            let built = Built(node: .scalar(scalar), count: 1, height: 0)
            if let anchor { anchors[anchor] = built }
            return add(built)
        case .alias(let name, let range):
            return expandAlias(name, at: range)
        case .collectionStart(let kind, let anchor, let range):
            guard stack.count < limits.maxDepth else {
                fail(.loader(
                    LoaderRule.nestingDepth, "collections are nested more than \(limits.maxDepth) levels deep",
                    file: file, range: range))
                return false
            }
            countPlainNode()
            stack.append(Frame(kind: kind, start: range, anchor: anchor))
            return true
        case .collectionEnd(let range):
            guard let frame = stack.popLast() else { return true }
            let whole = SourceRange(start: frame.start.start, end: range.end)
            let node: Node =
                frame.kind == .mapping ? .mapping(frame.entries, whole) : .sequence(frame.items, whole)
            let built = Built(node: node, count: frame.count, height: frame.height)
            if let anchor = frame.anchor { anchors[anchor] = built }
            return add(built)
        }
    }

    private mutating func countPlainNode() {
        nodeCount = nodeCount == Int.max ? nodeCount : nodeCount + 1
    }

    /// An alias becomes a copy of its anchor's node. The copy is checked against
    /// the bounds using the anchor's recorded size and height before it is
    /// added, so a "billion laughs" file is refused without being expanded.
    private mutating func expandAlias(_ name: String, at range: SourceRange) -> Bool {
        guard var built = anchors[name] else {
            let message =
                stack.contains(where: { $0.anchor == name })
                ? "alias \"\(name)\" refers to a node that contains it"
                : "undefined alias \"\(name)\""
            fail(.loader(LoaderRule.syntax, message, file: file, range: range))
            return false
        }
        guard stack.count + built.height <= limits.maxDepth else {
            fail(.loader(
                LoaderRule.nestingDepth,
                "expanding alias \"\(name)\" nests collections more than \(limits.maxDepth) levels deep",
                file: file, range: range))
            return false
        }
        let (total, overflow) = nodeCount.addingReportingOverflow(built.count)
        guard !overflow, total <= limits.maxNodes else {
            fail(.loader(
                LoaderRule.aliasExpansion, "expanding aliases would create more than \(limits.maxNodes) nodes",
                file: file, range: range))
            return false
        }
        nodeCount = total
        // The copy's outer range is the alias (where the value is used); nodes
        // inside keep the anchored text's ranges (where the content is written).
        built.node = built.node.withRange(range)
        return add(built)
    }

    /// Attaches a completed node to the collection being built, or makes it the root.
    private mutating func add(_ built: Built) -> Bool {
        guard var frame = stack.popLast() else {
            if root == nil { root = built.node }
            return true
        }
        frame.count += built.count
        frame.height = max(frame.height, built.height + 1)
        switch frame.kind {
        case .sequence:
            frame.items.append(built.node)
        case .mapping:
            attachToMapping(&frame, built.node)
        }
        stack.append(frame)
        return true
    }

    private mutating func attachToMapping(_ frame: inout Frame, _ node: Node) {
        switch frame.keyState {
        case .expectingValue(let key):
            frame.entries.append(MappingEntry(key: key, value: node))
            frame.keyState = .expectingKey
        case .droppingValue:
            frame.keyState = .expectingKey
        case .expectingKey:
            guard case .scalar(let key) = node else {
                diagnostics.append(.loader(
                    LoaderRule.complexKey, "a mapping key must be a scalar, not \(node.kindDescription)",
                    file: file, range: node.range))
                frame.keyState = .droppingValue
                return
            }
            if let first = frame.firstKeys[key.value] {
                diagnostics.append(.loader(
                    LoaderRule.duplicateKey, "duplicate key \"\(key.value)\" in this mapping", file: file,
                    range: key.range, notes: [DiagnosticNote("first defined at \(first.start)", range: first)]))
                frame.keyState = .droppingValue
                return
            }
            frame.firstKeys[key.value] = key.range
            frame.keyState = .expectingValue(key)
        }
    }
}

extension Node {
    /// The same node with a different outer range.
    func withRange(_ range: SourceRange) -> Node {
        switch self {
        case .scalar(var scalar):
            scalar.range = range
            return .scalar(scalar)
        case .mapping(let entries, _): return .mapping(entries, range)
        case .sequence(let items, _): return .sequence(items, range)
        }
    }
}
