import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// The library API the daemon and the CLI use: cases by id on a durable
/// store. Every method that changes something is one transaction; the pure
/// `step` decides, this type persists what it returns.
///
/// Errors are `CaseEngineError` (refusals: nothing written) or GRDB's
/// `DatabaseError` (the disk, a busy file). Idempotency of requests is kept
/// by the caller inside a batch (`CaseBatch.storedResponse` / `store`).
public final class CaseEngine: Sendable {
    public let database: AppDatabase
    /// Resolves `Machine.calendar` for the step function and clock colours.
    public var calendars: CalendarRegistry { calendarsLock.withLock { calendarsValue } }
    private let calendarsLock = NSLock()
    private nonisolated(unsafe) var calendarsValue: CalendarRegistry
    let machines = MachineCache()
    let snapshots = SnapshotCache()
    /// Test hook: throws at a stage of a command's transaction.
    let fault: (@Sendable (PersistStage) throws -> Void)?

    public convenience init(database: AppDatabase, calendars: CalendarRegistry) {
        self.init(database: database, calendars: calendars, fault: nil)
    }

    init(database: AppDatabase, calendars: CalendarRegistry, fault: (@Sendable (PersistStage) throws -> Void)?) {
        self.database = database
        self.calendarsValue = calendars
        self.fault = fault
    }

    /// Puts calendars read again in place of the running ones (a daemon's
    /// reload), when every running calendar stays as it is on the days it
    /// covers (`WorkingCalendar.problem(replacing:)`): cases counted on them
    /// must replay the same. New calendars and new days are taken; anything
    /// else refuses the whole set and changes nothing.
    public func replaceCalendars(_ new: CalendarRegistry) throws(CaseEngineError) {
        calendarsLock.lock()
        defer { calendarsLock.unlock() }
        // Bases first: a day changed in `cn` is reported at `cn`'s file, not
        // at the first calendar layered on it.
        for id in calendarsValue.idsBasesFirst {
            guard let replacement = new.calendars[id] else {
                throw .calendarsRefused("calendar \(id) is missing; cases may be counted on it")
            }
            if let problem = replacement.replacementProblem(replacing: calendarsValue.calendars[id]!) {
                let place = replacement.place(of: problem).map { " (\($0.file):\($0.line))" } ?? ""
                throw .calendarsRefused(problem.description + place)
            }
        }
        calendarsValue = new
    }

    /// Stores a compiled machine under its fingerprint. Deploying the same
    /// machine again changes nothing; a new version is a new row, and cases
    /// already running stay on the fingerprint they started on. A different
    /// machine under a version number already deployed is stored too (a new
    /// release's compiler may change every fingerprint; refusing would stop
    /// an upgrade), and `Deployment.sameVersionAs` names the earlier one so
    /// the host can warn: two flows both called "version 2" are told apart
    /// only by their fingerprints.
    @discardableResult
    public func deploy(_ machine: Machine, at now: Instant) throws -> Deployment {
        try deploy([machine], at: now)[0]
    }

    /// Deploys several machines in one transaction: all of them, or (one
    /// refused) none — a daemon's reload never leaves half a catalog behind.
    @discardableResult
    public func deploy(_ batch: [Machine], at now: Instant) throws -> [Deployment] {
        var rows: [(Machine, Data)] = []
        for machine in batch {
            guard (try? MachineCodec.fingerprint(of: machine)) == machine.fingerprint else {
                throw CaseEngineError.badMachine(machine.fingerprint)
            }
            rows.append((machine, try MachineCodec.encode(machine)))
        }
        let fresh = try database.writer.write { db in
            try rows.map { machine, json -> (Bool, String?) in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO machine (fingerprint, workflow, version, json, deployed_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [machine.fingerprint, machine.workflow, machine.version, json, now.secondsSinceEpoch])
                guard db.changesCount == 1 else { return (false, nil) }
                let earlier = try String.fetchOne(
                    db, sql: "SELECT fingerprint FROM machine WHERE workflow = ? AND version = ? AND fingerprint <> ? ORDER BY rowid LIMIT 1",
                    arguments: [machine.workflow, machine.version, machine.fingerprint])
                return (true, earlier)
            }
        }
        return zip(batch, fresh).map { machine, result in
            machines.remember(machine)
            return Deployment(fingerprint: machine.fingerprint, workflow: machine.workflow, version: machine.version, isNew: result.0,
                              sameVersionAs: result.1)
        }
    }

    /// Every deployed machine, by workflow then version.
    public func deployments() throws -> [Deployment] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT fingerprint, workflow, version FROM machine ORDER BY workflow, version, rowid").map {
                Deployment(fingerprint: $0[0], workflow: $0[1], version: $0[2], isNew: false)
            }
        }
    }

    /// A deployed machine by fingerprint.
    public func machine(_ fingerprint: String) throws -> Machine {
        try database.writer.read { db in try machines.machine(fingerprint, db) }
    }

    /// Creates case `caseID` with a `submit` command, pinned to the machine
    /// named by `ref` (a workflow id means its highest deployed version).
    @discardableResult
    public func open(_ caseID: String, machine ref: MachineRef, submit command: Command, at now: Instant) throws -> CaseUpdate {
        try database.writer.writeCommand { db in try open(db, caseID, machine: ref, submit: command, at: now) }
    }

    /// The body of `open`, inside the caller's transaction.
    func open(_ db: Database, _ caseID: String, machine ref: MachineRef, submit command: Command, at now: Instant,
              depth: Int = 0) throws -> CaseUpdate {
        guard case .submit = command else { throw CaseEngineError.notASubmission }
        guard try !CaseRow.exists(db, id: caseID) else { throw CaseEngineError.alreadyExists(caseID) }
        let machine = try machines.machine(try fingerprint(of: ref, db), db)
        let transition = try run(machine, CaseState(id: caseID), command, at: now)
        let head = try CasePersistence(db, fault: fault).persist(
            transition, caseID: caseID, previous: nil, machine: machine, at: now)
        snapshots.remember(caseID, head: head, state: transition.state)
        var update = CaseUpdate(caseID: caseID, transition)
        // The case as it now stands (its version for the next command) when a sub-case moved it on.
        if try followSubcases(db, caseID: caseID, machine: machine, events: transition.events, state: transition.state, at: now, depth: depth),
            let row = try CaseRow.load(db, id: caseID, cache: snapshots) {
            update.state = row.snapshot
        }
        return update
    }

    /// Applies `command` to case `caseID`. With `expectedVersion`, refuses
    /// with `versionConflict` unless the case is at that version.
    @discardableResult
    public func apply(_ caseID: String, _ command: Command, expectedVersion: Int?, at now: Instant) throws -> CaseUpdate {
        try database.writer.writeCommand { db in try apply(db, caseID, command, expectedVersion: expectedVersion, at: now) }
    }

    /// The body of `apply`, inside the caller's transaction.
    func apply(_ db: Database, _ caseID: String, _ command: Command, expectedVersion: Int?, at now: Instant,
               depth: Int = 0) throws -> CaseUpdate {
        guard let row = try CaseRow.load(db, id: caseID, cache: snapshots) else { throw CaseEngineError.notFound(caseID) }
        if let expectedVersion, expectedVersion != row.version { throw CaseEngineError.versionConflict(current: row.version) }
        let machine = try machines.machine(row.fingerprint, db)
        let transition = try run(machine, row.snapshot, command, at: now)
        let head = try CasePersistence(db, fault: fault).persist(
            transition, caseID: caseID, previous: row, machine: machine, at: now)
        snapshots.remember(caseID, head: head, state: transition.state)
        var update = CaseUpdate(caseID: caseID, transition)
        // The case as it now stands (its version for the next command) when a sub-case moved it on.
        if try followSubcases(db, caseID: caseID, machine: machine, events: transition.events, state: transition.state, at: now, depth: depth),
            let row = try CaseRow.load(db, id: caseID, cache: snapshots) {
            update.state = row.snapshot
        }
        return update
    }

    func run(_ machine: Machine, _ state: CaseState, _ command: Command, at now: Instant) throws -> CaseTransition {
        switch step(machine, state, command, at: now, calendar: try calendar(for: machine)) {
        case .success(let t): return t
        case .failure(let e): throw CaseEngineError.engine(e)
        }
    }

    func calendar(for machine: Machine) throws(CaseEngineError) -> WorkingCalendar {
        do {
            return try calendars.calendar(machine.calendar)
        } catch {
            throw .calendarMissing(machine.calendar)
        }
    }

    private func fingerprint(of ref: MachineRef, _ db: Database) throws -> String {
        switch ref {
        case .fingerprint(let f):
            return f
        case .workflow(let w):
            let sql = "SELECT fingerprint FROM machine WHERE workflow = ? ORDER BY version DESC, rowid DESC LIMIT 1"
            guard let f = try String.fetchOne(db, sql: sql, arguments: [w]) else { throw CaseEngineError.machineMissing(w) }
            return f
        }
    }
}

/// Which machine a new case starts on.
public enum MachineRef: Sendable, Hashable {
    /// The highest deployed version of this workflow id.
    case workflow(String)
    case fingerprint(String)
}

/// A deployed machine.
public struct Deployment: Sendable, Hashable {
    public var fingerprint: String
    public var workflow: String
    public var version: Int
    /// `false` when exactly this machine was deployed before.
    public var isNew: Bool
    /// A new machine under a version number another machine of the flow
    /// already has: that machine's fingerprint (the flow changed without a
    /// new `version:`, or a new release compiles it differently).
    public var sameVersionAs: String? = nil

    /// `flow senior-bus-card version 2 was deployed before with other content …`, for the log.
    public var sameVersionWarning: String? {
        sameVersionAs.map {
            "flow \(workflow) version \(version) was deployed before with other content (fingerprint \($0.prefix(12))…, now "
                + "\(fingerprint.prefix(12))…): new cases take the new content, running cases keep theirs; give a changed flow a new version number"
        }
    }
}

/// What an accepted command did to a case, once committed.
public struct CaseUpdate: Sendable, Hashable {
    public var caseID: String
    public var state: CaseState
    public var events: [CaseEvent]
    /// What the host must do, read off `events` when asked (`Effect.of`).
    public var effects: [Effect] { Effect.of(events) }
    /// The case version after the command (pass it as the next `expectedVersion`).
    public var version: Int { state.version }

    init(caseID: String, _ t: CaseTransition) {
        self.caseID = caseID
        state = t.state
        events = t.events
    }
}
