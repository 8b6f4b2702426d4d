import ShenpiLanguage
import XCTest

final class ExpressionParserTests: XCTestCase {
    private func parsed(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
        switch ShenpiLanguage.Expression.parse(text) {
        case .success(let e): return e
        case .failure(let error):
            XCTFail("unexpected syntax error \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertParses(_ text: String, _ canonical: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(parsed(text, file: file, line: line)?.description, canonical, file: file, line: line)
    }

    private func assertSyntaxError(
        _ text: String, _ message: String, _ range: Range<Int>, file: StaticString = #filePath, line: UInt = #line
    ) {
        switch ShenpiLanguage.Expression.parse(text) {
        case .success(let e): XCTFail("expected a syntax error, parsed \(e)", file: file, line: line)
        case .failure(let error):
            XCTAssertEqual(error, ExpressionError(.syntax, message, range: range), file: file, line: line)
        }
    }

    // MARK: precedence

    func testBooleanPrecedence() {
        assertParses("a or b and c", "(a or (b and c))")
        assertParses("a and b or c", "((a and b) or c)")
        assertParses("a or b or c", "((a or b) or c)")
        assertParses("not a and b", "((not a) and b)")
        assertParses("not a == b", "(not (a == b))")
        assertParses("not not a", "(not (not a))")
        assertParses("a and not b in c", "(a and (not (b in c)))")
    }

    func testArithmeticPrecedence() {
        assertParses("a + b * c >= 3", "((a + (b * c)) >= 3)")
        assertParses("a - b - c", "((a - b) - c)")
        assertParses("a / b / c", "((a / b) / c)")
        assertParses("(a + b) * c", "((a + b) * c)")
        assertParses("-a * b", "((-a) * b)")
        assertParses("- -a", "(-(-a))")
        assertParses("a * -b", "(a * (-b))")
        assertParses("1 + 2 == 3 and x", "(((1 + 2) == 3) and x)")
    }

    func testComparisonOperators() {
        assertParses("a == b", "(a == b)")
        assertParses("a != b", "(a != b)")
        assertParses("a < b", "(a < b)")
        assertParses("a <= b", "(a <= b)")
        assertParses("a > b", "(a > b)")
        assertParses("a >= b", "(a >= b)")
        assertParses("a in [1, 2]", "(a in [1, 2])")
        assertParses("a not in ['x', \"y\"]", "(a not in ['x', 'y'])")
        assertParses("a not  in b", "(a not in b)")
    }

    // MARK: identifiers and subtraction

    func testHyphenBetweenIdentifierCharactersBelongsToTheIdentifier() {
        assertParses("a-b", "a-b")
        assertParses("applicant-id", "applicant-id")
        assertParses("a-1", "a-1")
        assertParses("a_b-c2", "a_b-c2")
        assertParses("a - b", "(a - b)")
        assertParses("a -b", "(a - b)")
        assertParses("a- b", "(a - b)")
        assertParses("a--b", "(a - (-b))")
        assertParses("3-1", "(3 - 1)")
        assertParses("x-1 - 1", "(x-1 - 1)")
    }

    func testKeywordsOnlyMatchWholeIdentifiers() {
        assertParses("and-more == 1", "(and-more == 1)")
        assertParses("notice", "notice")
        assertParses("in-person or order", "(in-person or order)")
        assertParses("true-value", "true-value")
    }

    // MARK: literals and calls

    func testLiterals() {
        assertParses("42", "42")
        assertParses("042", "42")
        assertParses("3.5", "3.5")
        assertParses("true and false", "(true and false)")
        assertParses("'it\\'s'", "'it\\'s'")
        assertParses("\"say \\\"hi\\\"\"", "'say \"hi\"'")
        assertParses("'a\\\\b'", "'a\\\\b'")
        assertParses("[]", "[]")
        assertParses("[a, b, 'c']", "[a, b, 'c']")
        assertParses("[[1], [2, 3]]", "[[1], [2, 3]]")
    }

    func testStringLiteralValues() {
        guard let e = parsed("\"住宅\" + 'it\\'s' + \"a\\\\b\\\"\"") else { return }
        guard case .binary(.add, let lhs, let c) = e.kind, case .binary(.add, let a, let b) = lhs.kind else {
            return XCTFail("unexpected tree \(e)")
        }
        XCTAssertEqual(a.kind, .string("住宅"))
        XCTAssertEqual(b.kind, .string("it's"))
        XCTAssertEqual(c.kind, .string("a\\b\""))
    }

    func testNumberLiteralValues() {
        XCTAssertEqual(parsed("3.25")?.kind, .number(3.25))
        XCTAssertEqual(parsed("9223372036854775807")?.kind, .integer(Int.max))
    }

    func testCalls() {
        assertParses("age(applicant-id) >= 65", "(age(applicant-id) >= 65)")
        assertParses("today()", "today()")
        assertParses("date('2025-01-01')", "date('2025-01-01')")
        assertParses("f(a, b + 1)", "f(a, (b + 1))")
        assertParses("len (name)", "len(name)")
    }

    // MARK: ranges

    func testRanges() {
        guard let e = parsed("age(applicant-id) >= 65"),
            case .binary(.greaterOrEqual, let call, let limit) = e.kind,
            case .call(let name, let arguments) = call.kind
        else { return XCTFail("unexpected tree") }
        XCTAssertEqual(e.range, 0..<23)
        XCTAssertEqual(call.range, 0..<17)
        XCTAssertEqual(name, "age")
        XCTAssertEqual(arguments.map(\.range), [4..<16])
        XCTAssertEqual(limit.range, 21..<23)
    }

    func testParenthesisedRangeIncludesParentheses() {
        guard let e = parsed("(a + b) * c"), case .binary(.multiply, let sum, let c) = e.kind else {
            return XCTFail("unexpected tree")
        }
        XCTAssertEqual(e.range, 0..<11)
        XCTAssertEqual(sum.range, 0..<7)
        XCTAssertEqual(c.range, 10..<11)
    }

    func testRangesCountUnicodeScalars() {
        guard let e = parsed("name == '住宅' and x"), case .binary(.and, let cmp, let x) = e.kind,
            case .binary(.equal, _, let literal) = cmp.kind
        else { return XCTFail("unexpected tree") }
        XCTAssertEqual(literal.range, 8..<12)
        XCTAssertEqual(x.range, 17..<18)
        XCTAssertEqual(e.range, 0..<18)
    }

    func testListAndUnaryRanges() {
        guard let e = parsed("not a in [1, -b]"), case .unary(.not, let inner) = e.kind,
            case .binary(.in, _, let list) = inner.kind, case .list(let items) = list.kind
        else { return XCTFail("unexpected tree") }
        XCTAssertEqual(e.range, 0..<16)
        XCTAssertEqual(inner.range, 4..<16)
        XCTAssertEqual(list.range, 9..<16)
        XCTAssertEqual(items.map(\.range), [10..<11, 13..<15])
    }

    // MARK: syntax errors

    func testEmptyAndMissingOperands() {
        assertSyntaxError("", "expected an expression", 0..<0)
        assertSyntaxError("   ", "expected an expression", 3..<3)
        assertSyntaxError(")", "expected an expression", 0..<1)
        assertSyntaxError("and", "expected an expression", 0..<3)
        assertSyntaxError("a and", "expected an operand after 'and'", 5..<5)
        assertSyntaxError("a and )", "expected an operand after 'and'", 6..<7)
        assertSyntaxError("a or", "expected an operand after 'or'", 4..<4)
        assertSyntaxError("not", "expected an operand after 'not'", 3..<3)
        assertSyntaxError("a ==", "expected an operand after '=='", 4..<4)
        assertSyntaxError("a == not b", "expected an operand after '=='", 5..<8)
        assertSyntaxError("a + * b", "expected an operand after '+'", 4..<5)
        assertSyntaxError("a *", "expected an operand after '*'", 3..<3)
        assertSyntaxError("a in", "expected an operand after 'in'", 4..<4)
        assertSyntaxError("a not in", "expected an operand after 'not in'", 8..<8)
        assertSyntaxError("-", "expected an operand after '-'", 1..<1)
    }

    func testStrings() {
        assertSyntaxError("name == 'abc", "unterminated string", 8..<12)
        assertSyntaxError("\"abc'", "unterminated string", 0..<5)
        assertSyntaxError("'abc\\", "unterminated string", 0..<5)
        assertSyntaxError("'a\\nb'", "invalid escape '\\n'; only \\\\, \\' and \\\" are allowed", 2..<4)
    }

    func testBrackets() {
        assertSyntaxError("(a + b", "expected ')' to close '(' at offset 0", 6..<6)
        assertSyntaxError("a and (b or c", "expected ')' to close '(' at offset 6", 13..<13)
        assertSyntaxError("(a b)", "expected ')' to close '(' at offset 0", 3..<4)
        assertSyntaxError("()", "expected an expression after '('", 1..<2)
        assertSyntaxError("age(x", "expected ',' or ')' to close '(' at offset 3", 5..<5)
        assertSyntaxError("age(", "expected an argument or ')' after '('", 4..<4)
        assertSyntaxError("f(a,", "expected an argument after ','", 4..<4)
        assertSyntaxError("f(a, )", "expected an argument after ','", 5..<6)
        assertSyntaxError("[a, b", "expected ',' or ']' to close '[' at offset 0", 5..<5)
        assertSyntaxError("[a, ]", "expected a list element after ','", 4..<5)
        assertSyntaxError("[", "expected a list element or ']' after '['", 1..<1)
        assertSyntaxError("a)", "unexpected ')' without a matching '('", 1..<2)
        assertSyntaxError("a]", "unexpected ']' without a matching '['", 1..<2)
    }

    func testComparisonsDoNotChain() {
        let message = "comparison operators cannot be chained; combine comparisons with 'and'"
        assertSyntaxError("a < b < c", message, 6..<7)
        assertSyntaxError("a == b in c", message, 7..<9)
        assertSyntaxError("a < b not in c", message, 6..<12)
        assertSyntaxError("(a < b < c)", message, 7..<8)
    }

    func testMisplacedTokens() {
        assertSyntaxError("a not b", "expected 'in' after 'not'", 6..<7)
        assertSyntaxError("a b", "expected an operator or the end of the expression", 2..<3)
        assertSyntaxError("42abc", "expected an operator or the end of the expression", 2..<5)
        assertSyntaxError("a, b", "expected an operator or the end of the expression", 1..<2)
    }

    func testForeignOperatorsAndCharacters() {
        assertSyntaxError("a = 1", "unexpected '='; use '==' to compare", 2..<3)
        assertSyntaxError("!a", "unexpected '!'; use 'not' to negate or '!=' to compare", 0..<1)
        assertSyntaxError("a && b", "unexpected character '&'; use 'and'", 2..<3)
        assertSyntaxError("a || b", "unexpected character '|'; use 'or'", 2..<3)
        assertSyntaxError("a # b", "unexpected character '#'", 2..<3)
        assertSyntaxError("a\u{7}", "unexpected character 'U+0007'", 1..<2)
        assertSyntaxError("a_", "unexpected character '_'", 1..<2)
        assertSyntaxError(".5", "unexpected character '.'", 0..<1)
    }

    func testIdentifierCharacters() {
        let hint = "; identifiers use lowercase ASCII letters, digits, '-' and '_'"
        assertSyntaxError("Age > 1", "unexpected character 'A'" + hint, 0..<1)
        assertSyntaxError("age-B", "unexpected character 'B'" + hint, 4..<5)
        assertSyntaxError("年龄 > 1", "unexpected character '年'" + hint, 0..<1)
    }

    func testFullWidthPunctuation() {
        assertSyntaxError("age（x）", "unexpected character '（'; use the ASCII '(' instead", 3..<4)
        assertSyntaxError("a == ‘x’", "unexpected character '‘'; strings use ASCII quotes ' or \"", 5..<6)
        assertSyntaxError("a\u{3000}and b", "unexpected full-width space; use an ASCII space instead", 1..<2)
    }

    func testNumbers() {
        assertSyntaxError("3. + 1", "expected a digit after '.' in a number", 1..<2)
        assertSyntaxError("99999999999999999999", "integer literal '99999999999999999999' is too large", 0..<20)
    }

    func testNestingLimit() {
        let ok = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        XCTAssertEqual(parsed(ok)?.description, "a")
        let deep = String(repeating: "(", count: 101) + "a" + String(repeating: ")", count: 101)
        assertSyntaxError(deep, "expression is nested too deeply; the limit is 100 levels", 100..<101)

        let chain99 = Array(repeating: "a", count: 100).joined(separator: " + ")
        XCTAssertNotNil(parsed(chain99))
        let chain100 = Array(repeating: "a", count: 101).joined(separator: " + ")
        assertSyntaxError(chain100, "expression is nested too deeply; the limit is 100 levels", 0..<(101 * 4 - 3))
        let nots = String(repeating: "not ", count: 101) + "a"
        assertSyntaxError(nots, "expression is nested too deeply; the limit is 100 levels", 400..<403)
    }

    // MARK: references

    func testReferencedFieldsAndMaterials() {
        guard let e = parsed("has(id-card-copy) and age(applicant-id) >= 65 or name in tags or not has(photo)") else { return }
        XCTAssertEqual(e.referencedFields, ["applicant-id", "name", "tags"])
        XCTAssertEqual(e.referencedMaterials, ["id-card-copy", "photo"])
        XCTAssertEqual(parsed("1 + 2")?.referencedFields, [])
        XCTAssertEqual(parsed("[a, -b, len(c)]")?.referencedFields, ["a", "b", "c"])
    }
}
