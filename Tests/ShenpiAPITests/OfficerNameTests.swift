import Foundation
import ShenpiEngine
import ShenpiStore
import XCTest

/// Officers are one person by name in any letter case: a token re-issued as
/// `CHEN.JIE` after `chen.jie`'s was revoked does not get past four-eyes or
/// the follow-up rule. And a name that only looks like another's is refused.
final class OfficerNameTests: XCTestCase {
    /// Revokes `secret`'s token and issues one under `name` (the old name in other letters).
    private func reissue(_ h: APIHarness, _ secret: String, as name: String, department: String, roles: [String]) throws -> String {
        XCTAssertTrue(try h.api.tokens.revoke(id: TokenStore.id(ofSecret: secret), at: h.now))
        return try h.user(name, department: department, roles: roles)
    }

    func testFourEyesTellsNamesApartInAnyLetterCase() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let both = try h.user("chen.jie", department: "land", roles: ["land-reviewer", "land-head"])
        _ = await h.call("POST", "/v1/cases", token: window, body: Bodies.land("L-1"))
        _ = await h.call("POST", "/v1/cases/L-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let reviewed = await h.call("POST", "/v1/cases/L-1/actions", token: both, body: Bodies.decide("review", "recommend-approve"))
        XCTAssertEqual(reviewed.status, 200, reviewed.text)
        let upper = try reissue(h, both, as: "CHEN.JIE", department: "land", roles: ["land-head"])
        let events = try h.eventCount("L-1")
        let refused = await h.call("POST", "/v1/cases/L-1/actions", token: upper, body: Bodies.decide("record", "record"))
        XCTAssertEqual([refused.status.description, refused.code ?? ""], ["403", "four-eyes"], refused.text)
        XCTAssertEqual(refused.error["message"] as? String, #"CHEN.JIE decided the previous step, so may not decide "record" (four-eyes)"#)
        XCTAssertEqual(try h.eventCount("L-1"), events, "a refusal writes nothing")
        let head = try h.user("sun.li", department: "land", roles: ["land-head"])
        let recorded = await h.call("POST", "/v1/cases/L-1/actions", token: head, body: Bodies.decide("record", "record"))
        XCTAssertEqual(recorded.status, 200, recorded.text)
    }

    func testFourEyesAfterAJoinTellsNamesApartInAnyLetterCase() async throws {
        let h = try APIHarness(start: "2025-12-01T09:00")
        let users = try await FourEyesJoinAPITests.atRecord(h)
        let chu = try XCTUnwrap(users["chu.reg"])
        let upper = try reissue(h, chu, as: "Chu.Reg", department: "realestate", roles: ["realestate-head"])
        let refused = await h.call("POST", "/v1/cases/BDC-1/actions", token: upper, body: Bodies.decide("record", "record"))
        XCTAssertEqual([refused.status.description, refused.code ?? ""], ["403", "four-eyes"], refused.text)
        XCTAssertEqual(refused.error["message"] as? String,
                       #"Chu.Reg decided "registration-review", the last step of a branch joined before "record", so may not decide it (four-eyes)"#)
    }

    func testTheOfficerComplainedOfMayNotFollowUpUnderTheNameInOtherLetters() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer", "bus-card-officer"])
        try await FollowUpTests.finished(h, "BC-1", level: 1, window: window, officer: officer)
        let upper = try reissue(h, officer, as: "Wang.Fang", department: "transport", roles: ["bus-card-reviewer"])
        let events = try h.eventCount("BC-1")
        let refused = await h.call("POST", "/v1/cases/BC-1/follow-up", token: upper, body: #"{"result":"unfounded","comment":"经核实不属实"}"#)
        XCTAssertEqual([refused.status.description, refused.code ?? ""], ["403", "four-eyes"], refused.text)
        XCTAssertTrue(refused.text.contains("Wang.Fang acted on this case"), refused.text)
        XCTAssertEqual(try h.eventCount("BC-1"), events)
    }

    /// Invisible characters that are not format characters, and a Latin
    /// name with a Cyrillic or Greek letter in it, would make a second
    /// officer who looks like the first.
    func testNamesThatLookLikeAnothersAreRefused() async throws {
        let h = try APIHarness()
        let admin = try h.user("root", scopes: [.admin])
        _ = try h.user("xu.land", department: "land", roles: ["land-head"])
        for (name, message) in [
            // The body's text rule refuses these two first (as in any string); the name's rule, for the shell, below.
            (#"xu\u034f.land"#, "must not contain the invisible formatting character U+034F (at character 3)"),
            (#"xu.land\ufe0f"#, "must not contain invisible characters (U+FE0F)"),
            (#"xu.land\udb40\udd00"#, "must not contain invisible characters (U+E0100)"),
            (#"xu.land\u2800"#, "must not contain the invisible formatting character U+2800 (at character 8)"),
            (#"xu.l\u0430nd"#, "mixes Latin letters with Cyrillic ones (U+0430): it would look like another name"),
            (#"\u03bfx.land"#, "mixes Latin letters with Greek ones (U+03BF): it would look like another name"),
        ] {
            let r = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"\#(name)","department":"land","roles":["land-head"]}"#)
            XCTAssertEqual([r.status.description, r.code ?? "", r.error["field"] as? String ?? ""], ["400", "bad-body", "name"], r.text)
            XCTAssertEqual(r.error["message"] as? String, message, name)
        }
        XCTAssertEqual(TokenStore.nameProblem("xu\u{034F}.land"), "must not contain invisible characters (U+034F)")
        XCTAssertEqual(TokenStore.nameProblem("xu.land\u{2800}"), "must not contain invisible characters (U+2800)")
        XCTAssertEqual(TokenStore.nameProblem("zh\u{0585}u.tax"), "mixes Latin letters with Armenian ones (U+0585): it would look like another name")
        XCTAssertEqual(TokenStore.nameProblem("chen.l\u{0251}nd"), nil, "IPA ɑ is Latin: one script")
        XCTAssertNotNil(TokenStore.nameProblem("Ivan Иванов"), "a user is named in one of the two")
        // Names in one script, or Chinese beside Latin, are names.
        XCTAssertNil(TokenStore.nameProblem("Иван.Петров"))
        XCTAssertNil(TokenStore.nameProblem("张三 zhang.san"))
        XCTAssertNil(TokenStore.nameProblem("José.Müller"))
    }

    /// Full case folding, not `lowercased()`: the Greek final sigma, the German ß.
    func testNamesAreComparedWithFullCaseFolding() {
        XCTAssertTrue(OfficerName.same("ΝΊΚΟΣ", "νίκος"))
        XCTAssertTrue(OfficerName.same("STRASSE", "straße"))
        XCTAssertTrue(OfficerName.same("Chen.Land", "chen.land"))
        XCTAssertFalse(OfficerName.same("chen.land", "chen.lands"))
    }
}
