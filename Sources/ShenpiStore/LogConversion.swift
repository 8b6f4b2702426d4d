import Foundation
import GRDB

/// `v4-command-log`: moves a store's per-event log into one row per
/// command. Re-hashing would launder a tampered log, so every case's old
/// chain is verified first (numbering, links, hashes, the case row's head);
/// one broken link fails the migration and leaves the file as it was.
enum LogConversion {
    static func run(_ db: Database) throws {
        // Events of a case whose row was deleted would vanish with the old
        // table: the old audit named them, so the conversion refuses them.
        if let orphan = try Row.fetchOne(db, sql: """
            SELECT case_id, COUNT(*) FROM event WHERE case_id NOT IN (SELECT id FROM "case") GROUP BY case_id ORDER BY case_id LIMIT 1
            """) {
            throw LogConversionError(caseID: orphan[0], place: "at all: its case row is gone but \(orphan[1] as Int) event rows remain (deleted by hand?)")
        }
        let cases = try Row.fetchAll(db, sql: #"SELECT id, event_count, head_hash FROM "case" ORDER BY rowid"#)
        let insert = try db.makeStatement(sql: """
            INSERT INTO command_log (case_id, version, first_seq, event_count, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let setHead = try db.makeStatement(sql: #"UPDATE "case" SET head_hash = ? WHERE id = ?"#)
        for c in cases {
            let id: String = c[0]
            var old = EventChain.genesis
            var new = EventChain.genesis
            var seq = 0
            var group: (version: Int, firstSeq: Int, bodies: [Data])?
            func flush() throws {
                guard let g = group else { return }
                var body = Data([0x5B])
                for (i, b) in g.bodies.enumerated() {
                    if i > 0 { body.append(0x2C) }
                    body.append(b)
                }
                body.append(0x5D)
                let hash = EventChain.link(new, body)
                try insert.execute(arguments: [id, g.version, g.firstSeq, g.bodies.count, body, new, hash])
                new = hash
            }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, version, body, prev_hash, hash, json_extract(CAST(body AS TEXT), '$.version') FROM event WHERE case_id = ? ORDER BY seq
                """, arguments: [id])
            while let r = try rows.next() {
                let body: Data = r[2]
                let version: Int = r[1]
                guard (r[0] as Int) == seq + 1, (r[3] as Data) == old, (r[4] as Data) == EventChain.link(old, body) else {
                    throw LogConversionError(caseID: id, place: "at event \(seq + 1) (edited or damaged)")
                }
                // The version column is not hashed: it must be the body's, and
                // a case's commands are versions 1, 2, … in order.
                guard (r[5] as Int?) == version,
                      version == (group?.version ?? 0) || version == (group?.version ?? 0) + 1 else {
                    throw LogConversionError(caseID: id, place: "at event \(seq + 1) (its version column was edited)")
                }
                seq += 1
                old = r[4]
                if let g = group, g.version == version {
                    group?.bodies.append(body)
                } else {
                    try flush()
                    group = (version, seq, [body])
                }
            }
            try flush()
            guard seq == (c[1] as Int), old == (c[2] as Data) else {
                throw LogConversionError(caseID: id, place: "at its case row (its event count or head hash is not its log's: edited or damaged)")
            }
            try setHead.execute(arguments: [new, id])
        }
    }
}

/// The old log of a case does not verify, so it is not converted.
struct LogConversionError: Error, CustomStringConvertible {
    var caseID: String
    /// Where, and what it looks like: `at event 9 (edited or damaged)`.
    var place: String

    var description: String {
        "cannot convert the event log to \(Migrations.commandLog): case \(caseID) does not verify \(place); "
            + "nothing was changed. Check it with `shenpi audit verify` of the release that wrote it, "
            + "or restore a backup."
    }
}
