import Foundation
import ShenpiAPI
import XCTest

/// No string of a body holds NUL, another control character but line breaks
/// and tabs, or an invisible formatting character: SQLite ends a stored text
/// at NUL (a rating comment cut short failed the audit and the backup; a
/// decision's comment cut the applicant's SMS), and a right-to-left override
/// turns the SMS around. Nothing is written.
final class TextHygieneTests: XCTestCase {
    func testControlAndFormattingCharactersInBodiesAreRefused() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        try await FollowUpTests.finished(h, "BC-1", level: nil, window: window, officer: officer)
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-2"))
        let (finished, open) = (try h.eventCount("BC-1"), try h.eventCount("BC-2"))
        for (path, body, field, words) in [
            ("/v1/cases/BC-1/rating", #"{"level":5,"comment":"好\u0000"}"#, "comment", "the control character U+0000 (at character 2)"),
            ("/v1/cases/BC-2/actions", #"{"type":"decide","step":"accept","decision":"refuse","comment":"材料不全\u0000【银行】"}"#, "comment",
             "the control character U+0000 (at character 5)"),
            ("/v1/cases/BC-2/actions", #"{"type":"decide","step":"accept","decision":"refuse","comment":"不全\u202E"}"#, "comment",
             "the invisible formatting character U+202E (at character 3)"),
            ("/v1/cases/BC-2/actions", #"{"type":"decide","step":"acc\u0001ept","decision":"accept"}"#, "step", "U+0001"),
            ("/v1/cases/BC-1/rating", #"{"level":1,"comment":"\u2800\u2800"}"#, "comment", "the invisible formatting character U+2800 (at character 1)"),
        ] {
            let refused = await h.call("POST", path, token: window, body: body)
            XCTAssertEqual([refused.status.description, refused.code ?? "", refused.error["field"] as? String ?? ""], ["400", "bad-body", field], refused.text)
            XCTAssertTrue(refused.text.contains(words), refused.text)
        }
        XCTAssertEqual([try h.eventCount("BC-1"), try h.eventCount("BC-2")], [finished, open], "a refusal writes nothing")
        // Lines and tabs stay allowed in free text: a comment written in a text area.
        // So does a variation selector: an emoji's, or a rare character's in a name (U+E0100).
        let lines = await h.call("POST", "/v1/cases/BC-1/rating", token: window, body: #"{"level":5,"comment":"很好\n谢谢\t！\u2764\ufe0f"}"#)
        XCTAssertEqual(lines.status, 200, lines.text)
    }

    /// `C1%00zz` named case C1 (SQLite read the bound id up to its NUL): a
    /// percent-encoded control character in a path names nothing.
    func testAPathWithAnEncodedControlCharacterNamesNothing() async throws {
        let h = try APIHarness(start: "2025-10-09T10:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("C1"))
        let version = try h.eventCount("C1")
        for target in ["/v1/cases/C1%00zz", "/v1/cases/C1%0A"] {
            let read = await h.call("GET", target, token: window)
            XCTAssertEqual(read.status, 404, read.text)
        }
        let acted = await h.call("POST", "/v1/cases/C1%00zz/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(acted.status, 404, acted.text)
        XCTAssertEqual(acted.error["message"] as? String, #"no case "C1%00zz": an id holds no control character"#)
        XCTAssertEqual(try h.eventCount("C1"), version)
    }
}
