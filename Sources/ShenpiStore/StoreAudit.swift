import Foundation
import GRDB
import ShenpiEngine
import ShenpiMachine

/// The result of checking a store end to end.
public struct AuditReport: Sendable, Hashable {
    public var machines = 0
    public var cases = 0
    public var events = 0
    public var timers = 0
    /// The first difference found, cases in creation order; `nil`: all good.
    public var mismatch: AuditMismatch?
}

/// Where the store stops agreeing with its own history.
public struct AuditMismatch: Sendable, Hashable, CustomStringConvertible {
    public var caseID: String
    /// The event's sequence number, when one event is at fault.
    public var seq: Int?
    public var reason: String

    public var description: String {
        "case \(caseID)" + (seq.map { ", event \($0)" } ?? "") + ": " + reason
    }
}

/// Replays every case through its pinned machine and checks the hash chain,
/// the snapshot and the timer table against the events (tamper evidence).
public enum StoreAudit {
    /// Opens a database file read-only and verifies it. Throws
    /// `StoreOpenError` when the file is missing or not a Shenpi database.
    public static func verify(fileAtPath path: String) throws -> AuditReport {
        try verify(AppDatabase.openExisting(atPath: path))
    }

    /// Checks every case of the database, stopping at the first difference.
    public static func verify(_ reader: any DatabaseReader) throws -> AuditReport {
        try reader.read { db in
            var report = AuditReport()
            report.machines = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM machine") ?? 0
            let fingerprints = Set(try String.fetchAll(db, sql: "SELECT fingerprint FROM machine"))
            var badMachines: [String: String] = [:]
            for fingerprint in fingerprints {
                let json = try Data.fetchOne(db, sql: "SELECT json FROM machine WHERE fingerprint = ?", arguments: [fingerprint]) ?? Data()
                if let m = try? MachineCodec.decode(json), m.fingerprint == fingerprint { continue }
                badMachines[fingerprint] = "its machine \(fingerprint.prefix(12))… does not match its fingerprint"
            }
            let cases = try Row.fetchCursor(db, sql: #"SELECT id, fingerprint, version, snapshot, event_count, head_hash FROM "case" ORDER BY rowid"#)
            while let row = try cases.next() {
                report.cases += 1
                let id: String = row[0]
                let fingerprint: String = row[1]
                if let bad = badMachines[fingerprint] ?? (fingerprints.contains(fingerprint) ? nil : "its machine \(fingerprint.prefix(12))… is not deployed") {
                    report.mismatch = AuditMismatch(caseID: id, seq: nil, reason: bad)
                    return report
                }
                let outcome = try verifyCase(db, id: id, fingerprint: fingerprint, version: row[2], snapshot: row[3],
                                             eventCount: row[4], headHash: row[5])
                report.events += outcome.events
                if let mismatch = outcome.mismatch {
                    report.mismatch = mismatch
                    return report
                }
            }
            report.timers = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timer") ?? 0
            return report
        }
    }

    /// One case: its chain link by link, then the replay against the snapshot and timers.
    static func verifyCase(_ db: Database, id: String, fingerprint: String, version: Int, snapshot: Data,
                           eventCount: Int, headHash: Data) throws -> (events: Int, mismatch: AuditMismatch?) {
        func fail(_ seq: Int?, _ reason: String) -> AuditMismatch { AuditMismatch(caseID: id, seq: seq, reason: reason) }
        var prev = EventChain.genesis
        var state = CaseState(id: "")
        var expectedSeq = 1
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, version, body, prev_hash, hash FROM event WHERE case_id = ? ORDER BY seq", arguments: [id])
        while let row = try rows.next() {
            let seq: Int = row[0]
            guard seq == expectedSeq else { return (expectedSeq - 1, fail(expectedSeq, "event \(expectedSeq) is missing")) }
            let body: Data = row[2]
            guard (row[3] as Data) == prev else { return (seq, fail(seq, "its prev_hash does not link to event \(seq - 1)")) }
            guard (row[4] as Data) == EventChain.link(prev, body) else {
                return (seq, fail(seq, "its hash does not match its contents (edited?)"))
            }
            guard let event = try? EventChain.decodeEvent(body) else { return (seq, fail(seq, "it does not decode as an event")) }
            guard event.version == (row[1] as Int) else { return (seq, fail(seq, "its version column differs from its body")) }
            if seq == 1, case .submitted(_, let machine, _, _, _) = event.fact, machine != fingerprint {
                return (seq, fail(seq, "it pins machine \(machine.prefix(12))…, the case row says \(fingerprint.prefix(12))…"))
            }
            state.apply(event)
            prev = row[4]
            expectedSeq += 1
        }
        let count = expectedSeq - 1
        guard count == eventCount, prev == headHash else {
            return (count, fail(count, "the case row says \(eventCount) events ending in \(headHash.hex.prefix(12))…, the log has \(count)"))
        }
        guard let stored = try? EventChain.decodeState(snapshot) else { return (count, fail(nil, "its snapshot does not decode")) }
        guard stored == state, version == state.version else {
            return (count, fail(count, "the snapshot differs from the replay of its \(count) events\(difference(stored, state))"))
        }
        let timers = try Row.fetchAll(db, sql: "SELECT timer_id, due_at FROM timer WHERE case_id = ?", arguments: [id])
        let stored_ = Set(timers.map { "\($0[0] as String)@\($0[1] as Int)" })
        let replayed = Set(state.pendingTimers.map { "\($0.id)@\($0.at.secondsSinceEpoch)" })
        guard stored_ == replayed else { return (count, fail(nil, "the timer table differs from the pending timers of the replay")) }
        return (count, nil)
    }

    /// A hint at what differs, for the message.
    private static func difference(_ stored: CaseState, _ replayed: CaseState) -> String {
        if stored.status != replayed.status { return " (status \(stored.status) vs \(replayed.status))" }
        if stored.version != replayed.version { return " (version \(stored.version) vs \(replayed.version))" }
        if stored.tokens != replayed.tokens { return " (active steps)" }
        if stored.fields != replayed.fields { return " (fields)" }
        if stored.caseClock != replayed.caseClock { return " (case clock)" }
        return ""
    }
}
