import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
@testable import ShenpiStore
import XCTest

final class AuditTests: XCTestCase {
    /// The audit with the catalog's calendars, so every command is re-run.
    func audit(_ path: String) throws -> AuditReport {
        try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars)
    }

    func testACleanStorePasses() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let report = try audit(path)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.machines, 1)
        XCTAssertEqual(report.cases, 3)
        XCTAssertGreaterThan(report.events, 20)
        XCTAssertEqual(report.notRerun, 0)
        let bundledOnly = try StoreAudit.verify(fileAtPath: path)
        XCTAssertNil(bundledOnly.mismatch)
        XCTAssertEqual(bundledOnly.notRerun, 3, "citizen-center is the catalog's own calendar")
        XCTAssertEqual(bundledOnly.unknownCalendars, ["citizen-center"])
    }

    func testAnEditedEventIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let target = try XCTUnwrap(command(path, case: "C-1", containing: "同意"), "the head's comment is in one command")
        // Change what the head said: the JSON still decodes, the chain no longer holds.
        try tamper(path, """
            DROP TRIGGER command_log_no_update;
            UPDATE command_log SET body = CAST(replace(CAST(body AS TEXT), '同意', '不同意') AS BLOB)
              WHERE case_id = 'C-1' AND version = \(target.version);
            """)
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
        XCTAssertEqual(mismatch.command, target.version)
        XCTAssertNil(mismatch.seq, "the hash covers the command's events together")
    }

    /// An extension's reason is re-run with it: the applicant's notice that
    /// gives it must be the one the reason makes, and a case extended without
    /// one (before reasons were asked for) still verifies.
    func testAnExtensionsReasonIsReRun() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("audit.sqlite")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            let m = try StoreFixtures.machine()
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            let head = StoreFixtures.officer("h1", "market-director")
            for (id, reason) in [("C-1", "需向上级部门请示"), ("C-2", nil)] {
                try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T11:00"))
                try engine.apply(id, StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T11:30"))
                let u = try engine.apply(id, .extend(workdays: 3, approver: head, reason: reason), expectedVersion: 2, at: at("2025-09-23T10:00"))
                let notices = u.events.compactMap { if case .notified(let n) = $0.fact { n.text } else { nil } }
                XCTAssertEqual(notices.count, reason == nil ? 0 : 1, id)
                if let reason { XCTAssertTrue(notices[0].contains("理由：\(reason)。"), notices[0]) }
                // A special procedure's expected duration (Art. 45) is re-run with it too.
                let reviewer = StoreFixtures.officer("m1", "market-reviewer")
                try engine.apply(id, .startSpecialProcedure(reason: "听证", actor: reviewer, expected: reason.map { _ in TimeLimit(20, .days) }),
                                 expectedVersion: 3, at: at("2025-09-23T11:00"))
            }
        }
        XCTAssertNil(try audit(path).mismatch)
        // The reason rewritten and the chain re-linked: the notice no longer matches it.
        let seq = try self.seq(path, case: "C-1", containing: "需向上级部门请示")
        try forge(path, case: "C-1", seq: seq) { event in
            if case .extended(let by, let approver, _) = event.fact { event.fact = .extended(by: by, approver: approver, reason: "情况复杂") }
        }
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
        XCTAssertTrue(mismatch.reason.contains("re-running its command (extend 3 by h1)"), mismatch.description)
    }

    /// Materials found defective are re-run with the request that recorded
    /// them: a request stored without them (every request before they could
    /// be named) still verifies, and one whose list was edited does not.
    func testMaterialsFoundDefectiveAreReRun() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("audit.sqlite")
        let m = try StoreFixtures.machine()
        let defective = try XCTUnwrap(m.materials.first?.id)
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            for (id, named) in [("C-1", [defective]), ("C-2", [])] {
                try engine.open(id, machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T11:00"))
                let u = try engine.apply(id, .decide(node: "accept", decision: "supplement", actor: StoreFixtures.officer("w1", "window"),
                                                     comment: named.isEmpty ? "营业执照复印件不清晰" : nil, defective: named),
                                         expectedVersion: 1, at: at("2025-09-22T11:30"))
                XCTAssertEqual(try engine.case(id).state.awaitingSupplement, named, id)
                XCTAssertEqual(try engine.case(id).state, u.state, "the stored snapshot is the state the events fold to")
            }
        }
        XCTAssertNil(try audit(path).mismatch)
        let seq = try self.seq(path, case: "C-1", containing: "supplementRequested")
        try forge(path, case: "C-1", seq: seq) { event in
            if case .supplementRequested(let node, let missing, _) = event.fact { event.fact = .supplementRequested(node: node, missing: missing) }
        }
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
    }

    /// Under a ceiling, a decision's extension records the decision's comment
    /// as its reason: the re-run makes it again, and an edited one is caught.
    func testADecisionsExtensionReasonIsReRun() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("audit.sqlite")
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            let m = try StoreFixtures.machine("workflows/meteorology/lightning-design.yaml")
            XCTAssertNotNil(m.limits.extensionAllowance)
            try engine.deploy(m, at: at("2025-09-01T09:00"))
            let fields: [String: FieldValue] = [
                "applicant-name": .string("某建设公司"), "project-name": .string("某大厦"), "contact-phone": .string("13800138000"),
                "major-project": .boolean(false), "by-agent": .boolean(false),
            ]
            let submit = Command.submit(fields: fields, materials: ["application", "designer-qualification", "drawings", "technical-evaluation", "products"],
                                        channel: .window)
            try engine.open("LD-1", machine: .workflow(m.workflow), submit: submit, at: at("2025-09-22T09:30"))
            var u = try engine.apply("LD-1", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T10:00"))
            u = try engine.apply("LD-1", .decide(node: "review", decision: "recommend-approve", actor: StoreFixtures.officer("r1", "meteorology-reviewer"),
                                                 comment: nil), expectedVersion: u.version, at: at("2025-09-23T10:00"))
            u = try engine.apply("LD-1", .decide(node: "decide", decision: "extend", actor: StoreFixtures.officer("h1", "meteorology-head"),
                                                 comment: "需补充论证"), expectedVersion: u.version, at: at("2025-09-24T10:00"))
            XCTAssertTrue(u.events.contains { $0.fact == .extended(by: 10, approver: "h1", reason: "需补充论证") })
        }
        XCTAssertNil(try audit(path).mismatch)
        let seq = try self.seq(path, case: "LD-1", containing: "需补充论证")
        try forge(path, case: "LD-1", seq: seq) { event in
            if case .decided(let node, let decision, _) = event.fact { event.fact = .decided(node: node, decision: decision, comment: "情况复杂") }
        }
        let mismatch = try XCTUnwrap(audit(path).mismatch, "the decision's comment and the extension's reason no longer agree")
        XCTAssertEqual(mismatch.caseID, "LD-1")
    }

    func testTheFirstEditedEventOfTheFirstCaseIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let version = try XCTUnwrap(command(path, case: "C-2", containing: #""w1""#)).version
        try tamper(path, """
            DROP TRIGGER command_log_no_update;
            UPDATE command_log SET body = CAST(replace(CAST(body AS TEXT), '"w1"', '"w2"') AS BLOB) WHERE case_id = 'C-2' AND version >= \(version);
            """)
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-2")
        XCTAssertEqual(mismatch.command, version)
        XCTAssertTrue(mismatch.description.hasPrefix("case C-2, command \(version): its hash does not match"), mismatch.description)
    }

    func testARehashedEditIsCaughtByTheReRunAndTheSnapshot() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        // A careful forger re-links the chain after editing the last event of C-3 (its submission's last consequence).
        let seq = try XCTUnwrap(events(path, case: "C-3").last).seq
        try forge(path, case: "C-3", seq: seq) { event in
            event.actor = "forger"
            event.fact = .received
        }
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-3")
        XCTAssertEqual(mismatch.seq, seq)
        XCTAssertTrue(mismatch.reason.contains("re-running its command (submit)"), mismatch.description)
        // Without the flow's calendar nothing is re-run: the snapshot still gives it away.
        let unchecked = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(unchecked.caseID, "C-3")
        XCTAssertTrue(unchecked.reason.contains("snapshot differs"), unchecked.description)
    }

    func testAnEditedSnapshotIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try tamper(path, #"UPDATE "case" SET snapshot = CAST(replace(CAST(snapshot AS TEXT), '"approved"', '"refused"') AS BLOB) WHERE id = 'C-1'"#)
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-1")
        XCTAssertTrue(mismatch.reason.contains("snapshot differs"), mismatch.description)
    }

    func testADeletedEventAndAStoppedTimerAreNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        // A case the timer loop would no longer find.
        try tamper(path, #"UPDATE "case" SET next_timer_at = NULL WHERE id = 'C-2'"#)
        XCTAssertEqual(try audit(path).mismatch?.caseID, "C-2")
        let stopped = try XCTUnwrap(audit(path).mismatch)
        XCTAssertTrue(stopped.reason.hasPrefix("its next_timer_at column says null"), stopped.description)
        try tamper(path, "DROP TRIGGER command_log_no_delete; DELETE FROM command_log WHERE case_id = 'C-1' AND version = 3")
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.description, "case C-1, command 3: it is missing from the log")
    }

    /// A NULL where the schema wants a number (a table loosened by hand) is
    /// damage named with its case, not a trap that stops the audit.
    func testAColumnOfTheWrongKindIsNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        try tamper(path, """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = replace(sql, 'event_count INTEGER NOT NULL', 'event_count INTEGER') WHERE type = 'table' AND name = 'case'
            """)
        try tamper(path, #"UPDATE "case" SET event_count = NULL WHERE id = 'C-2'"#)
        let mismatch = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(mismatch.caseID, "C-2")
        XCTAssertEqual(mismatch.reason, "its column event_count holds NULL, not an integer")
        XCTAssertEqual(UnreadableColumn(name: "outcome", value: "x", expected: "Optional<String>").description, "its column outcome holds x, not text")
        XCTAssertEqual(UnreadableColumn(name: "snapshot", value: "1", expected: "Data").description, "its column snapshot holds 1, not a blob")
    }

    func testTheCaseRowsDerivedColumnsAreChecked() throws {
        let edits: [(id: String, set: String, column: String)] = [
            ("C-1", "status = 'active'", "status"), ("C-1", "outcome = 'refused'", "outcome"), ("C-1", "on_time = 0", "on_time"),
            ("C-1", "finished_at = finished_at + 60", "finished_at"), ("C-2", "created_at = created_at - 86400", "created_at"),
            ("C-2", "updated_at = updated_at + 60", "updated_at"), ("C-2", "due_at = due_at + 86400", "due_at"),
            ("C-2", "warn_at = NULL", "warn_at"), ("C-3", "workflow = 'land-certificate-exchange'", "workflow"),
            ("C-2", "next_timer_at = next_timer_at + 60", "next_timer_at"), ("C-2", "timers = timers + 1", "timers"),
        ]
        for e in edits {
            let dir = try TemporaryDirectory()
            let path = try writeStore(dir)
            try tamper(path, #"UPDATE "case" SET \#(e.set) WHERE id = '\#(e.id)'"#)
            let mismatch = try XCTUnwrap(audit(path).mismatch, e.column)
            XCTAssertEqual(mismatch.caseID, e.id)
            XCTAssertTrue(mismatch.reason.hasPrefix("its \(e.column) column says "), mismatch.description)
        }
    }

    /// The work queue's index is derived from the snapshot: a task missing
    /// from it, an extra one, or one under the wrong role is named.
    func testTheWorkItemRowsAreChecked() throws {
        let edits = [
            "DELETE FROM work_item WHERE case_id = 'C-2' AND token = (SELECT MIN(token) FROM work_item WHERE case_id = 'C-2')",
            "INSERT INTO work_item (role, entered_at, case_id, token, node) VALUES ('window', 0, 'C-1', 99, 'accept')",
            "UPDATE work_item SET role = 'window' WHERE case_id = 'C-2'",
        ]
        for sql in edits {
            let dir = try TemporaryDirectory()
            let path = try writeStore(dir)
            let before = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM work_item WHERE case_id = 'C-2'") }
            XCTAssertEqual(before, 4)
            try tamper(path, sql)
            let mismatch = try XCTUnwrap(audit(path).mismatch, sql)
            XCTAssertTrue(mismatch.reason.hasPrefix("its work_item rows say "), mismatch.description)
            XCTAssertEqual(mismatch.caseID, sql.contains("'C-1'") ? "C-1" : "C-2")
        }
    }

    func testTheRatingRowMustBeTheRatedEvent() throws {
        let edits = [
            ("UPDATE rating SET level = 5 WHERE case_id = 'C-1'", "C-1", "its rating row's level (5) differs from its rated event's (2 at 2025-09-25T10:00"),
            ("UPDATE rating SET comment = '好' WHERE case_id = 'C-1'", "C-1", "its rating row's comment differs from its rated event's (at 2025-09-25T10:00"),
            ("UPDATE rating SET at = at + 60 WHERE case_id = 'C-1'", "C-1", "its rating row's time (2025-09-25T10:01"),
            ("DELETE FROM rating WHERE case_id = 'C-1'", "C-1", "its rated event has no rating row"),
            ("INSERT INTO rating (case_id, level, comment, at) VALUES ('C-2', 5, '好', 1758600000)", "C-2", "it has a rating row but no rated event"),
        ]
        for (sql, id, reason) in edits {
            let dir = try TemporaryDirectory()
            let path = try writeStore(dir)
            try tamper(path, sql)
            let mismatch = try XCTUnwrap(audit(path).mismatch, sql)
            XCTAssertEqual(mismatch.caseID, id)
            XCTAssertTrue(mismatch.reason.hasPrefix(reason), mismatch.description)
        }
        // A follow-up and callbacks are re-run with the rest.
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        do {
            let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
            try engine.apply("C-1", .followUp(result: .rectified, comment: "已整改", actor: Actor(id: "s1", roles: [])), expectedVersion: nil,
                             at: at("2025-10-20T10:00"))
            try engine.apply("C-1", .callBack(result: .satisfied, comment: nil, actor: Actor(id: "s1", roles: [])), expectedVersion: nil,
                             at: at("2025-10-21T10:00"))
        }
        let report = try audit(path)
        XCTAssertNil(report.mismatch)
        XCTAssertEqual(report.notRerun, 0)
    }

    func testRowsOfADeletedCaseAreNamed() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        func reason() throws -> String? { try audit(path).mismatch.map { "\($0)" } }
        try tamper(path, #"DELETE FROM "case" WHERE id = 'C-2'"#)
        XCTAssertEqual(try reason(), "case C-2: there is no case row, but the command_log table holds 2 rows for it (deleted?)")
        try tamper(path, "DROP TRIGGER command_log_no_delete; DELETE FROM command_log WHERE case_id = 'C-2'")
        XCTAssertEqual(try reason(), "case C-2: there is no case row, but the outbox table holds 1 row for it (deleted?)")
        try tamper(path, "DELETE FROM outbox WHERE case_id = 'C-2'")
        XCTAssertEqual(try reason(), "case C-2: there is no case row, but the work_item table holds 4 rows for it (deleted?)")
        try tamper(path, "DELETE FROM work_item WHERE case_id = 'C-2'")
        XCTAssertNil(try reason())
        try tamper(path, #"DELETE FROM command_log WHERE case_id = 'C-1'; DELETE FROM outbox WHERE case_id = 'C-1'; DELETE FROM "case" WHERE id = 'C-1'"#)
        XCTAssertEqual(try reason(), "case C-1: there is no case row, but the rating table holds 1 row for it (deleted?)")
    }

    func testAnEventItsMachineCouldNotRecordIsNamedEvenWithoutTheCalendar() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        let decided = try seq(path, case: "C-2", containing: #""decision":"accept""#)
        try forge(path, case: "C-2", seq: decided) { $0.fact = .decided(node: "accept", decision: "approve", comment: nil) }
        let mismatch = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(mismatch.description, "case C-2, event \(decided): step \"accept\" has no decision \"approve\" in its machine")

        let rated = try seq(path, case: "C-1", containing: "rated")
        try forge(path, case: "C-1", seq: rated) { $0.at = at("2025-09-20T10:00") }
        let backwards = try XCTUnwrap(StoreAudit.verify(fileAtPath: path).mismatch)
        XCTAssertEqual(backwards.seq, rated)
        XCTAssertTrue(backwards.reason.hasPrefix("it is dated 2025-09-20T10:00:00+08:00, before event \(rated - 1)"), backwards.description)
    }

    /// Forgeries the snapshot cannot see: only re-running the commands does.
    func testCommandsAreReRunOnThePinnedMachine() throws {
        let dir = try TemporaryDirectory()
        let path = try writeStore(dir)
        // The market reviewer signs the approval too (four-eyes), chain re-linked.
        let approval = try seq(path, case: "C-1", containing: #""node":"market-approve""#)
        try forge(path, case: "C-1", seq: approval) { $0.actor = "m1" }
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path).mismatch, "the replay alone cannot tell")
        let refused = try XCTUnwrap(audit(path).mismatch)
        XCTAssertEqual(refused.caseID, "C-1")
        XCTAssertEqual(refused.seq, approval)
        XCTAssertTrue(refused.reason.hasPrefix("re-running its command (decide market-approve/approve by m1) on the pinned machine is refused: "
                                               + "m1 decided the previous step"), refused.description)

        // The acceptance notice promises another date.
        let dir2 = try TemporaryDirectory()
        let path2 = try writeStore(dir2)
        let notice = try seq(path2, case: "C-2", containing: "承诺办结日期")
        try forge(path2, case: "C-2", seq: notice) { event in
            guard case .notified(let n) = event.fact else { return }
            event.fact = .notified(ShenpiEngine.Notification(to: n.to, text: n.text.replacingOccurrences(of: "承诺办结日期", with: "承诺办结日期（延后）")))
        }
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path2).mismatch, "the replay alone cannot tell")
        let differs = try XCTUnwrap(audit(path2).mismatch)
        XCTAssertEqual(differs.description, "case C-2, event \(notice): re-running its command (decide accept/accept by w1) "
                       + "on the pinned machine records something else here (an edited event, or the machine or calendar changed since: a calendar corrected on a day already covered changes every case counted over it; operations.md, SIGHUP)")
    }
}
