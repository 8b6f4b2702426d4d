enum Keyword: String, Hashable, Sendable {
    case and, or, not
    case `in`
    case `true`, `false`
}

enum Symbol: String, Hashable, Sendable {
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case comma = ","
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

enum TokenKind: Hashable, Sendable {
    case integer(Int)
    case number(Double)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case end
}

struct Token: Hashable, Sendable {
    var kind: TokenKind
    var range: Range<Int>
    /// The source text, for messages.
    var text: String
}

/// Splits expression text into tokens. Offsets count Unicode scalars.
struct Lexer {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    static func tokenize(_ text: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private func text(_ range: Range<Int>) -> String {
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars[range])
        return s
    }

    private func token(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind: kind, range: start..<index, text: text(start..<index))
    }

    static func isLower(_ c: Unicode.Scalar?) -> Bool { c.map { ("a"..."z").contains($0) } ?? false }
    static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
    static func isIdentifierCharacter(_ c: Unicode.Scalar?) -> Bool { isLower(c) || isDigit(c) }

    mutating func next() throws(ExpressionError) -> Token {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { index += 1 }
        let start = index
        guard let c = peek() else { return Token(kind: .end, range: index..<index, text: "") }

        if Lexer.isLower(c) {
            index += 1
            while true {
                while Lexer.isIdentifierCharacter(peek()) { index += 1 }
                // A '-' or '_' joins identifier characters on both sides (`a-b` is one id).
                if let j = peek(), j == "-" || j == "_", Lexer.isIdentifierCharacter(peek(1)) {
                    index += 1
                } else {
                    break
                }
            }
            let word = text(start..<index)
            if let keyword = Keyword(rawValue: word) { return token(.keyword(keyword), from: start) }
            return token(.identifier(word), from: start)
        }

        if Lexer.isDigit(c) {
            while Lexer.isDigit(peek()) { index += 1 }
            if peek() == "." {
                guard Lexer.isDigit(peek(1)) else {
                    throw ExpressionError(.syntax, "expected a digit after '.' in a number", range: index..<(index + 1))
                }
                index += 1
                while Lexer.isDigit(peek()) { index += 1 }
                let literal = text(start..<index)
                guard let value = Double(literal), value.isFinite else {
                    throw ExpressionError(.syntax, "number literal '\(literal)' is too large", range: start..<index)
                }
                return token(.number(value), from: start)
            }
            let literal = text(start..<index)
            guard let value = Int(literal) else {
                throw ExpressionError(.syntax, "integer literal '\(literal)' is too large", range: start..<index)
            }
            return token(.integer(value), from: start)
        }

        if c == "'" || c == "\"" {
            return try string(quote: c)
        }

        index += 1
        switch c {
        case "(": return token(.symbol(.leftParen), from: start)
        case ")": return token(.symbol(.rightParen), from: start)
        case "[": return token(.symbol(.leftBracket), from: start)
        case "]": return token(.symbol(.rightBracket), from: start)
        case ",": return token(.symbol(.comma), from: start)
        case "+": return token(.symbol(.plus), from: start)
        case "-": return token(.symbol(.minus), from: start)
        case "*": return token(.symbol(.star), from: start)
        case "/": return token(.symbol(.slash), from: start)
        case "<", ">":
            let orEqual = peek() == "="
            if orEqual { index += 1 }
            let symbol: Symbol = c == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
            return token(.symbol(symbol), from: start)
        case "=":
            guard peek() == "=" else {
                throw ExpressionError(.syntax, "unexpected '='; use '==' to compare", range: start..<index)
            }
            index += 1
            return token(.symbol(.equal), from: start)
        case "!":
            guard peek() == "=" else {
                throw ExpressionError(.syntax, "unexpected '!'; use 'not' to negate or '!=' to compare", range: start..<index)
            }
            index += 1
            return token(.symbol(.notEqual), from: start)
        default:
            throw ExpressionError(.syntax, Lexer.unexpectedMessage(c), range: start..<index)
        }
    }

    private mutating func string(quote: Unicode.Scalar) throws(ExpressionError) -> Token {
        let start = index
        index += 1
        var value = ""
        while true {
            guard let c = peek() else {
                throw ExpressionError(.syntax, "unterminated string", range: start..<scalars.count)
            }
            if c == quote {
                index += 1
                return token(.string(value), from: start)
            }
            if c == "\\" {
                guard let escaped = peek(1) else {
                    throw ExpressionError(.syntax, "unterminated string", range: start..<scalars.count)
                }
                guard escaped == "\\" || escaped == "'" || escaped == "\"" else {
                    throw ExpressionError(
                        .syntax, "invalid escape '\\\(Lexer.display(escaped))'; only \\\\, \\' and \\\" are allowed",
                        range: index..<(index + 2))
                }
                value.unicodeScalars.append(escaped)
                index += 2
                continue
            }
            value.unicodeScalars.append(c)
            index += 1
        }
    }

    static let fullWidth: [Unicode.Scalar: String] = [
        "（": "(", "）": ")", "，": ",", "＝": "=", "＞": ">", "＜": "<", "！": "!", "＋": "+", "－": "-",
        "［": "[", "］": "]", "【": "[", "】": "]",
    ]

    static func unexpectedMessage(_ c: Unicode.Scalar) -> String {
        if c == "\u{3000}" { return "unexpected full-width space; use an ASCII space instead" }
        if "“”‘’".unicodeScalars.contains(c) { return "unexpected character '\(c)'; strings use ASCII quotes ' or \"" }
        if let ascii = fullWidth[c] { return "unexpected character '\(c)'; use the ASCII '\(ascii)' instead" }
        if c == "&" { return "unexpected character '&'; use 'and'" }
        if c == "|" { return "unexpected character '|'; use 'or'" }
        if c.properties.isAlphabetic {
            return "unexpected character '\(c)'; identifiers use lowercase ASCII letters, digits, '-' and '_'"
        }
        return "unexpected character '\(display(c))'"
    }

    /// The scalar itself, or `U+0007` for one that does not print.
    static func display(_ c: Unicode.Scalar) -> String {
        switch c.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .unassigned,
            .privateUse:
            let hex = String(c.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default:
            return String(c)
        }
    }
}
