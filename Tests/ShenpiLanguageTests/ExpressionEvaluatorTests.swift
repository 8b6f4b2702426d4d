import ShenpiCalendar
import ShenpiLanguage
import XCTest

final class ExpressionEvaluatorTests: XCTestCase {
    /// Born 2008-06-15 (male).
    let eighteenIn2026 = "310115200806150016"
    /// Born 2000-02-29 (male).
    let leapling = "440304200002291236"

    private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    private func context(today: String = "2026-06-15", fields: [String: Value] = [:], materials: Set<String> = []) -> EvaluationContext {
        EvaluationContext(fields: fields, submittedMaterials: materials, today: day(today))
    }

    private func run(_ text: String, _ context: EvaluationContext) -> Result<Value, EvaluationError>? {
        guard case .success(let e) = ShenpiLanguage.Expression.parse(text) else { return nil }
        do { return .success(try evaluate(e, context: context)) } catch { return .failure(error) }
    }

    private func assertValue(
        _ text: String, _ expected: Value, in context: EvaluationContext? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(run(text, context ?? self.context()), .success(expected), file: file, line: line)
    }

    private func assertFailure(
        _ text: String, _ kind: EvaluationError.Kind, _ message: String, _ range: Range<Int>, in context: EvaluationContext? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(
            run(text, context ?? self.context()), .failure(EvaluationError(kind, message, range: range)), file: file, line: line)
    }

    // MARK: age

    func testAgeAtBirthdayBoundary() {
        let fields: [String: Value] = ["applicant-id": .string(eighteenIn2026)]
        assertValue("age(applicant-id)", .integer(17), in: context(today: "2026-06-14", fields: fields))
        assertValue("age(applicant-id)", .integer(18), in: context(today: "2026-06-15", fields: fields))
        assertValue("age(applicant-id) >= 18", .boolean(false), in: context(today: "2026-06-14", fields: fields))
        assertValue("age(applicant-id) >= 18", .boolean(true), in: context(today: "2026-06-15", fields: fields))
        assertValue("age(applicant-id)", .integer(0), in: context(today: "2008-06-15", fields: fields))
    }

    func testAgeOfLeapDayBirth() {
        let fields: [String: Value] = ["id": .string(leapling)]
        assertValue("age(id)", .integer(0), in: context(today: "2001-02-28", fields: fields))
        assertValue("age(id)", .integer(1), in: context(today: "2001-03-01", fields: fields))
        assertValue("age(id)", .integer(3), in: context(today: "2004-02-28", fields: fields))
        assertValue("age(id)", .integer(4), in: context(today: "2004-02-29", fields: fields))
    }

    func testBirthdate() {
        assertValue(
            "birthdate(id)", .date(day("2000-02-29")), in: context(fields: ["id": .string(leapling)]))
        assertValue(
            "birthdate(id) < date('1950-01-01')", .boolean(true), in: context(fields: ["id": .string("11010519491231002x")]))
    }

    func testAgeErrors() {
        assertFailure(
            "age(id) > 1", .invalidResidentID, "invalid resident id: check digit should be 'X', found '1'", 4..<6,
            in: context(fields: ["id": .string("110105194912310021")]))
        assertFailure(
            "age(id)", .invalidResidentID, "invalid resident id: a resident id has 18 characters, found 3", 4..<6,
            in: context(fields: ["id": .string("123")]))
        assertFailure(
            "age(id)", .invalidResidentID,
            "invalid resident id: birth date 2008-06-15 is after the evaluation date 2008-06-14", 4..<6,
            in: context(today: "2008-06-14", fields: ["id": .string(eighteenIn2026)]))
        assertFailure(
            "age(id)", .typeMismatch, "age() expects a resident id string, found integer", 4..<6,
            in: context(fields: ["id": .integer(3)]))
    }

    // MARK: dates

    func testDateArithmetic() {
        assertValue("date('2024-02-28') + 1", .date(day("2024-02-29")))
        assertValue("date('2024-02-28') + 2", .date(day("2024-03-01")))
        assertValue("date('2025-02-28') + 1", .date(day("2025-03-01")))
        assertValue("date('2025-01-01') - 1", .date(day("2024-12-31")))
        assertValue("date('2025-03-01') - date('2024-03-01')", .integer(365))
        assertValue("date('2024-03-01') - date('2023-03-01')", .integer(366))
        assertValue("date('2024-01-01') - date('2025-01-01')", .integer(-366))
        assertValue("today() - 30", .date(day("2026-05-16")))
        assertValue("today() > date('2026-06-14') and today() <= date('2026-06-15')", .boolean(true))
        assertValue("d + 10 == date('2026-01-11')", .boolean(true), in: context(fields: ["d": .date(day("2026-01-01"))]))
    }

    func testDateRange() {
        let message = "date out of range; dates run from 0001-01-01 to 9999-12-31"
        assertFailure("date('9999-12-31') + 1", .overflow, message, 0..<22)
        assertFailure("date('0001-01-01') - 1", .overflow, message, 0..<22)
        assertFailure("today() + 9223372036854775807", .overflow, message, 0..<29)
        assertFailure("today() - -9223372036854775807 - 1", .overflow, message, 0..<30)
        assertFailure("date('2025-02-30')", .invalidDate, "invalid date \"2025-02-30\"; expected a real date written YYYY-MM-DD", 5..<17)
    }

    // MARK: in and equality

    func testIn() {
        let c = context(fields: ["housing-type": .string("house"), "tags": .list([.string("a"), .string("b")])])
        assertValue("housing-type in ['apartment', 'house']", .boolean(true), in: c)
        assertValue("housing-type not in ['apartment', 'house']", .boolean(false), in: c)
        assertValue("housing-type in ['apartment']", .boolean(false), in: c)
        assertValue("'b' in tags", .boolean(true), in: c)
        assertValue("'c' not in tags", .boolean(true), in: c)
        assertValue("1 in [1.0, 2]", .boolean(true))
        assertValue("2.5 in [1, 2]", .boolean(false))
        assertValue("[1, 2] in [[1, 2.0]]", .boolean(true))
        assertFailure("1 in 1", .typeMismatch, "'in' needs a list on the right, found integer", 0..<6)
    }

    func testEqualityAndOrdering() {
        assertValue("2 == 2.0", .boolean(true))
        assertValue("2 != 2.5", .boolean(true))
        assertValue("2 > 1.5", .boolean(true))
        assertValue("1.5 < 2", .boolean(true))
        assertValue("9223372036854775807 > 9223372036854775806.0", .boolean(false))
        assertValue("'abc' < 'abd'", .boolean(true))
        assertValue("'住宅' == \"住宅\"", .boolean(true))
        assertValue("true == false", .boolean(false))
        assertFailure("'1' == 1", .typeMismatch, "cannot compare string with integer", 0..<8)
        assertFailure("true < false", .typeMismatch, "'<' cannot compare boolean with boolean", 0..<12)
    }

    // MARK: arithmetic

    func testArithmetic() {
        assertValue("1 + 2 * 3", .integer(7))
        assertValue("7 / 2", .number(3.5))
        assertValue("6 / 3", .number(2))
        assertValue("7 - 2.5", .number(4.5))
        assertValue("-(3 - 5)", .integer(2))
        assertValue("'a' + \"b\"", .string("ab"))
        assertValue("len('住宅') + len('')", .integer(2))
    }

    func testDivisionByZero() {
        assertFailure("1 / 0", .divisionByZero, "division by zero", 0..<5)
        assertFailure("x / 0.0", .divisionByZero, "division by zero", 0..<7, in: context(fields: ["x": .number(1)]))
    }

    func testOverflowDoesNotTrap() {
        assertFailure("9223372036854775807 + 1", .overflow, "integer overflow in '+'", 0..<23)
        assertFailure("-9223372036854775807 - 2", .overflow, "integer overflow in '-'", 0..<24)
        assertFailure("9223372036854775807 * 2", .overflow, "integer overflow in '*'", 0..<23)
        assertFailure("-x", .overflow, "integer overflow in '-'", 0..<2, in: context(fields: ["x": .integer(Int.min)]))
        assertFailure("x * x", .overflow, "number overflow in '*'", 0..<5, in: context(fields: ["x": .number(1e200)]))
    }

    // MARK: booleans, fields, materials

    func testShortCircuit() {
        assertValue("false and missing > 1", .boolean(false))
        assertValue("true or missing", .boolean(true))
        assertFailure("true and missing", .missingField, "no value for field \"missing\"", 9..<16)
        assertFailure("1 and true", .typeMismatch, "'and' expects boolean operands, found integer", 0..<1)
        assertValue("not (1 > 2)", .boolean(true))
    }

    func testIfEvaluatesOnlyTheChosenValue() {
        let c = context(fields: ["use": .string("residential"), "copies": .integer(3)])
        assertValue("if(use == 'residential', 80, 550) + 10 * (copies - 1)", .integer(100), in: c)
        assertValue("if(use == 'shop', 80, 550)", .integer(550), in: c)
        assertValue("if(true, 1, missing)", .integer(1), in: c)
        assertFailure("if(missing, 1, 2)", .missingField, "no value for field \"missing\"", 3..<10)
        assertFailure("if(1, 2, 3)", .typeMismatch, "'if' expects boolean operands, found integer", 3..<4)
        assertValue("if(given(copies), 10 * copies, 0)", .integer(30), in: c)
        assertValue("if(given(extra), 10 * extra, 0)", .integer(0), in: c)
        assertFailure("given(1)", .invalidCall, "given() expects a field id such as given(floor-area)", 0..<8)
        assertFailure("if(true, 1)", .invalidCall, "if() expects 3 arguments, found 2", 0..<11)
    }

    func testMissingField() {
        assertFailure("x > 1", .missingField, "no value for field \"x\"", 0..<1)
    }

    func testHas() {
        let c = context(materials: ["id-card-copy"])
        assertValue("has(id-card-copy)", .boolean(true), in: c)
        assertValue("has(photo)", .boolean(false), in: c)
        assertValue("not has(photo) and has(id-card-copy)", .boolean(true), in: c)
    }

    func testUncheckedCallsThrow() {
        assertFailure("foo()", .invalidCall, "unknown function 'foo'", 0..<3)
        assertFailure("today(1)", .invalidCall, "today() expects no arguments, found 1", 0..<8)
        assertFailure("has('x')", .invalidCall, "has() expects a material id such as has(id-card-copy)", 4..<7)
    }

    func testEvaluateCondition() throws {
        guard case .success(let yes) = ShenpiLanguage.Expression.parse("1 < 2"),
            case .success(let number) = ShenpiLanguage.Expression.parse("1 + 2")
        else { return XCTFail("parse failed") }
        XCTAssertTrue(try evaluateCondition(yes, context: context()))
        XCTAssertThrowsError(try evaluateCondition(number, context: context())) { error in
            XCTAssertEqual(
                error as? EvaluationError,
                EvaluationError(.typeMismatch, "condition must be a boolean, found integer", range: 0..<5))
        }
    }

    func testValueDescription() {
        XCTAssertEqual(
            Value.list([.string("it's"), .integer(1), .number(2.5), .boolean(true), .date(day("2025-01-02"))]).description,
            "['it\\'s', 1, 2.5, true, date('2025-01-02')]")
    }
}
