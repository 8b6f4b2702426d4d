import Foundation
@testable import ShenpiAPI
import ShenpiEngine
import ShenpiStore
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// docs/api/openapi.yaml against the API, on the inputs where schemathesis
/// (fuzz/api/run) found the two disagreeing: a body the API takes must
/// validate against its schema, a body the API refuses as malformed (400)
/// must not; the same for headers and query parameters.
final class OpenAPIConformanceTests: XCTestCase {
    static let document: JSON? = {
        guard let text = TestSupport.read("docs/api/openapi.yaml"),
              let root = Loader().load(bytes: Array(text.utf8), file: "openapi.yaml").root else { return nil }
        return JSON(yaml: root)
    }()

    func spec() throws -> SchemaValidator { SchemaValidator(schema: try XCTUnwrap(Self.document)) }

    /// The value at `keys` in the document (strings index objects, numbers arrays).
    func node(_ keys: Any...) throws -> JSON {
        var node = try XCTUnwrap(Self.document)
        for key in keys {
            switch (node, key) {
            case (.object(let m), let k as String): node = try XCTUnwrap(m[k], "no \(k)")
            case (.array(let a), let i as Int): node = a[i]
            default: return try XCTUnwrap(nil, "no \(key) in \(keys)")
            }
        }
        return node
    }

    /// The schema's verdict on `body` and the API's answer agree: valid ⇔ not 400.
    func agree(_ schema: String, _ body: String, _ answer: APIHarness.Answer, file: StaticString = #filePath, line: UInt = #line) throws {
        let violations = try spec().validate(try JSON(parsing: body), at: "#/components/schemas/" + schema)
        XCTAssertEqual(violations.isEmpty, answer.status != 400,
                       "\(schema) \(body.prefix(120)): schema \(violations), API \(answer.status) \(answer.text.prefix(200))", file: file, line: line)
    }

    func testSubmissionsAndTokens() async throws {
        let h = try APIHarness()
        let admin = try h.user("root", scopes: [.admin])
        let long = String(repeating: "名", count: 2001)
        let submissions = [
            // null counts as absent (the fields then miss: 422, not 400)
            #"{"flow":"senior-bus-card","id":null,"channel":null,"fields":null,"materials":null}"#,
            #"{"flow":" "}"#,
            #"{"flow":"senior-bus-card","fields":{"applicant-name":"\#(long)"}}"#,
            #"{"flow":"senior-bus-card","materials":["\#(long)"]}"#,
        ]
        for body in submissions {
            try agree("SubmitRequest", body, await h.call("POST", "/v1/cases", token: admin, body: body))
        }
        XCTAssertTrue(try h.engine.cases(at: h.now).isEmpty)
        let tokens = [
            #"{"name":"a","department":null,"roles":null,"scopes":null}"#,
            #"{"name":"\t"}"#,
            #"{"name":"\f\n\u001c"}"#,
            #"{"name":"b","department":"center","roles":["\#(long)"]}"#,
        ]
        for body in tokens {
            try agree("TokenRequest", body, await h.call("POST", "/v1/tokens", token: admin, body: body))
        }
    }

    /// The not-blank pattern of `flow`, `step`, `decision` and `reason`
    /// lists exactly the scalars the API counts as blank.
    func testTheNotBlankPatternIsTheAPIsWhitespace() throws {
        let pattern = SchemaValidator(schema: try node("components", "schemas", "SubmitRequest", "properties", "flow"))
        for value in Array(0...0x3100) + [0xFEFF, 0x1F600] {
            let scalar = try XCTUnwrap(Unicode.Scalar(value))
            XCTAssertEqual(pattern.isValid(.string(String(scalar))), !BlankFields.isSpace(scalar), "U+\(String(value, radix: 16))")
        }
    }

    /// A token `name`'s pattern is the store's rule: not blank, and no
    /// control character or line break anywhere. The two parts a pattern
    /// cannot say, NFKC form and Latin beside Cyrillic or Greek, the description says.
    func testTheTokenNamePatternIsTheStoresRule() throws {
        let pattern = SchemaValidator(schema: try node("components", "schemas", "TokenRequest", "properties", "name"))
        func schemaAccepts(_ name: String) -> Bool {
            pattern.isValid(.string(name)) && name.unicodeScalars.elementsEqual(name.precomposedStringWithCompatibilityMapping.unicodeScalars)
                && TokenStore.mixedScript(name) == nil
        }
        for value in Array(0...0x3100) + Array(0xFE00...0xFFFD) + [0x1F600] {
            let scalar = try XCTUnwrap(Unicode.Scalar(value))
            for name in [String(scalar), "li" + String(scalar) + "na"] {
                XCTAssertEqual(schemaAccepts(name), TokenStore.nameProblem(name) == nil, "U+\(String(value, radix: 16)) in \(name.debugDescription)")
            }
        }
        let names = ["system", "System", "APPLICANT", "applicants", "the system", " li", "li ", "li\u{3000}", "li\u{200B}", "\u{FEFF}li", "li na", "李娜",
                     "ｌｉ", "\u{FB01}sh", "Ze\u{301}", "Zé"]
        for name in names {
            XCTAssertEqual(schemaAccepts(name), TokenStore.nameProblem(name) == nil, name.debugDescription)
        }
        XCTAssertEqual(names.filter { TokenStore.nameProblem($0) == nil }, ["applicants", "the system", "li na", "李娜", "Zé"])
        guard case .string(let description) = try node("components", "schemas", "TokenRequest", "properties", "name", "description") else { return XCTFail("no description") }
        XCTAssertTrue(description.contains("NFKC"), description)
        XCTAssertTrue(description.contains("Cyrillic or Greek"), description)
        // Written out, not as a Unicode property: Java's and Go's regular expressions know no Default_Ignorable_Code_Point.
        guard case .string(let source) = try node("components", "schemas", "TokenRequest", "properties", "name", "pattern") else { return XCTFail("no pattern") }
        XCTAssertFalse(source.contains("Default_Ignorable"), source)
    }

    /// Every request body example in the document is one its route takes
    /// (not 400): an example under the wrong schema is caught here.
    func testEveryRequestExampleIsTakenByItsRoute() async throws {
        let h = try APIHarness()
        let root = try h.user("root", scopes: [.admin, .intake, .supervise])
        guard case .object(let paths) = try node("paths") else { return XCTFail("no paths") }
        func text(_ j: JSON) -> String {
            switch j {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
            case .string(let s): return String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
            case .array(let a): return "[" + a.map(text).joined(separator: ",") + "]"
            case .object(let o): return "{" + o.map { text(.string($0.key)) + ":" + text($0.value) }.joined(separator: ",") + "}"
            }
        }
        var tried: [String] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard case .object(let methods) = item, case .object(let post)? = methods["post"], case .object(let body)? = post["requestBody"],
                  case .object(let content)? = body["content"], case .object(let json)? = content["application/json"], let example = json["example"]
            else { continue }
            let answer = await h.call("POST", path.replacingOccurrences(of: "{case}", with: "NOPE"), token: root, body: text(example))
            XCTAssertNotEqual(answer.status, 400, path + " " + text(example) + " → " + answer.text)
            tried.append(path)
        }
        XCTAssertEqual(Set(tried), ["/v1/cases", "/v1/cases/{case}/rating", "/v1/cases/{case}/follow-up",
                                    "/v1/cases/{case}/callback", "/v1/tokens"])
    }

    func testActionsAndRatings() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let officer = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer"])
        let submitted = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("C-1"))
        XCTAssertEqual(submitted.status, 201)
        // 2002 code points, 1001 characters as Swift counts them: over the 2000 of `comment`.
        let accented = String(repeating: "e\u{301}", count: 1001)
        let actions: [(String, String)] = [
            (window, #"{"type":"decide","step":" ","decision":"accept"}"#),
            (window, #"{"type":"decide","step":"accept","decision":"accept","comment":"\#(accented)"}"#),
            (window, #"{"type":"decide","step":"accept","decision":"accept","comment":null}"#),
            (officer, #"{"type":"extend","workdays":3,"days":null,"reason":"r"}"#),
            (officer, #"{"type":"extend","workdays":3,"days":4,"reason":"r"}"#),
            (officer, #"{"type":"extend","reason":"r"}"#),
            (officer, #"{"type":"extend","workdays":3}"#),
            (officer, #"{"type":"start-special-procedure","reason":"检测"}"#),
            (officer, #"{"type":"start-special-procedure","reason":"检测","days":null,"hours":4}"#),
            (officer, #"{"type":"start-special-procedure","reason":"检测","days":2,"hours":4}"#),
            (officer, #"{"type":"extend","workdays":3,"reason":"\u3000"}"#),
            (window, #"{"type":"supplement","materials":["\#(String(repeating: "x", count: 2001))"]}"#),
        ]
        for (token, body) in actions {
            try agree("Action", body, await h.call("POST", "/v1/cases/C-1/actions", token: token, body: body))
        }
        let rating = #"{"level":5,"comment":null}"#
        try agree("RatingRequest", rating, await h.call("POST", "/v1/cases/C-1/rating", token: window, body: rating))
        let supervisor = try h.user("zhao.lei", scopes: [.supervise])
        for body in [#"{"result":"rectified","comment":"已整改"}"#, #"{"result":"rectified","comment":"\u3000"}"#, #"{"result":"done","comment":"x"}"#,
                     #"{"result":"unfounded"}"#, #"{"result":"unfounded","comment":"x","at":1}"#, #"{"result":"unfounded","comment":null}"#] {
            try agree("FollowUpRequest", body, await h.call("POST", "/v1/cases/C-1/follow-up", token: supervisor, body: body))
        }
        for body in [#"{"result":"satisfied"}"#, #"{"result":"satisfied","comment":null}"#, #"{"result":"ok"}"#, #"{}"#,
                     #"{"result":"unreachable","at":1}"#, #"{"result":"unreachable","comment":5}"#,
                     #"{"result":"dissatisfied"}"#, #"{"result":"dissatisfied","comment":" "}"#, #"{"result":"dissatisfied","comment":null}"#] {
            try agree("CallbackRequest", body, await h.call("POST", "/v1/cases/C-1/callback", token: supervisor, body: body))
        }
    }

    func testIfMatchIdempotencyKeyAndCounts() async throws {
        let h = try APIHarness()
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake, .supervise])
        let submitted = await h.call("POST", "/v1/cases", token: window, body: Bodies.busCard("C-1"))
        XCTAssertEqual(submitted.status, 201)
        let pattern = SchemaValidator(schema: try node("components", "parameters", "IfMatch", "schema"))
        // A wrong version is 409 (left for the engine); only a malformed one is 400.
        for value in ["\"9\"", "9", "W/\"9\"", "*", "+9", "-0", "W/9", "soon", "\"9", "99999999999999999999", "\"009\"", "09", "0", "\"0\""] {
            let a = await h.call("POST", "/v1/cases/C-1/actions", token: window, body: Bodies.decide("accept", "nope"), headers: ["If-Match": value])
            XCTAssertEqual(pattern.isValid(.string(value)), a.status != 400, "If-Match: \(value) → \(a.status) \(a.text)")
        }
        let key = String(repeating: "e\u{301}", count: 101)
        let keyed = await h.call("POST", "/v1/cases/C-1/actions", token: window, body: Bodies.decide("accept", "nope"), headers: ["Idempotency-Key": key])
        XCTAssertFalse(SchemaValidator(schema: try node("components", "parameters", "IdempotencyKey", "schema")).isValid(.string(key)))
        XCTAssertEqual(keyed.code, "bad-header", keyed.text)

        let offset = SchemaValidator(schema: try node("paths", "/v1/queue", "get", "parameters", 1, "schema"))
        XCTAssertFalse(offset.isValid(.number(2_147_483_648)))
        for target in ["/v1/queue?offset=2147483648", "/v1/queue?limit=%2B5", "/v1/cases?offset=-0", "/v1/report?untouched-after=%2B3"] {
            let a = await h.call("GET", target, token: window)
            XCTAssertEqual(a.code, "bad-query", "\(target): \(a.text)")
        }
        XCTAssertEqual(try h.engine.case("C-1").version, 1, "nothing was written")
    }

    func testTheServedDocumentMatchesItsOwnSchemaAndTokenLinksUseTheID() async throws {
        let h = try APIHarness()
        let served = await h.call("GET", "/v1/openapi.yaml", token: nil)
        let root = try XCTUnwrap(Loader().load(bytes: Array(served.body), file: "served.yaml").root)
        let schema = SchemaValidator(schema: try node("paths", "/v1/openapi.yaml", "get", "responses", "200", "content", "application/yaml", "schema"))
        XCTAssertEqual(schema.validate(JSON(yaml: root)), [])
        // Stateful testing follows this link: the path takes the id, not the secret.
        XCTAssertEqual(try node("paths", "/v1/tokens", "post", "responses", "201", "links", "revokeToken", "parameters", "token"),
                       .string("$response.body#/id"))
        let admin = try h.user("root", scopes: [.admin])
        let made = await h.call("POST", "/v1/tokens", token: admin, body: #"{"name":"tmp"}"#)
        let id = try XCTUnwrap(made.json["id"] as? String)
        let revoked = await h.call("DELETE", "/v1/tokens/" + id, token: admin)
        XCTAssertEqual(revoked.status, 204)
    }
}
