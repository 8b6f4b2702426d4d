import ShenpiExpression

extension Machine {
    /// Parses every condition once, for an engine to evaluate many times.
    /// The compiler only stores texts that parsed, so a failure here means
    /// the machine did not come from the compiler.
    public func parsedExpressions() throws -> [Expr] {
        try expressions.map { text in
            switch Expression.parse(text) {
            case .success(let e): return e
            case .failure(let err): throw err
            }
        }
    }

    /// Index of the node with this step id.
    public func node(named id: String) -> Int? { tables.node(id) }

    /// A human name for a target, for messages and counter-examples.
    public func name(of target: Target) -> String {
        switch target {
        case .node(let n): return nodes[n].id
        case .outcome(let o): return outcomes[o].id
        case .branchDone: return "done"
        }
    }
}
