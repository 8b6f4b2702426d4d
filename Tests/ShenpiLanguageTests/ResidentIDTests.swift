import ShenpiCalendar
import ShenpiLanguage
import XCTest

final class ResidentIDTests: XCTestCase {
    private func failure(_ text: String) -> String? {
        if case .failure(let error) = ResidentID.validate(text) { return error.message }
        return nil
    }

    func testStandardExample() throws {
        let id = try XCTUnwrap(ResidentID("11010519491231002X"))
        XCTAssertEqual(id.text, "11010519491231002X")
        XCTAssertEqual(id.birthDate, CivilDate(year: 1949, month: 12, day: 31))
        XCTAssertEqual(id.sex, .female)
        XCTAssertEqual(id.regionCode, "110105")
    }

    func testLowercaseXIsNormalised() throws {
        let id = try XCTUnwrap(ResidentID("11010519491231002x"))
        XCTAssertEqual(id.text, "11010519491231002X")
        XCTAssertEqual(id.description, "11010519491231002X")
    }

    func testDigitCheckCharacters() throws {
        let male = try XCTUnwrap(ResidentID("440304200002291236"))
        XCTAssertEqual(male.sex, .male)
        XCTAssertEqual(male.birthDate, CivilDate(year: 2000, month: 2, day: 29))
        XCTAssertEqual(ResidentID("110105199003070033")?.sex, .male)
        XCTAssertEqual(ResidentID("110105194912310046")?.sex, .female)
    }

    func testCheckCharacter() {
        XCTAssertEqual(ResidentID.checkCharacter(for: [1, 1, 0, 1, 0, 5, 1, 9, 4, 9, 1, 2, 3, 1, 0, 0, 2]), "X")
        XCTAssertEqual(ResidentID.checkCharacter(for: [3, 1, 0, 1, 1, 5, 2, 0, 0, 8, 0, 6, 1, 5, 0, 0, 1]), "6")
    }

    func testWrongCheckCharacter() {
        XCTAssertEqual(failure("110105194912310021"), "check digit should be 'X', found '1'")
        XCTAssertEqual(failure("11010519491231004X"), "check digit should be '6', found 'X'")
        XCTAssertEqual(failure("440304200002291235"), "check digit should be '6', found '5'")
        XCTAssertNil(ResidentID("110105194912310021"))
    }

    func testShape() {
        XCTAssertEqual(failure("11010519491231002"), "a resident id has 18 characters, found 17")
        XCTAssertEqual(failure(""), "a resident id has 18 characters, found 0")
        XCTAssertEqual(failure("1101051949123100200"), "a resident id has 18 characters, found 19")
        XCTAssertEqual(failure("1101A519491231002X"), "character 5 should be a digit, found 'A'")
        XCTAssertEqual(failure("１10105194912310020"), "character 1 should be a digit, found '１'")
        XCTAssertEqual(failure("11010519491231002Y"), "the last character should be a digit or 'X', found 'Y'")
    }

    func testBirthDateMustBeValid() {
        XCTAssertEqual(failure("110105194913310021"), "birth date \"19491331\" in characters 7–14 is not a valid date")
        XCTAssertEqual(failure("110105199902290021"), "birth date \"19990229\" in characters 7–14 is not a valid date")
        XCTAssertEqual(failure("110105000001010021"), "birth date \"00000101\" in characters 7–14 is not a valid date")
        XCTAssertNotNil(ResidentID("110105200002290021"))
    }

    func testAge() throws {
        let id = try XCTUnwrap(ResidentID("310115200806150016"))
        XCTAssertEqual(id.age(on: CivilDate(year: 2026, month: 6, day: 14)!), 17)
        XCTAssertEqual(id.age(on: CivilDate(year: 2026, month: 6, day: 15)!), 18)
        XCTAssertEqual(id.age(on: CivilDate(year: 2008, month: 6, day: 15)!), 0)
        XCTAssertEqual(id.age(on: CivilDate(year: 2008, month: 6, day: 14)!), -1)
    }
}
