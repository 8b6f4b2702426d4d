import Foundation
import GRDB
import ShenpiAPI
import ShenpiStore
import XCTest

/// 401 without a token on every /v1 endpoint; scopes; roles honoured only
/// in the token's department; tokens shown once and revocable.
final class AuthTests: XCTestCase {
    func testEveryV1EndpointButTheOpenAPIFileNeedsAToken() async throws {
        let h = try APIHarness()
        for (method, pattern) in API.endpoints where pattern.hasPrefix("/v1/") && pattern != "/v1/openapi.yaml" {
            let path = pattern.replacingOccurrences(of: "{flow}", with: "senior-bus-card").replacingOccurrences(of: "{case}", with: "X")
                .replacingOccurrences(of: "{token}", with: "t1")
            let a = await h.call(method, path, token: nil, body: "{}")
            XCTAssertEqual(a.status, 401, "\(method) \(path)")
            XCTAssertEqual(a.code, "unauthenticated")
            XCTAssertEqual(a.headers["www-authenticate"], "Bearer")
            let wrong = await h.call(method, path, token: "shp_not-a-token", body: "{}")
            XCTAssertEqual(wrong.status, 401, "\(method) \(path)")
        }
        let malformed = await h.call("GET", "/v1/flows", token: nil, headers: ["Authorization": "Basic YWRtaW46YWRtaW4="])
        XCTAssertEqual(malformed.status, 401)
        let r1 = await h.call("GET", "/healthz", token: nil)
        XCTAssertEqual(r1.status, 200)
        let r2 = await h.call("GET", "/metrics", token: nil)
        XCTAssertEqual(r2.status, 200)
        let spec = await h.call("GET", "/v1/openapi.yaml", token: nil)
        XCTAssertEqual(spec.status, 200)
        XCTAssertTrue(spec.text.hasPrefix("openapi: 3.1"), spec.text)
    }

    func testUnknownPathsAndMethods() async throws {
        let h = try APIHarness()
        let admin = try h.user("admin", scopes: [.admin])
        let missing = await h.call("GET", "/v1/nothing", token: admin)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.code, "not-found")
        let method = await h.call("PUT", "/v1/cases", token: admin)
        XCTAssertEqual(method.status, 405)
        XCTAssertEqual(method.code, "method-not-allowed")
        XCTAssertEqual(method.headers["allow"], "POST, GET, HEAD")
        // One resource, one path: empty segments name nothing.
        for path in ["/v1/me/", "/v1//me", "//v1/me", "/v1/cases//X/actions", "/v1/cases/X/actions/", "v1/me"] {
            let loose = await h.call("GET", path, token: admin)
            XCTAssertEqual(loose.status, 404, path)
            XCTAssertEqual(loose.code, "not-found", path)
        }
        let exact = await h.call("GET", "/v1/me", token: admin)
        XCTAssertEqual(exact.status, 200)
        h.api.setReady(false)
        let stopping = await h.call("GET", "/healthz", token: nil)
        XCTAssertEqual(stopping.status, 503)
        XCTAssertEqual(stopping.json["status"] as? String, "stopping")
    }

    func testScopesGuardIntakeSupervisionAndTokens() async throws {
        let h = try APIHarness()
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer"])
        let submit = await h.call("POST", "/v1/cases", token: officer, body: Bodies.busCard("C-1"))
        XCTAssertEqual(submit.status, 403)
        XCTAssertEqual(submit.code, "forbidden")
        let r3 = await h.call("GET", "/v1/report", token: officer)
        XCTAssertEqual(r3.status, 403)
        let r4 = await h.call("GET", "/v1/tokens", token: officer)
        XCTAssertEqual(r4.status, 403)
        let r5 = await h.call("POST", "/v1/tokens", token: officer, body: #"{"name":"x"}"#)
        XCTAssertEqual(r5.status, 403)
        let r6 = await h.call("DELETE", "/v1/tokens/t1", token: officer)
        XCTAssertEqual(r6.status, 403)
        XCTAssertFalse(try h.engine.cases(at: h.now).contains { $0.id == "C-1" })
    }

    func testARoleOfAnotherDepartmentIsNeverHonoured() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        // Written straight into the table: the API would refuse to create it (see below).
        let stray = try h.user("stray", department: "center", roles: ["bus-card-reviewer"])
        let r7 = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("C-1"))
        XCTAssertEqual(r7.status, 201)
        let r8 = await h.call("POST", "/v1/cases/C-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(r8.status, 200)
        let before = try h.eventCount("C-1")
        let refused = await h.call("POST", "/v1/cases/C-1/actions", token: stray, body: Bodies.decide("eligibility-review", "eligible"))
        XCTAssertEqual(refused.status, 403, "the center takes part in the flow, but bus-card-reviewer is a transport role")
        XCTAssertEqual(refused.code, "role-required")
        XCTAssertEqual(try h.eventCount("C-1"), before)
        let me = await h.call("GET", "/v1/me", token: stray)
        XCTAssertEqual(me.json["effectiveRoles"] as? [String], [])
    }

    func testTokensAreShownOnceListedWithoutSecretsAndRevocable() async throws {
        let h = try APIHarness()
        let admin = try h.user("admin", scopes: [.admin])
        let created = await h.call("POST", "/v1/tokens", token: admin,
                                   body: #"{"name":"li.na","department":"center","roles":["window"],"scopes":["intake"]}"#)
        XCTAssertEqual(created.status, 201, created.text)
        let secret = try XCTUnwrap(created.json["token"] as? String)
        let id = try XCTUnwrap(created.json["id"] as? String)
        let r9 = await h.call("GET", "/v1/flows", token: secret)
        XCTAssertEqual(r9.status, 200)
        let list = await h.call("GET", "/v1/tokens", token: admin)
        XCTAssertFalse(list.text.contains(secret))
        XCTAssertFalse(list.text.contains("hash"))
        XCTAssertEqual((list.json["tokens"] as? [[String: Any]])?.count, 2)

        let again = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"li.na","department":"center"}"#)
        XCTAssertEqual(again.status, 409)
        let wrongDept = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"x","department":"center","roles":["land-head"]}"#)
        XCTAssertEqual(wrongDept.status, 422)
        XCTAssertEqual(wrongDept.code, "role-outside-department")
        XCTAssertEqual(wrongDept.error["field"] as? String, "roles[0]")
        let unknownRole = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"x","department":"center","roles":["janitor"]}"#)
        XCTAssertEqual(unknownRole.code, "unknown-role")
        let badScope = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"x","scopes":["root"]}"#)
        XCTAssertEqual(badScope.status, 400)
        XCTAssertEqual(badScope.error["field"] as? String, "scopes[0]")
        // A name goes into every event and into `token list`'s tab-separated lines.
        for (name, message) in [(#"li\tna"#, "must not contain control characters (tabs, line breaks)"),
                                (#"li\nna"#, "must not contain control characters (tabs, line breaks)"),
                                // Refused in any string of a body.
                                (#"li\u2028na"#, "must not contain the control character U+2028 (at character 3); of the controls only tab, line feed and carriage return are taken"),
                                (#"li\u0085na"#, "must not contain the control character U+0085 (at character 3); of the controls only tab, line feed and carriage return are taken")] {
            let bad = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":""# + name + #""}"#)
            XCTAssertEqual(bad.status, 400, name)
            XCTAssertEqual(bad.error["field"] as? String, "name", name)
            XCTAssertEqual(bad.error["message"] as? String, message, name)
        }
        // Four-eyes tells officers apart by name, and the history names timers and applicants.
        let lookalikes = [(#"li.na "#, "must not begin or end with white space"),
                          (#"li.na\u200b"#, "must not contain the invisible formatting character U+200B (at character 6)"),
                          (#"\uff4c\uff49.na"#, "must be written in Unicode's normal form (NFKC), \"li.na\": full-width letters, ligatures and decomposed accents would make a second name that looks like the first"),
                          ("System", "\"system\" is reserved: the case history uses it for actions no officer took"),
                          ("applicant", "\"applicant\" is reserved: the case history uses it for actions no officer took")]
        for (name, message) in lookalikes {
            let bad = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":""# + name + #""}"#)
            XCTAssertEqual(bad.status, 400, name)
            XCTAssertEqual(bad.error["field"] as? String, "name", name)
            XCTAssertEqual(bad.error["message"] as? String, message, name)
        }
        let afterBad = await h.call("GET", "/v1/tokens", token: admin)
        XCTAssertEqual((afterBad.json["tokens"] as? [[String: Any]])?.count, 2, "nothing written")

        let r10 = await h.call("DELETE", "/v1/tokens/\(id)", token: admin)
        XCTAssertEqual(r10.status, 204)
        let r11 = await h.call("GET", "/v1/flows", token: secret)
        XCTAssertEqual(r11.status, 401)
        let r12 = await h.call("DELETE", "/v1/tokens/\(id)", token: admin)
        XCTAssertEqual(r12.status, 404)
        // A secret pasted where the id belongs revokes its token, and is never echoed.
        let pasted = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"wang","department":"center"}"#)
        let pastedSecret = try XCTUnwrap(pasted.json["token"] as? String)
        let byOthers = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"WANG","department":"center"}"#)
        XCTAssertEqual(byOthers.status, 409, "a name in another letter case reads as the same officer")
        _ = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"zoé","department":"center"}"#)
        let accented = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"ZOÉ","department":"center"}"#)
        XCTAssertEqual(accented.status, 409, "letter case beyond ASCII too")
        XCTAssertEqual(byOthers.error["message"] as? String,
                       "an active token named wang exists already (names that differ only in letter case read as one officer)")
        let bySecret = await h.call("DELETE", "/v1/tokens/\(pastedSecret)", token: admin)
        XCTAssertEqual(bySecret.status, 204, bySecret.text)
        let revokedUse = await h.call("GET", "/v1/flows", token: pastedSecret)
        XCTAssertEqual(revokedUse.status, 401)
        let pastedAgain = await h.call("DELETE", "/v1/tokens/\(pastedSecret)", token: admin)
        XCTAssertEqual(pastedAgain.status, 404)
        XCTAssertFalse(pastedAgain.text.contains(pastedSecret), pastedAgain.text)
        XCTAssertEqual(pastedAgain.error["message"] as? String, "no active token shp_***(\(pasted.json["id"] as? String ?? "?"))")
        // The name is free again once revoked.
        let r13 = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"li.na","department":"center"}"#)
        XCTAssertEqual(r13.status, 201)
    }

    func testARoleNamedTwiceIsHeldOnce() async throws {
        let h = try APIHarness()
        let admin = try h.user("admin", scopes: [.admin])
        let made = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"gao","department":"land","roles":["land-head","land-head"]}"#)
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertEqual(made.json["roles"] as? [String], ["land-head"], made.text)
    }

    func testTokensAreStoredOnlyAsHashes() throws {
        let h = try APIHarness()
        let secret = try h.user("li.na", department: "center", roles: ["window"])
        let rows = try h.engine.database.writer.read { db in try String.fetchAll(db, sql: "SELECT hex(hash) || name || roles FROM token") }
        XCTAssertFalse(rows.joined().contains(secret))
        XCTAssertFalse(rows.joined().contains(secret.dropFirst(4)))
    }
}
