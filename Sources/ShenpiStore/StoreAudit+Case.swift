import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// One case, in order: its chain link by link, each event against the
/// machine, each command re-run (when the calendar is known), then the
/// snapshot, the row's columns (timer columns included), its work items and its rating
/// against the replay. The first difference ends it.
struct CaseAudit {
    let db: Database
    let row: CaseColumns
    let machine: Machine
    let calendar: WorkingCalendar?
    private(set) var eventCount = 0
    private var state: CaseState
    private var ratedAt: Instant?
    /// The submission's instant: the case row's `created_at`.
    private var firstAt: Instant?
    /// The first officer action after acceptance: the case's `case_acted` row.
    private var actedAt: Instant?

    init(db: Database, row: CaseColumns, machine: Machine, calendar: WorkingCalendar?) {
        (self.db, self.row, self.machine, self.calendar) = (db, row, machine, calendar)
        state = CaseState(id: row.id)
    }

    /// A difference at one event (`nil`: in the case as a whole).
    func fail(_ seq: Int?, _ reason: String) -> AuditMismatch { AuditMismatch(caseID: row.id, seq: seq, reason: reason) }

    /// A difference in one log row, the record of command `version`.
    func fail(command version: Int, _ reason: String) -> AuditMismatch {
        AuditMismatch(caseID: row.id, command: version, reason: reason)
    }

    mutating func run() throws -> AuditMismatch? {
        if let m = try chain() { return m }
        guard let stored = try? EventChain.decodeState(row.snapshot) else { return fail(nil, "its snapshot does not decode") }
        guard stored == state, row.version == state.version else {
            return fail(eventCount, "the snapshot differs from the replay of its \(eventCount) events\(Self.difference(stored, state))")
        }
        return try columns() ?? acted() ?? workItems() ?? rating()
    }

    /// The `case_acted` row is the first officer action after acceptance: a
    /// wrong one hides a case from 只受不理, or shows one there.
    private func acted() throws -> AuditMismatch? {
        func text(_ seconds: Int?) -> String {
            seconds == CaseActed.unknown ? "unknown" : seconds.map { Instant(secondsSinceEpoch: $0).description } ?? "none"
        }
        let stored = try Int.fetchOne(db, sql: "SELECT at FROM case_acted WHERE case_id = ?", arguments: [row.id])
        let derived = actedAt?.secondsSinceEpoch
        guard stored != derived else { return nil }
        return fail(nil, "its case_acted row says \(text(stored)), its events say \(text(derived))")
    }

    /// The work queue's rows are the task tokens of the snapshot: a missing
    /// row hides a task from every queue, an extra one shows a stale task.
    private func workItems() throws -> AuditMismatch? {
        let stored = try WorkItemRow.stored(db, caseID: row.id)
        let derived = Set(WorkItemRow.of(state, machine))
        guard stored != derived else { return nil }
        func names(_ rows: Set<WorkItemRow>) -> String {
            rows.isEmpty ? "none" : rows.map { "\($0.node) (\($0.role), token \($0.token))" }.sorted().joined(separator: ", ")
        }
        return fail(nil, "its work_item rows say \(names(stored)), its events say \(names(derived))")
    }

    /// The log: one row per command version, 1, 2, … without a gap; links,
    /// hashes, event numbering, dates; each command re-run and folded.
    private mutating func chain() throws -> AuditMismatch? {
        var prev = EventChain.genesis, lastAt: Instant?, version = 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT version, first_seq, event_count, body, prev_hash, hash FROM command_log WHERE case_id = ? ORDER BY version",
            arguments: [row.id])
        while let r = try rows.next() {
            let v: Int, first: Int, count: Int, body: Data, prevHash: Data, hash: Data
            do throws(UnreadableColumn) {
                (v, first, count) = (try r.audited(0, "version"), try r.audited(1, "first_seq"), try r.audited(2, "event_count"))
                (body, prevHash, hash) = (try r.audited(3, "body"), try r.audited(4, "prev_hash"), try r.audited(5, "hash"))
            } catch {
                return fail(command: version + 1, error.description)
            }
            guard v == version + 1 else { return fail(command: version + 1, "it is missing from the log") }
            version = v
            guard prevHash == prev else { return fail(command: v, "its prev_hash does not link to command \(v - 1)") }
            guard hash == EventChain.link(prev, body) else { return fail(command: v, "its hash does not match its contents (edited?)") }
            guard let events = try? EventChain.decodeEvents(body), !events.isEmpty else {
                return fail(command: v, "it does not decode as a list of events")
            }
            guard first == eventCount + 1 else { return fail(command: v, "its first event is numbered \(first), not \(eventCount + 1)") }
            guard count == events.count else { return fail(command: v, "its event_count column says \(count), its body holds \(events.count)") }
            var group: [(seq: Int, event: CaseEvent)] = []
            for (i, event) in events.enumerated() {
                let seq = first + i
                guard event.version == v else { return fail(seq, "its version \(event.version) is not its command's (\(v))") }
                if let lastAt, event.at < lastAt { return fail(seq, "it is dated \(event.at), before event \(seq - 1) (\(lastAt))") }
                if let problem = AuditedEvent(event, seq: seq, caseID: row.id, fingerprint: row.fingerprint, machine: machine).problem {
                    return fail(seq, problem)
                }
                group.append((seq, event))
                lastAt = event.at
                if seq == 1 { firstAt = event.at }
            }
            eventCount = first + events.count - 1
            if let m = close(group) { return m }
            prev = hash
        }
        guard eventCount == row.eventCount, prev == row.headHash else {
            return fail(nil, "the case row says \(row.eventCount) events ending in \(row.headHash.hex.prefix(12))…, "
                        + "the log has \(eventCount) in \(version) commands")
        }
        return nil
    }

    /// One command's events: re-run against the state before them, then folded.
    private mutating func close(_ group: [(seq: Int, event: CaseEvent)]) -> AuditMismatch? {
        guard let first = group.first else { return nil }
        if let calendar {
            let events = group.map(\.event)
            guard let command = AuditedEvent.command(of: events, machine: machine) else {
                return fail(first.seq, "its version \(first.event.version) records no command")
            }
            switch step(machine, state, command, at: first.event.at, calendar: calendar) {
            case .failure(let e):
                return fail(first.seq, "re-running its command (\(AuditedEvent.describe(command))) on the pinned machine is refused: \(e)")
            case .success(let t) where t.events != events:
                let i = events.indices.first { $0 >= t.events.count || t.events[$0] != events[$0] } ?? events.count - 1
                return fail(group[i].seq, "re-running its command (\(AuditedEvent.describe(command))) on the pinned machine "
                            + "records something else here (an edited event, or the machine or calendar changed since: "
                            + "a calendar corrected on a day already covered changes every case counted over it; operations.md, SIGHUP)")
            case .success:
                break
            }
        }
        if actedAt == nil { actedAt = CaseActed.firstAction(in: group.map(\.event), acceptedBefore: state.acceptedAt != nil) }
        for (_, event) in group {
            state.apply(event)
            if case .rated = event.fact { ratedAt = event.at }
        }
        return nil
    }

    /// The row's derived columns: what listings and reports read without the snapshot.
    private func columns() -> AuditMismatch? {
        func text(_ seconds: Int?) -> String { seconds.map { Instant(secondsSinceEpoch: $0).description } ?? "null" }
        let checks: [(String, String, String)] = [
            ("workflow", row.workflow, machine.workflow),
            ("status", row.status, state.status.column),
            ("outcome", row.outcome ?? "null", state.outcome ?? "null"),
            ("on_time", row.onTime.map { "\($0)" } ?? "null", state.onTime.map { "\($0)" } ?? "null"),
            ("finished_at", text(row.finishedAt), text(state.finishedAt?.secondsSinceEpoch)),
            ("created_at", text(row.createdAt), text(firstAt?.secondsSinceEpoch)),
            ("updated_at", text(row.updatedAt), text(state.updatedAt?.secondsSinceEpoch)),
            ("due_at", text(row.dueAt), text(state.caseClock?.due?.secondsSinceEpoch)),
            ("warn_at", text(row.warnAt), text(state.caseClock?.warnAt?.secondsSinceEpoch)),
            // A wrong next_timer_at would keep the timer loop from firing the case's timers.
            ("next_timer_at", text(row.nextTimerAt), text(TimerColumns(state).next?.secondsSinceEpoch)),
            ("timers", "\(row.timers)", "\(TimerColumns(state).count)"),
        ]
        for (column, stored, derived) in checks where stored != derived {
            return fail(nil, "its \(column) column says \(stored), its events say \(derived)")
        }
        return nil
    }

    /// The rating row is the `rated` event, or there is neither.
    private func rating() throws -> AuditMismatch? {
        let rows = try Row.fetchAll(db, sql: "SELECT level, comment, at FROM rating WHERE case_id = ?", arguments: [row.id])
        guard let r = rows.first else {
            return state.rating == nil ? nil : fail(nil, "its rated event has no rating row")
        }
        guard let rated = state.rating, let ratedAt else { return fail(nil, "it has a rating row but no rated event") }
        let level: Int, comment: String?, at: Int
        do throws(UnreadableColumn) {
            (level, comment, at) = (try r.audited(0, "level"), try r.audited(1, "comment"), try r.audited(2, "at"))
        } catch {
            return fail(nil, "its rating row: " + error.description)
        }
        // Name what differs: "level 5 differs from level 5" sent a reader looking in the wrong place.
        if level != rated.level {
            return fail(nil, "its rating row's level (\(level)) differs from its rated event's (\(rated.level) at \(ratedAt))")
        }
        if comment != rated.comment {
            return fail(nil, "its rating row's comment differs from its rated event's (at \(ratedAt)): "
                        + "\((comment ?? "none").debugDescription) against \((rated.comment ?? "none").debugDescription)")
        }
        if at != ratedAt.secondsSinceEpoch {
            return fail(nil, "its rating row's time (\(Instant(secondsSinceEpoch: at))) differs from its rated event's (\(ratedAt))")
        }
        return nil
    }

    /// A hint at what differs, for the message.
    static func difference(_ stored: CaseState, _ replayed: CaseState) -> String {
        if stored.status != replayed.status { return " (status \(stored.status) vs \(replayed.status))" }
        if stored.version != replayed.version { return " (version \(stored.version) vs \(replayed.version))" }
        if stored.tokens != replayed.tokens { return " (active steps)" }
        if stored.fields != replayed.fields { return " (fields)" }
        if stored.caseClock != replayed.caseClock { return " (case clock)" }
        if stored.updatedAt != replayed.updatedAt { return " (last change)" }
        return ""
    }
}
