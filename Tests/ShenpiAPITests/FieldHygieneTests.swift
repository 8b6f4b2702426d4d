@testable import ShenpiAPI
import XCTest

/// Applicant text reaches SMS, notices and certificates: control and
/// invisible formatting characters are refused (422, the field named,
/// nothing stored), as is a resident id of someone not born yet; a lowercase
/// check character is stored as the card prints it.
final class FieldHygieneTests: XCTestCase {
    func testGarbledTextAndUnbornApplicantsAreRefused() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let refused: [(String, String, String)] = [
            (#""applicant-name":"张三\n【银行】请点击 http://x.cn""#, "applicant-name",
             "must not contain control characters such as line breaks, tabs or NUL (U+000A at character 3)"),
            (#""applicant-name":"张\u0000三""#, "applicant-name", "must not contain control characters such as line breaks, tabs or NUL (U+0000 at character 2)"),
            (#""applicant-name":"\u200b""#, "applicant-name", "must not contain invisible formatting characters (U+200B at character 1)"),
            (#""applicant-name":"张三\u202e""#, "applicant-name", "must not contain invisible formatting characters (U+202E at character 3)"),
            // Hangul fillers are letters by category, blank on screen.
            (#""applicant-name":"\u3164\u3164""#, "applicant-name", "must not contain invisible formatting characters (U+3164 at character 1)"),
            (#""applicant-name":"\u2800\u2800""#, "applicant-name", "must not contain invisible formatting characters (U+2800 at character 1)"),
            (#""applicant-name":"张\u034f三""#, "applicant-name", "must not contain invisible formatting characters (U+034F at character 2)"),
            (#""id-number":"110105202509270010""#, "id-number",
             "birth date 2025-09-27 in characters 7–14 is after today (2025-09-26): a typing error in the year?"),
        ]
        for (field, name, reason) in refused {
            let body = Bodies.busCard("BC-1").replacingOccurrences(of: field.hasPrefix(#""id"#) ? #""id-number":"11010519491231002X""# : #""applicant-name":"张三""#,
                                                                   with: field)
            let r = await h.call("POST", "/v1/cases", token: window, body: body)
            XCTAssertEqual(r.status, 422, field + " " + r.text)
            XCTAssertEqual(r.code, "invalid-field", r.text)
            XCTAssertEqual(r.error["field"] as? String, "fields." + name, r.text)
            XCTAssertEqual(r.error["message"] as? String, "field \"\(name)\": " + reason)
            XCTAssertThrowsError(try h.engine.case("BC-1"), "nothing stored")
        }
        // Names are written with some format characters: the Mongolian vowel separator, the zero-width joiners.
        for name in ["ᠰᠠᠷᠠ\u{180E}ᠠ", "ئۇ\u{200C}يغۇر", "ئۇ\u{200D}يغۇر"] {
            let id = "BC-M\(name.unicodeScalars.count)\(name.unicodeScalars.contains { $0.value == 0x200D } ? "J" : "")"
            let body = Bodies.busCard(id).replacingOccurrences(of: #""applicant-name":"张三""#, with: "\"applicant-name\":\"\(name)\"")
            let r = await h.call("POST", "/v1/cases", token: window, body: body)
            XCTAssertEqual(r.status, 201, name + " " + r.text)
        }
        // Born today is born.
        let today = Bodies.busCard("BC-2").replacingOccurrences(of: "11010519491231002X", with: "110105202509260015")
        let born = await h.call("POST", "/v1/cases", token: window, body: today)
        XCTAssertEqual(born.status, 201, born.text)
        // The check character as the card prints it.
        let lower = await h.call("POST", "/v1/cases", token: window,
                                 body: Bodies.busCard("BC-3").replacingOccurrences(of: "11010519491231002X", with: "11010519491231002x"))
        XCTAssertEqual(lower.status, 201, lower.text)
        XCTAssertEqual(try h.engine.case("BC-3").state.fields["id-number"], .string("11010519491231002X"))

        // As the hall's forms write them: white space around a text, a phone with its country code.
        for (i, (phone, stored)) in [("+86 138 1234 5678", "13812345678"), ("(0571)87654321", "057187654321"),
                                     ("+86-571-87654321", "057187654321"), ("１３８１２３４５６７８", "13812345678"),
                                     ("0571-87654321", "0571-87654321")].enumerated() {
            let body = Bodies.busCard("BC-P\(i)")
                .replacingOccurrences(of: #""13812345678""#, with: "\"\(phone)\"")
                .replacingOccurrences(of: #""张三""#, with: #""\u3000张三  ""#)
                .replacingOccurrences(of: #""11010519491231002X""#, with: #"" 11010519491231002x ""#)
            let r = await h.call("POST", "/v1/cases", token: window, body: body)
            XCTAssertEqual(r.status, 201, phone + " " + r.text)
            let fields = try h.engine.case("BC-P\(i)").state.fields
            XCTAssertEqual(fields["phone"], .string(stored), phone)
            XCTAssertEqual(fields["applicant-name"], .string("张三"))
            XCTAssertEqual(fields["id-number"], .string("11010519491231002X"))
        }
        for phone in ["+1 415 555 0100", "138-1234-5678-9", "0571-87654321 转 8"] {
            let r = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-X").replacingOccurrences(of: #""13812345678""#, with: "\"\(phone)\""))
            XCTAssertEqual(r.status, 422, phone + " " + r.text)
        }
    }
}
