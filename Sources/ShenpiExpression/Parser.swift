/// The entry points of the expression language.
public enum Expression {
    /// The built-in functions, in the order messages list them.
    public static let functionNames = ["age", "birthdate", "has", "len", "today", "date", "if", "given"]

    /// The deepest nesting the parser accepts, so that checking and evaluating
    /// (which recurse over the tree) stay far from the stack limit.
    public static let maximumDepth = 100

    /// Parses expression text; the error is the first syntax error.
    public static func parse(_ text: String) -> Result<Expr, ExpressionError> {
        do throws(ExpressionError) {
            var parser = Parser(tokens: try Lexer.tokenize(text))
            return .success(try parser.parseAll())
        } catch {
            return .failure(error)
        }
    }
}

/// Recursive descent over the token list. Precedence, low to high:
/// `or`, `and`, `not`, comparisons (non-associative), `+ -`, `* /`, unary `-`, primary.
struct Parser {
    let tokens: [Token]
    var index = 0
    /// Current recursion depth (parentheses, lists, calls, prefix operators).
    var nesting = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// A node with the height of its tree, to bound recursion in later passes.
    struct Parsed {
        var expr: Expr
        var height: Int
    }

    private var current: Token { tokens[index] }
    private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private func isKeyword(_ k: Keyword, _ t: Token? = nil) -> Bool { (t ?? current).kind == .keyword(k) }
    private func isSymbol(_ s: Symbol, _ t: Token? = nil) -> Bool { (t ?? current).kind == .symbol(s) }

    private func error(_ message: String, at range: Range<Int>) -> ExpressionError {
        ExpressionError(.syntax, message, range: range)
    }

    /// Whether `t` can begin an operand at the level of `not` (full expression minus `and`/`or`).
    private func startsExpression(_ t: Token) -> Bool {
        switch t.kind {
        case .integer, .number, .string, .identifier: return true
        case .keyword(let k): return k == .true || k == .false || k == .not
        case .symbol(let s): return s == .leftParen || s == .leftBracket || s == .minus
        case .end: return false
        }
    }

    private func requireOperand(after op: String, allowingNot: Bool) throws(ExpressionError) {
        if !startsExpression(current) || (!allowingNot && isKeyword(.not)) {
            throw error("expected an operand after '\(op)'", at: current.range)
        }
    }

    private func node(_ kind: Expr.Kind, _ range: Range<Int>, children: [Parsed]) throws(ExpressionError) -> Parsed {
        let height = (children.map(\.height).max() ?? 0) + 1
        if height > Expression.maximumDepth { throw tooDeep(range) }
        return Parsed(expr: Expr(kind, range: range), height: height)
    }

    private func tooDeep(_ range: Range<Int>) -> ExpressionError {
        error("expression is nested too deeply; the limit is \(Expression.maximumDepth) levels", at: range)
    }

    private mutating func enter(_ range: Range<Int>) throws(ExpressionError) {
        nesting += 1
        if nesting > Expression.maximumDepth { throw tooDeep(range) }
    }

    mutating func parseAll() throws(ExpressionError) -> Expr {
        if !startsExpression(current) { throw error("expected an expression", at: current.range) }
        let result = try parseOr()
        switch current.kind {
        case .end: return result.expr
        case .symbol(.rightParen): throw error("unexpected ')' without a matching '('", at: current.range)
        case .symbol(.rightBracket): throw error("unexpected ']' without a matching '['", at: current.range)
        default: throw error("expected an operator or the end of the expression", at: current.range)
        }
    }

    private mutating func parseOr() throws(ExpressionError) -> Parsed {
        var lhs = try parseAnd()
        while isKeyword(.or) {
            let op = advance()
            try requireOperand(after: op.text, allowingNot: true)
            let rhs = try parseAnd()
            lhs = try node(.binary(.or, lhs.expr, rhs.expr), lhs.expr.range.lowerBound..<rhs.expr.range.upperBound, children: [lhs, rhs])
        }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionError) -> Parsed {
        var lhs = try parseNot()
        while isKeyword(.and) {
            let op = advance()
            try requireOperand(after: op.text, allowingNot: true)
            let rhs = try parseNot()
            lhs = try node(.binary(.and, lhs.expr, rhs.expr), lhs.expr.range.lowerBound..<rhs.expr.range.upperBound, children: [lhs, rhs])
        }
        return lhs
    }

    private mutating func parseNot() throws(ExpressionError) -> Parsed {
        guard isKeyword(.not) else { return try parseComparison() }
        let op = advance()
        try requireOperand(after: op.text, allowingNot: true)
        try enter(op.range)
        let operand = try parseNot()
        nesting -= 1
        return try node(.unary(.not, operand.expr), op.range.lowerBound..<operand.expr.range.upperBound, children: [operand])
    }

    /// The comparison operator at the current token, with its text and range, without consuming it.
    private func comparisonOperator() throws(ExpressionError) -> (BinaryOperator, Range<Int>, Int)? {
        switch current.kind {
        case .symbol(.equal): return (.equal, current.range, 1)
        case .symbol(.notEqual): return (.notEqual, current.range, 1)
        case .symbol(.less): return (.less, current.range, 1)
        case .symbol(.lessOrEqual): return (.lessOrEqual, current.range, 1)
        case .symbol(.greater): return (.greater, current.range, 1)
        case .symbol(.greaterOrEqual): return (.greaterOrEqual, current.range, 1)
        case .keyword(.in): return (.in, current.range, 1)
        case .keyword(.not):
            let next = peek(1)
            guard isKeyword(.in, next) else { throw error("expected 'in' after 'not'", at: next.range) }
            return (.notIn, current.range.lowerBound..<next.range.upperBound, 2)
        default: return nil
        }
    }

    private mutating func parseComparison() throws(ExpressionError) -> Parsed {
        let lhs = try parseAdditive()
        guard let (op, _, width) = try comparisonOperator() else { return lhs }
        index += width
        try requireOperand(after: op.symbol, allowingNot: false)
        let rhs = try parseAdditive()
        if let (_, range, _) = try comparisonOperator() {
            throw error("comparison operators cannot be chained; combine comparisons with 'and'", at: range)
        }
        return try node(.binary(op, lhs.expr, rhs.expr), lhs.expr.range.lowerBound..<rhs.expr.range.upperBound, children: [lhs, rhs])
    }

    private mutating func parseAdditive() throws(ExpressionError) -> Parsed {
        var lhs = try parseMultiplicative()
        while isSymbol(.plus) || isSymbol(.minus) {
            let op = advance()
            try requireOperand(after: op.text, allowingNot: false)
            let rhs = try parseMultiplicative()
            let kind: BinaryOperator = op.kind == .symbol(.plus) ? .add : .subtract
            lhs = try node(.binary(kind, lhs.expr, rhs.expr), lhs.expr.range.lowerBound..<rhs.expr.range.upperBound, children: [lhs, rhs])
        }
        return lhs
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> Parsed {
        var lhs = try parseUnary()
        while isSymbol(.star) || isSymbol(.slash) {
            let op = advance()
            try requireOperand(after: op.text, allowingNot: false)
            let rhs = try parseUnary()
            let kind: BinaryOperator = op.kind == .symbol(.star) ? .multiply : .divide
            lhs = try node(.binary(kind, lhs.expr, rhs.expr), lhs.expr.range.lowerBound..<rhs.expr.range.upperBound, children: [lhs, rhs])
        }
        return lhs
    }

    private mutating func parseUnary() throws(ExpressionError) -> Parsed {
        guard isSymbol(.minus) else { return try parsePrimary() }
        let op = advance()
        try requireOperand(after: op.text, allowingNot: false)
        try enter(op.range)
        let operand = try parseUnary()
        nesting -= 1
        return try node(.unary(.negate, operand.expr), op.range.lowerBound..<operand.expr.range.upperBound, children: [operand])
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Parsed {
        let t = advance()
        switch t.kind {
        case .integer(let n): return Parsed(expr: Expr(.integer(n), range: t.range), height: 1)
        case .number(let x): return Parsed(expr: Expr(.number(x), range: t.range), height: 1)
        case .string(let s): return Parsed(expr: Expr(.string(s), range: t.range), height: 1)
        case .keyword(.true): return Parsed(expr: Expr(.boolean(true), range: t.range), height: 1)
        case .keyword(.false): return Parsed(expr: Expr(.boolean(false), range: t.range), height: 1)
        case .identifier(let name):
            guard isSymbol(.leftParen) else { return Parsed(expr: Expr(.field(name), range: t.range), height: 1) }
            let open = advance()
            try enter(open.range)
            let arguments = try parseSequence(
                open: open, close: .rightParen,
                first: "expected an argument or ')' after '('", next: "expected an argument after ','")
            nesting -= 1
            let end = tokens[index - 1].range.upperBound
            return try node(.call(name: name, arguments: arguments.map(\.expr)), t.range.lowerBound..<end, children: arguments)
        case .symbol(.leftBracket):
            try enter(t.range)
            let elements = try parseSequence(
                open: t, close: .rightBracket,
                first: "expected a list element or ']' after '['", next: "expected a list element after ','")
            nesting -= 1
            let end = tokens[index - 1].range.upperBound
            return try node(.list(elements.map(\.expr)), t.range.lowerBound..<end, children: elements)
        case .symbol(.leftParen):
            try enter(t.range)
            if !startsExpression(current) { throw error("expected an expression after '('", at: current.range) }
            var inner = try parseOr()
            guard isSymbol(.rightParen) else {
                throw error("expected ')' to close '(' at offset \(t.range.lowerBound)", at: current.range)
            }
            let close = advance()
            nesting -= 1
            inner.expr.range = t.range.lowerBound..<close.range.upperBound
            return inner
        default:
            // Callers check `startsExpression` first; this is a safety net.
            throw error("expected an expression", at: t.range)
        }
    }

    /// Comma-separated expressions after `open`, through the closing symbol.
    /// Empty sequences are allowed; a trailing comma is not.
    private mutating func parseSequence(open: Token, close: Symbol, first: String, next: String) throws(ExpressionError) -> [Parsed] {
        var items: [Parsed] = []
        if isSymbol(close) {
            _ = advance()
            return items
        }
        if !startsExpression(current) { throw error(first, at: current.range) }
        while true {
            items.append(try parseOr())
            if isSymbol(close) {
                _ = advance()
                return items
            }
            guard isSymbol(.comma) else {
                throw error("expected ',' or '\(close.rawValue)' to close '\(open.text)' at offset \(open.range.lowerBound)", at: current.range)
            }
            _ = advance()
            if !startsExpression(current) { throw error(next, at: current.range) }
        }
    }
}
