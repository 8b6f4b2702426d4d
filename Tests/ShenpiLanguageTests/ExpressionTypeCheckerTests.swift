import ShenpiLanguage
import XCTest

final class ExpressionTypeCheckerTests: XCTestCase {
    let housing = ValueType.enumeration(values: ["apartment", "house"])

    var environment: ExpressionEnvironment {
        ExpressionEnvironment(
            fields: [
                "applicant-id": .residentID,
                "age-years": .integer,
                "income": .number,
                "name": .string,
                "housing-type": housing,
                "allowed-types": .list(housing),
                "phone": .phone,
                "married": .boolean,
                "start-date": .date,
                "tags": .list(.string),
            ],
            materials: ["id-card-copy", "marriage-certificate"])
    }

    private func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> (ValueType?, [ExpressionError]) {
        switch ShenpiLanguage.Expression.parse(text) {
        case .success(let e): return typeCheck(e, environment: environment)
        case .failure(let error):
            XCTFail("unexpected syntax error \(error)", file: file, line: line)
            return (nil, [])
        }
    }

    private func assertType(_ text: String, _ type: ValueType, file: StaticString = #filePath, line: UInt = #line) {
        let (t, errors) = check(text, file: file, line: line)
        XCTAssertEqual(errors, [], file: file, line: line)
        XCTAssertEqual(t, type, file: file, line: line)
    }

    private func assertError(
        _ text: String, _ message: String, _ range: Range<Int>, kind: ExpressionError.Kind = .type,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let (_, errors) = check(text, file: file, line: line)
        XCTAssertEqual(errors, [ExpressionError(kind, message, range: range)], file: file, line: line)
    }

    // MARK: literals and fields

    func testLiteralAndFieldTypes() {
        assertType("42", .integer)
        assertType("3.5", .number)
        assertType("'x'", .string)
        assertType("true", .boolean)
        assertType("date('2025-01-01')", .date)
        assertType("today()", .date)
        assertType("housing-type", housing)
        assertType("[1, 2]", .list(.integer))
        assertType("[1, 2.5]", .list(.number))
        assertType("[name, 'x']", .list(.string))
        assertType("[housing-type, 'x']", .list(.string))
        assertType("[phone, name]", .list(.string))
    }

    // MARK: arithmetic

    func testArithmetic() {
        assertType("age-years + 1", .integer)
        assertType("age-years - 1", .integer)
        assertType("age-years * 2", .integer)
        assertType("age-years / 2", .number)
        assertType("age-years * income", .number)
        assertType("income - 1", .number)
        assertType("-age-years", .integer)
        assertType("-income", .number)
        assertType("name + 'x'", .string)
        assertType("start-date + 30", .date)
        assertType("start-date - 30", .date)
        assertType("today() - start-date", .integer)
    }

    func testArithmeticErrors() {
        assertError("name + 1", "cannot apply '+' to string and integer", 0..<8)
        assertError("start-date + start-date", "cannot apply '+' to date and date", 0..<23)
        assertError("start-date + 1.5", "cannot apply '+' to date and number", 0..<16)
        assertError("30 + start-date", "cannot apply '+' to integer and date", 0..<15)
        assertError("married * 2", "cannot apply '*' to boolean and integer", 0..<11)
        assertError("name - 'a'", "cannot apply '-' to string and string", 0..<10)
        assertError("name + housing-type", "cannot apply '+' to string and enumeration", 0..<19)
        assertError("start-date / 2", "cannot apply '/' to date and integer", 0..<14)
        assertError("-name", "'-' expects an integer or number, found string", 1..<5)
    }

    // MARK: equality

    func testEquality() {
        assertType("age-years == 1.5", .boolean)
        assertType("housing-type == 'house'", .boolean)
        assertType("'apartment' != housing-type", .boolean)
        assertType("housing-type == name", .boolean)
        assertType("phone == '13800138000'", .boolean)
        assertType("applicant-id == name", .boolean)
        assertType("start-date == today()", .boolean)
        assertType("tags == ['a']", .boolean)
        assertType("married == true", .boolean)
    }

    func testEqualityErrors() {
        assertError("name == 1", "cannot compare string with integer", 0..<9)
        assertError("married != 0", "cannot compare boolean with integer", 0..<12)
        assertError("phone == applicant-id", "cannot compare phone with resident-id", 0..<21)
        assertError("start-date == '2025-01-01'", "cannot compare date with string", 0..<26)
    }

    func testEnumerationLiteralsMustBeAllowedValues() {
        let allowed = "expected one of \"apartment\", \"house\""
        assertError("housing-type == 'villa'", "\"villa\" is not a value of \"housing-type\"; " + allowed, 16..<23)
        assertError("'villa' != housing-type", "\"villa\" is not a value of \"housing-type\"; " + allowed, 0..<7)
        assertError("housing-type in ['apartment', 'villa']", "\"villa\" is not a value of \"housing-type\"; " + allowed, 30..<37)
        assertError("'villa' in allowed-types", "\"villa\" is not a value of \"allowed-types\"; " + allowed, 0..<7)
        assertError(
            "allowed-types == ['house', 'hut']", "\"hut\" is not a value of \"allowed-types\"; " + allowed, 27..<32)
        assertType("housing-type in ['apartment', 'house']", .boolean)
    }

    // MARK: ordering

    func testOrdering() {
        assertType("name < 'b'", .boolean)
        assertType("start-date <= date('2025-01-01')", .boolean)
        assertType("age-years > income", .boolean)
        assertType("income >= 1", .boolean)
    }

    func testOrderingErrors() {
        let needs = "needs integer, number, date or string operands"
        assertError("married < true", "'<' \(needs), found boolean", 0..<7)
        assertError("housing-type > 'apartment'", "'>' \(needs), found enumeration", 0..<12)
        assertError("'1' <= phone", "'<=' \(needs), found phone", 7..<12)
        assertError("start-date >= 3", "cannot compare date with integer", 0..<15)
        assertError("name < 3", "cannot compare string with integer", 0..<8)
    }

    // MARK: in

    func testIn() {
        assertType("name in tags", .boolean)
        assertType("age-years in [1, 2.5]", .boolean)
        assertType("age-years not in [1, 2]", .boolean)
        assertType("phone in ['13800138000']", .boolean)
    }

    func testInErrors() {
        assertError("name in name", "'in' needs a list on the right, found string", 8..<12)
        assertError("name not in 1", "'not in' needs a list on the right, found integer", 12..<13)
        assertError("age-years in ['a']", "cannot look for integer in a list of string", 0..<18)
        assertError("start-date in tags", "cannot look for date in a list of string", 0..<18)
    }

    func testListErrors() {
        assertError("[1, 'a']", "list elements must have one type; found integer and string", 4..<7)
        assertError("name in []", "an empty list has no element type; write at least one element", 8..<10)
    }

    // MARK: boolean operators

    func testBooleanOperators() {
        assertType("married and not married or true", .boolean)
        assertError("age-years and married", "'and' expects boolean operands, found integer", 0..<9)
        assertError("married or name", "'or' expects boolean operands, found string", 11..<15)
        assertError("not name", "'not' expects a boolean, found string", 4..<8)
    }

    // MARK: functions

    func testFunctions() {
        assertType("age(applicant-id)", .integer)
        assertType("birthdate(applicant-id)", .date)
        assertType("has(id-card-copy)", .boolean)
        assertType("len(name)", .integer)
    }

    func testIfChoosesBetweenValuesOfOneType() {
        assertType("if(married, 80, 550)", .integer)
        assertType("if(married, 80, 0.5) + 10 * (age-years - 1)", .number)
        assertType("if(age-years > 65, 'free', name)", .string)
        assertType("if(married, housing-type == 'house', false)", .boolean)
        assertError("if(1, 2, 3)", "if() expects a boolean condition first, found integer", 3..<4)
        assertError("if(married, 80, 'x')", "if() gives integer or string; both values must have one type", 0..<20)
        assertType("if(given(age-years), 10 * age-years, 0)", .integer)
        assertError("given('x')", "given() expects a field id such as given(floor-area)", 0..<10)
        let (_, unknown) = check("given(agee-years)")
        XCTAssertEqual(unknown.map(\.kind), [.undefinedField])
        assertError("if(married, 80)", "if() expects 3 arguments (a condition, the value when it holds, the value otherwise), found 2", 0..<15)
    }

    func testFunctionErrors() {
        assertError("foo(1) > 2", "unknown function 'foo'; expected one of age, birthdate, has, len, today, date, if, given", 0..<3)
        assertError("age(name) > 1", "age() expects a resident-id field, found string", 4..<8)
        assertError("birthdate('11010519491231002X')", "birthdate() expects a resident-id field, found string", 10..<30)
        assertError("age() > 1", "age() expects 1 argument, found 0", 0..<5)
        assertError("age(applicant-id, 1)", "age() expects 1 argument, found 2", 0..<20)
        assertError("today(1)", "today() expects no arguments, found 1", 0..<8)
        assertError("len(age-years)", "len() expects a string, found integer", 4..<13)
        assertError("len(phone)", "len() expects a string, found phone", 4..<9)
        assertError("has('id-card-copy')", "has() expects a material id such as has(id-card-copy)", 4..<18)
        assertError("date(name)", "date() expects a quoted date such as date('2025-01-01')", 5..<9)
        assertError("date('2025-02-30')", "invalid date \"2025-02-30\"; expected a real date written YYYY-MM-DD", 5..<17)
        assertError("date('2025-1-1')", "invalid date \"2025-1-1\"; expected a real date written YYYY-MM-DD", 5..<15)
    }

    func testUndefinedMaterial() {
        assertError(
            "has(id-card-copi)", "unknown material \"id-card-copi\"; did you mean \"id-card-copy\"?", 4..<16,
            kind: .undefinedMaterial)
        assertError("has(passport)", "unknown material \"passport\"", 4..<12, kind: .undefinedMaterial)
    }

    // MARK: undefined fields

    /// With no close match, the message lists the fields (up to 12).
    static let fieldList = "; the flow's fields are age-years, allowed-types, applicant-id, housing-type, income, married, name, phone, start-date, tags"

    func testUndefinedFields() {
        assertError("aplicant-id", "unknown field \"aplicant-id\"; did you mean \"applicant-id\"?", 0..<11, kind: .undefinedField)
        assertError("age(applicant_id) > 1", "unknown field \"applicant_id\"; did you mean \"applicant-id\"?", 4..<16, kind: .undefinedField)
        assertError("xyz == 1", "unknown field \"xyz\"" + Self.fieldList, 0..<3, kind: .undefinedField)
        // A long name gets a suggestion further away (a quarter of its length).
        assertError("applicant-id-no", "unknown field \"applicant-id-no\"; did you mean \"applicant-id\"?", 0..<15, kind: .undefinedField)
        assertError(
            "age-years-1 > 3", "unknown field \"age-years-1\"; to subtract, put spaces around '-': age-years - 1", 0..<11,
            kind: .undefinedField)
        assertError(
            "income-age-years", "unknown field \"income-age-years\"; to subtract, put spaces around '-': income - age-years",
            0..<16, kind: .undefinedField)
        assertError(
            "today > start-date", "unknown field \"today\"; 'today' is a function: call it with parentheses", 0..<5,
            kind: .undefinedField)
    }

    func testErrorsAreCollectedWithoutCascades() {
        let (type, errors) = check("foo == 1 and bar + 1 > name")
        XCTAssertEqual(type, .boolean)
        XCTAssertEqual(
            errors,
            [
                ExpressionError(.undefinedField, "unknown field \"foo\"" + Self.fieldList, range: 0..<3),
                ExpressionError(.undefinedField, "unknown field \"bar\"" + Self.fieldList, range: 13..<16),
            ])
        let (sumType, sumErrors) = check("nope + 1")
        XCTAssertNil(sumType)
        XCTAssertEqual(sumErrors.count, 1)
    }

    // MARK: conditions

    func testCheckCondition() {
        XCTAssertEqual(checkCondition(text: "age(applicant-id) >= 65", environment: environment), [])
        XCTAssertEqual(
            checkCondition(text: "age-years + 1", environment: environment),
            [ExpressionError(.type, "condition must be a boolean, found integer", range: 0..<13)])
        XCTAssertEqual(
            checkCondition(text: "age-years >", environment: environment),
            [ExpressionError(.syntax, "expected an operand after '>'", range: 11..<11)])
        XCTAssertEqual(
            checkCondition(text: "housing-type == 'villa' or nope", environment: environment).map(\.kind),
            [.type, .undefinedField])
        // No "must be a boolean" error when the type is unknown.
        XCTAssertEqual(
            checkCondition(text: "zzz", environment: environment),
            [ExpressionError(.undefinedField, "unknown field \"zzz\"" + Self.fieldList, range: 0..<3)])
    }
}
