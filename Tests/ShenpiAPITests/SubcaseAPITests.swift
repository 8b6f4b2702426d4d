import Foundation
import ShenpiCalendar
import ShenpiStore
import XCTest

/// 存量房买卖 calls 契税征收: the call runs as a sub-case the tax officers
/// work in their own queue, and its outcome moves the transfer on.
final class SubcaseAPITests: XCTestCase {
    static let transfer = """
        {"flow":"property-transfer","id":"BDC-1","fields":{"buyer-name":"刘洋","seller-name":"孙海燕","contact-phone":"18657100012",\
        "use":"residential","transfer-price":2850000,"floor-area":89.5,"first-home":false,"co-owned":false,"by-agent":false},\
        "materials":["application","seller-id","buyer-id","certificate","contract","marriage-proof","family-housing-record"]}
        """

    func testTheDeedTaxCallRunsAsASubcaseAndHandsItsOutcomeBack() async throws {
        let h = try APIHarness(start: "2025-12-01T09:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let tax = try h.user("zhou.tax", department: "local-tax", roles: ["deed-tax-officer", "local-tax-officer"])
        let submitted = await h.call("POST", "/v1/cases", token: window, body: Self.transfer)
        XCTAssertEqual(submitted.status, 201, submitted.text)
        let accepted = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200, accepted.text)

        let parent = await h.call("GET", "/v1/cases/BDC-1", token: window)
        let subcases = try XCTUnwrap(parent.json["subcases"] as? [[String: Any]], parent.text)
        XCTAssertEqual(subcases.count, 1)
        let child = try XCTUnwrap(subcases.first?["id"] as? String)
        XCTAssertEqual(subcases.first?["flow"] as? String, "deed-tax")
        XCTAssertEqual(subcases.first?["step"] as? String, "deed-tax-collection")
        XCTAssertEqual(subcases.first?["status"] as? String, "active")

        // Nobody decides the call step by hand.
        let byHand = await h.call("POST", "/v1/cases/BDC-1/actions", token: tax, body: Bodies.decide("deed-tax-collection", "paid"))
        XCTAssertEqual(byHand.status, 422, byHand.text)
        XCTAssertEqual(byHand.code, "subcase-step")

        // The tax officer finds the sub-case in the queue and works it.
        let queue = await h.call("GET", "/v1/queue", token: tax)
        XCTAssertEqual((queue.json["items"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String }, [child])
        let read = await h.call("GET", "/v1/cases/\(child)", token: tax)
        XCTAssertEqual((read.json["parent"] as? [String: Any])?["id"] as? String, "BDC-1")
        for (step, decision) in [("review", "declared"), ("assess", "assessed"), ("collect", "paid")] {
            let r = await h.call("POST", "/v1/cases/\(child)/actions", token: tax, body: Bodies.decide(step, decision))
            XCTAssertEqual(r.status, 200, "\(step): \(r.text)")
        }
        let after = await h.call("GET", "/v1/cases/BDC-1", token: window)
        let steps = (after.json["activeSteps"] as? [[String: Any]])?.compactMap { $0["step"] as? String }.sorted()
        XCTAssertEqual(steps, ["registration-review", "seller-tax", "transaction-check"])
        XCTAssertEqual((after.json["subcases"] as? [[String: Any]])?.first?["status"] as? String, "finished")
        let handBack = (after.json["history"] as? [[String: Any]])?.first {
            $0["type"] as? String == "decided" && ($0["detail"] as? [String: Any])?["node"] as? String == "deed-tax-collection"
        }
        XCTAssertEqual(handBack?["actor"] as? String, child)

        // The applicant rates the transfer, not the tax office's part of it.
        let rating = await h.call("POST", "/v1/cases/\(child)/rating", token: window, body: #"{"level":5}"#)
        XCTAssertEqual(rating.status, 422, rating.text)
        XCTAssertEqual(rating.code, "subcase-rating")
        // The report counts the sub-case as a case of its own flow, says it is one, and does not call its applicant back about it.
        let supervisor = try h.user("sun.du", department: "center", scopes: [.supervise])
        let report = await h.call("GET", "/v1/report?from=2025-12-01&to=2025-12-01", token: supervisor)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.json["accepted"] as? Int, 2)
        XCTAssertEqual(report.json["acceptedSubcases"] as? Int, 1)
        XCTAssertEqual(report.json["submitted"] as? Int, 2)
        XCTAssertEqual(report.json["submittedSubcases"] as? Int, 1)
        XCTAssertEqual((report.json["callback"] as? [String: Any])?["served"] as? Int, 0, "the finished deed tax is no applicant served")
    }
}

/// Who sees the links, and who may end a sub-case.
final class SubcaseAccessTests: XCTestCase {
    func testLinksShowOnlyReadableCasesAndASubcaseIsNotWithdrawnOnItsOwn() async throws {
        let h = try APIHarness(start: "2025-12-01T09:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let tax = try h.user("zhou.tax", department: "local-tax", roles: ["deed-tax-officer"])
        let registrar = try h.user("chen.reg", department: "realestate", roles: ["realestate-reviewer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: SubcaseAPITests.transfer)
        _ = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        let child = try XCTUnwrap(try h.engine.links(ofCase: "BDC-1").subcases.first?.caseID)
        XCTAssertEqual(child, "BDC-1~deed-tax-collection~1")

        // The registrar reads the transfer, but not the tax office's sub-case.
        let asRegistrar = await h.call("GET", "/v1/cases/BDC-1", token: registrar)
        XCTAssertEqual(asRegistrar.status, 200, asRegistrar.text)
        XCTAssertNil(asRegistrar.json["subcases"], asRegistrar.text)
        let childAsRegistrar = await h.call("GET", "/v1/cases/\(child)", token: registrar)
        XCTAssertEqual(childAsRegistrar.status, 404)
        // The tax office takes part in the transfer (seller-tax): it sees both ways.
        let asTax = await h.call("GET", "/v1/cases/\(child)", token: tax)
        XCTAssertEqual(asTax.status, 200, asTax.text)
        XCTAssertEqual((asTax.json["parent"] as? [String: Any])?["id"] as? String, "BDC-1")
        let parentAsTax = await h.call("GET", "/v1/cases/BDC-1", token: tax)
        XCTAssertEqual((parentAsTax.json["subcases"] as? [[String: Any]])?.first?["id"] as? String, child)

        // A sub-case ends with its parent, not on its own.
        let withdraw = await h.call("POST", "/v1/cases/\(child)/actions", token: window, body: #"{"type":"withdraw","reason":"不办了"}"#)
        XCTAssertEqual(withdraw.status, 422, withdraw.text)
        XCTAssertEqual(withdraw.code, "subcase-withdraw")
        XCTAssertEqual(try h.engine.case(child).state.isFinished, false)

        // Accepted by the tax office, then left alone for a week: 只受不理, named as a part of its application.
        let declared = await h.call("POST", "/v1/cases/\(child)/actions", token: tax, body: Bodies.decide("review", "declared"))
        XCTAssertEqual(declared.status, 200, declared.text)
        let report = try h.engine.supervisionReport(SupervisionOptions(at: try XCTUnwrap(Instant(iso: "2025-12-08T09:00+08:00"))))
        XCTAssertEqual(report.untouched.map(\.caseID), ["BDC-1", child])
        XCTAssertEqual(report.untouched.map(\.parent), [nil, "BDC-1"])
        XCTAssertTrue(report.text.contains("  \(child)（子办件，属 BDC-1）  deed-tax  受理 "), report.text)
        XCTAssertTrue(report.text.contains("申请 2 件（含子办件 1 件），受理 2 件（含子办件 1 件）"), report.text)
    }

    /// The applicant withdraws the transfer while the deed tax is being
    /// declared: the tax office's sub-case is withdrawn with it and leaves
    /// the tax officer's queue (the deed-tax flow has a withdrawn outcome,
    /// as lint `call-withdraw` asks).
    func testWithdrawingTheTransferWithdrawsTheDeedTaxSubcase() async throws {
        let (h, window, tax) = try await APIHarness.acceptedTransfer()
        let child = "BDC-1~deed-tax-collection~1"
        let before = await h.call("GET", "/v1/queue", token: tax)
        XCTAssertEqual((before.json["items"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String }, [child])

        let withdrawn = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: #"{"type":"withdraw","reason":"买卖双方解除合同"}"#)
        XCTAssertEqual(withdrawn.status, 200, withdrawn.text)
        XCTAssertEqual(withdrawn.json["outcome"] as? String, "withdrawn")
        let sub = try h.engine.case(child).state
        XCTAssertTrue(sub.isFinished)
        XCTAssertEqual(sub.outcome, "withdrawn")
        let after = await h.call("GET", "/v1/queue", token: tax)
        XCTAssertEqual(after.json["total"] as? Int, 0, after.text)
    }

    func testADamagedCaseIsNamedOnlyToThoseWhoMayReadIt() async throws {
        let first = try APIHarness()
        let window = try first.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        _ = await first.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        try await first.engine.database.writer.write { try $0.execute(sql: #"UPDATE "case" SET snapshot = x'7b7d' WHERE id = 'BC-1'"#) }
        let h = try APIHarness(database: first.engine.database)
        let reader = try h.user("wang.fang", department: "transport", roles: ["bus-card-reviewer"])
        let stranger = try h.user("zhao.lei", department: "land", roles: ["land-reviewer"])
        let named = await h.call("GET", "/v1/cases/BC-1", token: reader)
        XCTAssertEqual(named.code, "case-damaged", named.text)
        let hidden = await h.call("GET", "/v1/cases/BC-1", token: stranger)
        XCTAssertEqual(hidden.status, 404, hidden.text)
    }
}

/// Materials a sub-case asked for, handed in under the application's number
/// (the one the applicant's notices give), are refused with the sub-case named.
final class SubcaseSupplementAPITests: XCTestCase {
    func testMaterialsForASubcaseAreNotTakenOnTheParent() async throws {
        let (h, window, tax) = try await APIHarness.acceptedTransfer()
        let child = "BDC-1~deed-tax-collection~1"
        let asked = await h.call("POST", "/v1/cases/\(child)/actions", token: tax,
                                 body: #"{"type":"decide","step":"review","decision":"supplement","defective":["contract"],"comment":"合同复印件不清"}"#)
        XCTAssertEqual(asked.status, 200, asked.text)
        let before = try h.eventCount("BDC-1")
        let misplaced = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: #"{"type":"supplement","materials":["contract"]}"#)
        XCTAssertEqual([misplaced.status.description, misplaced.code ?? "", misplaced.error["field"] as? String ?? ""],
                       ["422", "subcase-supplement", "materials"], misplaced.text)
        XCTAssertTrue(misplaced.text.contains("its sub-case \(child) does: hand it in there"), misplaced.text)
        XCTAssertEqual(try h.eventCount("BDC-1"), before, "nothing written")
        // With something for the parent too: the sub-case's material is named, and nothing is taken.
        let mixed = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: #"{"type":"supplement","materials":["marriage-proof","contract"]}"#)
        XCTAssertEqual(mixed.code, "subcase-supplement", mixed.text)
        XCTAssertTrue(mixed.text.contains("case BDC-1 does not await contract;"), mixed.text)
        XCTAssertEqual(try h.eventCount("BDC-1"), before)
        // Materials the sub-case does not await are the parent's to take (after acceptance, one in the file already too: a revised copy).
        let other = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: #"{"type":"supplement","materials":["marriage-proof"]}"#)
        XCTAssertEqual(other.status, 200, other.text)
        let right = await h.call("POST", "/v1/cases/\(child)/actions", token: window, body: #"{"type":"supplement","materials":["contract"]}"#)
        XCTAssertEqual(right.status, 200, right.text)
        XCTAssertEqual(right.json["awaitingSupplement"] as? [String], [])
    }
}

extension APIHarness {
    /// BDC-1, a property transfer accepted on 2025-12-01 (its deed-tax sub-case
    /// `BDC-1~deed-tax-collection~1` open), with a window's and a deed-tax officer's tokens.
    static func acceptedTransfer() async throws -> (APIHarness, window: String, tax: String) {
        let h = try APIHarness(start: "2025-12-01T09:00")
        let window = try h.user("li.na", department: "center", roles: ["window"], scopes: [.intake])
        let tax = try h.user("zhou.tax", department: "local-tax", roles: ["deed-tax-officer"])
        _ = await h.call("POST", "/v1/cases", token: window, body: SubcaseAPITests.transfer)
        _ = await h.call("POST", "/v1/cases/BDC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        return (h, window, tax)
    }
}
