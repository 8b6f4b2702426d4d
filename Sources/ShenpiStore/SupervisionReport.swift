import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// The supervisor's figures (督查) over the cases accepted in a period; see
/// docs/store.md, "Supervision report", for every definition.
public struct SupervisionReport: Sendable, Hashable {
    public var from: CivilDate?
    public var to: CivilDate?
    public var at: Instant
    public var untouchedAfter: TimeLimit
    public var followUpWithin: TimeLimit
    /// Cases submitted (received or pre-submitted) in the period.
    public var submitted = 0
    /// Of those, sub-cases (子办件) opened by call steps.
    public var submittedSubcases = 0
    /// Cases accepted in the period (the cohort of every figure below but ratings).
    public var accepted = 0
    /// Of those, sub-cases (子办件): another department's part of an
    /// application, opened by a call step; each counts as a case of its own flow.
    public var acceptedSubcases = 0
    /// Of those, finished by `at` with any outcome but a withdrawal.
    public var completed = 0
    /// Of those, withdrawn by `at` (撤回: by the applicant, or a sub-case
    /// cancelled with its parent): not completed, no
    /// verdict, and out of the completion rate's base. One withdrawn after its
    /// limit ran out still counts as overdue: a withdrawal does not erase lateness.
    public var withdrawn = 0
    /// Of those, the ones judged against a limit at completion, and the ones on time.
    public var judged = 0
    public var onTime = 0
    public var ratings = RatingSummary()
    /// 差评 (levels 2 and 1) rated in the period, to be followed up, oldest first.
    public var negativeRatings: [RatedCase] = []
    /// 差评 rated before the period and still open at `at` (not followed up,
    /// or reopened by a dissatisfied callback), late or not: by due.
    public var earlierOpenFollowUps: [RatedCase] = []
    /// 差评 given before the period whose (latest) follow-up came in it and
    /// holds at `at`, by follow-up.
    public var earlierClosedFollowUps: [RatedCase] = []
    /// 逾期未受理: cases received and still not answered (accepted, refused,
    /// told what to supply) at `at` though their intake step's limit ran out
    /// by the end of the period. Outside the cohort: they have no acceptance,
    /// so no case clock.
    public var unanswered: [UnansweredCase] = []
    /// 只受不理: running cohort cases no officer has acted on since acceptance.
    public var untouched: [UntouchedCase] = []
    /// Red: running cases overdue at `at`, finished cases late at completion.
    public var overdue: [ClockedCase] = []
    /// 违法超期: cases past their legal limit (法定时限), finished in the
    /// period or running at `at`, whenever accepted; by due.
    public var pastLegalLimit: [LegalLapse] = []
    /// 临近法定时限: running cases within their flow's `warn-before` of the
    /// legal limit at `at`, whenever accepted; by due.
    public var nearLegalLimit: [LegalLapse] = []
    /// Yellow: running cases in their warning period at `at`.
    public var warning: [ClockedCase] = []
    public var departments: [Breakdown] = []
    public var workflows: [Breakdown] = []
    public var callback: CallbackSample
    /// Cases finished in the period, whenever accepted.
    public var finished = FinishedInPeriod()
    /// Of them, those accepted before the period and finished late (the
    /// cohort's own late ones are in `overdue`), by due.
    public var lateAcceptedBefore: [ClockedCase] = []
    /// Running cases accepted before the period, red, yellow or untouched at `at`, by due.
    public var earlierRunning: [EarlierRunningCase] = []
    /// 环节超时: steps past their own limit, left late in the period or
    /// still waiting at `at`, by due.
    public var lateSteps: [LateStep] = []
    /// Whether the report was given the registry's roles (`roleDepartments`).
    public var registryGiven = false
    /// The registry's titles, for the text (`SupervisionOptions`).
    public var roleTitles: [String: String] = [:]
    public var departmentTitles: [String: String] = [:]
    /// 回访 day by day over the period (each day with an applicant served), by `at`.
    public var callbackDays: [CallbackDay] = []
    /// Of those days' applicants, the ones reached and dissatisfied, by finish.
    public var dissatisfiedCallbacks: [CallbackEntry] = []
    /// Applicants of cases finished before the period (`from`) whom a callback
    /// found dissatisfied, not followed up by `at`; by due. Cases rated 差评
    /// are in `earlierOpenFollowUps` instead.
    public var earlierOpenCallbacks: [CallbackEntry] = []
    /// Of the same, those whose latest follow-up came in the period and
    /// holds at `at` (not reopened): the period's work on earlier complaints.
    public var earlierClosedCallbacks: [CallbackEntry] = []
    /// Running cases at `at` whose special procedure has run past the time
    /// its officer expected, still stopping the clock; by that time.
    public var longProcedures: [LongProcedure] = []
    /// Cases left out of every figure: their snapshot or their log does not decode
    /// (damaged or edited; `shenpi audit verify` says what changed).
    public var unreadable: [String] = []
    /// Calendars of flows in the store this report was not given (the CLI
    /// without the catalog's `--calendars`): their cases' legal limits are
    /// not judged, and other days are counted on `cn`. The CLI warns of them.
    public var unknownCalendars: [String] = []

    public var completionRate: Double? { Self.rate(completed, accepted - withdrawn) }
    public var onTimeRate: Double? { Self.rate(onTime, judged) }

    static func rate(_ n: Int, _ d: Int) -> Double? { d == 0 ? nil : Double(n) / Double(d) }
}

extension SupervisionReport {
    /// Opens `path` read-only and builds the report (`StoreOpenError` when it
    /// is not a Shenpi database).
    public static func build(fileAtPath path: String, calendars: CalendarRegistry,
                             options: SupervisionOptions) throws -> SupervisionReport {
        try build(try AppDatabase.openExisting(atPath: path), calendars: calendars, options: options)
    }

    /// Builds the report in one read transaction.
    public static func build(_ reader: any DatabaseReader, calendars: CalendarRegistry,
                             options: SupervisionOptions) throws -> SupervisionReport {
        try reader.read { db in
            var builder = try SupervisionBuilder(db, calendars: calendars, options: options)
            return try builder.run()
        }
    }
}

extension CaseEngine {
    /// The supervision report of this engine's store, on its calendars.
    public func supervisionReport(_ options: SupervisionOptions) throws -> SupervisionReport {
        try SupervisionReport.build(database.writer, calendars: calendars, options: options)
    }
}

/// One pass over the case table.
struct SupervisionBuilder {
    let db: Database
    let calendars: CalendarRegistry
    let options: SupervisionOptions
    let at: Instant
    let day: CivilDate
    var machines: [String: Machine] = [:]
    var calendarCache: [String: WorkingCalendar?] = [:]
    /// Sub-case → the case that opened it.
    var parents: [String: String] = [:]
    /// Per machine fingerprint, `shortestStepLimit` (absent: no step limits).
    var shortestStepLimit: [String: Int] = [:]
    let lastLog = LastLog()

    init(_ db: Database, calendars: CalendarRegistry, options: SupervisionOptions) throws {
        self.db = db
        self.calendars = calendars
        self.options = options
        let latest = try Int.fetchOne(db, sql: #"SELECT MAX(updated_at) FROM "case""#)
        at = options.at ?? Instant(secondsSinceEpoch: latest ?? 0)
        day = options.callbackDay ?? options.to ?? at.date
        let rows = try Row.fetchAll(db, sql: "SELECT fingerprint, json FROM machine")
        for row in rows {
            let data: Data = row[1]
            let machine = try MachineCodec.decode(data)
            machines[row[0]] = machine
            shortestStepLimit[row[0]] = Self.shortestStepLimit(machine)
        }
        for row in try Row.fetchAll(db, sql: "SELECT child_id, parent_id FROM subcase") { parents[row[0]] = row[1] }
    }

    mutating func run() throws -> SupervisionReport {
        var report = SupervisionReport(
            from: options.from, to: options.to, at: at, untouchedAfter: options.untouchedAfter, followUpWithin: options.followUpWithin,
            callback: CallbackSample(day: day, seed: options.sampleSeed ?? CallbackSampling.defaultSeed(day)))
        report.registryGiven = !options.roleDepartments.isEmpty
        (report.roleTitles, report.departmentTitles) = (options.roleTitles, options.departmentTitles)
        var departments: [String: Breakdown] = [:]
        var workflows: [String: Breakdown] = [:]
        // Applicants served by day: the callback day's, and each day of the
        // period's, should the default day have served nobody (a Sunday).
        var servedOn: [CivilDate: [String: CallbackEntry]] = [:]
        var callbackDays: [CivilDate: CallbackDay] = [:]
        var departmentOf: [String: String] = [:]
        var calendarOf: [String: String] = [:]

        let rows = try Row.fetchCursor(db, sql: #"""
            SELECT id, fingerprint, workflow, snapshot, created_at, updated_at, a.at
            FROM "case" LEFT JOIN case_acted a ON a.case_id = id ORDER BY "case".rowid
            """#)
        while let row = try rows.next() {
            let id: String = row[0], fingerprint: String = row[1], workflow: String = row[2]
            let createdAt = Instant(secondsSinceEpoch: row[4])
            guard createdAt <= at else { continue }
            let machine = machines[fingerprint]
            let department = machine?.department ?? ""
            departmentOf[id] = department
            if let machine { calendarOf[id] = machine.calendar }
            let updatedAt = Instant(secondsSinceEpoch: row[5])
            // The state at `at`: the snapshot, or the replay of the events up to `at`.
            // A damaged one is named apart, so it cannot hold back the whole report.
            let state: CaseState
            do {
                state = updatedAt <= at ? try EventChain.snapshot(of: id, row[3]) : try CaseState.replay(events(id))
            } catch CaseEngineError.damagedSnapshot, CaseEngineError.damagedLog {
                report.unreadable.append(id)
                continue
            }
            let parent = parents[id]
            let calendar: WorkingCalendar? = if let machine { self.calendar(machine.calendar) } else { nil }
            let reported = ReportedCase(id: id, parent: parent, workflow: workflow, department: department, state: state,
                                        machine: machine, calendar: calendar, actedAt: row[6])
            // What the case's log says, read before anything is counted: a
            // log that does not decode leaves the case out of every figure.
            let cohort = state.acceptedAt.map { options.contains($0.date) } ?? false
            let read: LogFigures
            do {
                read = try logFigures(reported, createdAt: createdAt, updatedAt: updatedAt, cohort: cohort,
                                      callbackDays: callbackDays)
            } catch CaseEngineError.damagedLog {
                report.unreadable.append(id)
                continue
            }
            if options.contains(createdAt.date) {
                report.submitted += 1
                if parent != nil { report.submittedSubcases += 1 }
            }

            // 回访 is of applicants: a sub-case's applicant is its parent's, called back about that.
            if parent == nil, let finishedAt = state.finishedAt, finishedAt.date == day || options.callbackDay == nil && options.contains(finishedAt.date) {
                var entry = CallbackEntry(caseID: id, workflow: workflow, outcome: state.outcome ?? "", finishedAt: finishedAt, phone: phone(state, machine))
                entry.outcomeTitle = machine?.outcomes.first { $0.id == state.outcome }?.title
                servedOn[finishedAt.date, default: [:]][id] = entry
            }
            if let callbackDay = read.callbackDay { callbackDays[callbackDay.day] = callbackDay }
            countCalls(read, department: department, workflow: workflow, into: &report, &departments, &workflows)
            report.longProcedures += read.longProcedures

            // By its limit, not its submission: one received late on the last day of a period runs out in the next.
            if state.acceptedAt == nil, let machine, let (token, clock) = Self.unansweredIntake(state, machine: machine, at: at, calendar: calendar),
               options.to.map({ (clock.due ?? at) <= Instant.endOfDay($0) }) ?? true {
                report.unanswered.append(UnansweredCase(caseID: id, parent: parent, workflow: workflow, department: department,
                                                        receivedAt: state.receivedAt, step: machine.nodes[token.node].id, due: clock.due,
                                                        role: machine.tables.tasks[token.node]?.role))
                departments[department, default: Breakdown(key: department)].unanswered += 1
                workflows[workflow, default: Breakdown(key: workflow)].unanswered += 1
            }
            var finishedFigures = Breakdown(key: "")
            countFinished(reported, &report, into: &finishedFigures)
            if finishedFigures.finished > 0 {
                departments[department, default: Breakdown(key: department)].add(finishedFigures)
                workflows[workflow, default: Breakdown(key: workflow)].add(finishedFigures)
            }
            if let earlier = read.earlier { report.earlierRunning.append(earlier) }
            if let lapse = legalLapse(reported) {
                report.pastLegalLimit.append(lapse)
                departments[department, default: Breakdown(key: department)].pastLegal += 1
                workflows[workflow, default: Breakdown(key: workflow)].pastLegal += 1
            }
            if let near = nearLegalLimit(reported) { report.nearLegalLimit.append(near) }
            report.lateSteps += read.late
            guard cohort, let acceptedAt = state.acceptedAt else { continue }
            var figures = Breakdown(key: "")
            figures.accepted = 1
            if parent != nil { report.acceptedSubcases += 1 }
            let withdrawn = reported.withdrawn
            let clocked = ClockedCase(caseID: id, parent: parent, workflow: workflow, department: department, acceptedAt: acceptedAt,
                                      warnAt: state.caseClock?.warnAt, due: state.caseClock?.due, finishedAt: state.finishedAt,
                                      withdrawn: withdrawn, waitingAt: state.isFinished ? [] : reported.waitingAt)
            if withdrawn {
                figures.withdrawn = 1
                if state.onTime == false {
                    figures.overdue = 1
                    report.overdue.append(clocked)
                }
            } else if state.isFinished {
                figures.completed = 1
                if let onTime = state.onTime {
                    figures.judged = 1
                    if onTime { figures.onTime = 1 } else {
                        figures.overdue = 1
                        report.overdue.append(clocked)
                    }
                }
            } else {
                switch Self.colour(state, at: at, calendar: calendar) {
                case .red:
                    figures.overdue = 1
                    report.overdue.append(clocked)
                case .yellow:
                    figures.warning = 1
                    report.warning.append(clocked)
                case .normal: break
                }
                if let since = read.untouchedSince {
                    figures.untouched = 1
                    report.untouched.append(UntouchedCase(caseID: id, parent: parent, workflow: workflow, department: department,
                                                          acceptedAt: acceptedAt, deemed: state.deemedAccepted, untouchedSince: since,
                                                          waitingAt: clocked.waitingAt))
                }
            }
            report.accepted += figures.accepted
            report.completed += figures.completed
            report.withdrawn += figures.withdrawn
            report.judged += figures.judged
            report.onTime += figures.onTime
            departments[department, default: Breakdown(key: department)].add(figures)
            workflows[workflow, default: Breakdown(key: workflow)].add(figures)
        }

        try ratings(&report, departments: &departments, workflows: &workflows, departmentOf: departmentOf, calendarOf: calendarOf)

        report.overdue.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.lateAcceptedBefore.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.earlierRunning.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.pastLegalLimit.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.nearLegalLimit.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.warning.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.unanswered.sort { ($0.due ?? at, $0.caseID) < ($1.due ?? at, $1.caseID) }
        report.untouched.sort { ($0.acceptedAt, $0.caseID) < ($1.acceptedAt, $1.caseID) }
        // A case's own are in order already (`lateSteps`: by due, then flow order): kept so.
        report.lateSteps = report.lateSteps.enumerated().sorted { ($0.element.due, $0.element.caseID, $0.offset) < ($1.element.due, $1.element.caseID, $1.offset) }
            .map(\.element)
        report.departments = departments.values.sorted { $0.key < $1.key }
        report.workflows = workflows.values.sorted { $0.key < $1.key }

        report.callbackDays = callbackDays.values.sorted { $0.day < $1.day }
        report.dissatisfiedCallbacks.sort { ($0.finishedAt, $0.caseID) < ($1.finishedAt, $1.caseID) }
        report.earlierOpenCallbacks.sort { ($0.followUpDue ?? at, $0.caseID) < ($1.followUpDue ?? at, $1.caseID) }
        report.longProcedures.sort { ($0.expectedEnd, $0.caseID, $0.startedAt, $0.step ?? "") < ($1.expectedEnd, $1.caseID, $1.startedAt, $1.step ?? "") }
        report.earlierClosedCallbacks.sort { ($0.followedUpAt ?? at, $0.caseID) < ($1.followedUpAt ?? at, $1.caseID) }
        // Without a callback day asked for, a default day that served nobody
        // gives way to the period's last day that served someone, up to it.
        if options.callbackDay == nil, servedOn[day, default: [:]].isEmpty,
           let latest = servedOn.filter({ !$0.value.isEmpty && $0.key < day }).keys.max() {
            report.callback = CallbackSample(day: latest, seed: options.sampleSeed ?? CallbackSampling.defaultSeed(latest))
        }
        let served = servedOn[report.callback.day] ?? [:]
        report.callback.served = served.count
        (report.callback.sample, report.callback.withoutPhone) = CallbackSampling.sample(served, seed: report.callback.seed)
        try callbackResults(&report.callback)
        // A log read after the pass (a 差评's, the sample's) was read in it first; this is a safety net.
        report.unreadable = (Set(report.unreadable).union(lastLog.damaged)).sorted()
        report.unknownCalendars = calendarCache.filter { $0.value == nil }.keys.sorted()
        return report
    }
}

extension Breakdown {
    mutating func add(_ f: Breakdown) {
        accepted += f.accepted
        completed += f.completed
        withdrawn += f.withdrawn
        judged += f.judged
        onTime += f.onTime
        overdue += f.overdue
        warning += f.warning
        untouched += f.untouched
        finished += f.finished
        finishedJudged += f.finishedJudged
        finishedOnTime += f.finishedOnTime
    }
}
