import Foundation
import GRDB
import ShenpiEngine
@testable import ShenpiStore
import XCTest

/// Stores to audit and the ways a person with a SQLite shell edits them.
extension XCTestCase {
    /// A file with three cases: C-1 finished and rated, C-2 accepted, C-3 just submitted.
    func writeStore(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("audit.sqlite")
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        try runRegistration(engine, id: "C-1")
        try engine.open("C-2", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T11:00"))
        try engine.apply("C-2", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T11:30"))
        try engine.open("C-3", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-22T12:00"))
        try engine.apply("C-1", .rate(level: 2, comment: "等太久"), expectedVersion: nil, at: at("2025-09-25T10:00"))
        return path
    }

    /// Runs SQL on the file as someone with a SQLite shell would (foreign keys off).
    func tamper(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.inTransaction {
                try db.execute(sql: sql)
                return .commit
            }
        }
    }

    /// Rewrites event `seq` of a case the way a careful forger would: the
    /// command row holding it and every later link re-hashed, the case row's head moved.
    func forge(_ path: String, case id: String, seq: Int, _ edit: (inout CaseEvent) -> Void) throws {
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS command_log_no_update")
            let rows = try Row.fetchAll(db, sql: """
                SELECT version, first_seq, body, prev_hash FROM command_log
                WHERE case_id = ? AND first_seq + event_count > ? ORDER BY version
                """, arguments: [id, seq])
            var prev: Data = try XCTUnwrap(rows.first)[3]
            for row in rows {
                var body: Data = row[2]
                let first: Int = row[1]
                if seq >= first {
                    var events = try EventChain.decodeEvents(body)
                    edit(&events[seq - first])
                    body = try EventChain.canonical(events)
                }
                let hash = EventChain.link(prev, body)
                try db.execute(sql: "UPDATE command_log SET body = ?, prev_hash = ?, hash = ? WHERE case_id = ? AND version = ?",
                               arguments: [body, prev, hash, id, row[0]])
                prev = hash
            }
            try db.execute(sql: #"UPDATE "case" SET head_hash = ? WHERE id = ?"#, arguments: [prev, id])
        }
    }

    /// Every event of a case with its seq and the version of the command that recorded it.
    func events(_ path: String, case id: String) throws -> [(seq: Int, version: Int, event: CaseEvent)] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT first_seq, version, body FROM command_log WHERE case_id = ? ORDER BY version",
                             arguments: [id]).flatMap { row in
                try EventChain.decodeEvents(row[2]).enumerated().map { ((row[0] as Int) + $0.offset, row[1] as Int, $0.element) }
            }
        }
    }

    /// The seq of the first event of a case whose canonical text contains `text`.
    func seq(_ path: String, case id: String, containing text: String) throws -> Int {
        try XCTUnwrap(command(path, case: id, containing: text)?.seq, "no event of \(id) holds \(text)")
    }

    /// The first event of a case whose canonical text contains `text`, with its command version.
    func command(_ path: String, case id: String, containing text: String) throws -> (seq: Int, version: Int)? {
        try events(path, case: id).first { e in
            String(decoding: try EventChain.canonical(e.event), as: UTF8.self).contains(text)
        }.map { ($0.seq, $0.version) }
    }
}
