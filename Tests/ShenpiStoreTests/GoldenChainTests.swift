import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// The bytes a store writes for a known case, fixed: the head of its hash
/// chain and the SHA-256 of its snapshot as written before the engine's
/// in-memory representations were changed for speed (taken from case B-0
/// of `shenpi bench engine --keep` at commit 1739186). Existing stores must
/// keep verifying, so these may never change. The flow is a frozen copy of
/// `workflows/market/business-registration.yaml` as it was then: the live
/// file's notices may be reworded without touching the store's bytes.
final class GoldenChainTests: XCTestCase {
    func testTheRegistrationCaseWritesTheSameBytesAsBefore() throws {
        let engine = try memoryEngine()
        let m = try StoreFixtures.machine("fixtures/store/business-registration-golden.yaml")
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        let start = at("2025-09-22T09:30")
        let id = "B-0"
        // Under the rules of its time (rules 1, recorded as none): the engine
        // still takes every command of such a case exactly as it did then.
        guard case .submit(let fields, let materials, let channel, let by, _) = StoreFixtures.submit(m) else { return XCTFail() }
        let commands = [Command.submit(fields: fields, materials: materials, channel: channel, by: by, rules: nil), StoreFixtures.accept]
            + StoreFixtures.branches
        let offsets = [0, 1800, 86_400, 87_000, 87_600, 88_200, 88_800, 172_800]
        try engine.open(id, machine: .fingerprint(m.fingerprint), submit: commands[0], at: start)
        for (command, offset) in zip(commands.dropFirst(), offsets.dropFirst()) {
            try engine.apply(id, command, expectedVersion: nil, at: start.adding(seconds: offset))
        }
        let row = try XCTUnwrap(try engine.database.writer.read { db in
            try Row.fetchOne(db, sql: #"SELECT head_hash, snapshot FROM "case" WHERE id = ?"#, arguments: [id])
        })
        let head: Data = row[0], snapshot: Data = row[1]
        XCTAssertEqual(head.hex, "353581f465c84f1ada87d4dd1bd92b72e0a7f9574b7b72e1024c48809add7ce3")
        XCTAssertEqual(EventChain.link(Data(), snapshot).hex, // SHA-256 of the snapshot
                       "390af664505d8a97412eef56aef5f705cb3a89619a9a9222b063188ee7de9582")
    }
}
