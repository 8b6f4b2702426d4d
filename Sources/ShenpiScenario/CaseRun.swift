import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiStore

/// The scenario's case on a virtual clock, run as the daemon runs it: on a
/// `CaseEngine` over a private in-memory store with the flow and the rest of
/// its catalog deployed, so a call step opens a real sub-case (子办件) and
/// its outcome moves the case on. Every command and timer runs at the
/// virtual `now`; nothing reads the wall clock.
struct CaseRun {
    let engine: CaseEngine
    let machine: Machine
    var main: WatchedCase
    /// Sub-cases of the scenario's case and of its sub-cases, by id, as they open.
    var subcases: [String: WatchedCase] = [:]
    /// Sub-case ids by their parent case and the call step that opened them, oldest first.
    var openedBy: [String: [String: [String]]] = [:]
    var now: Instant
    /// Whether `submit` has opened the case in the store.
    var isOpen = false

    init(flow: LoadedFlow, caseNumber: String, start: Instant) throws {
        engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: flow.calendars)
        for m in flow.catalog + [flow.machine] { try engine.deploy(m, at: start) }
        machine = flow.machine
        main = WatchedCase(id: caseNumber, machine: flow.machine, calendar: flow.calendar)
        now = start
    }

    /// The latest sub-case the call steps of `path` opened, each in the case
    /// the one before it opened (the first in the scenario's case), if any.
    func subcase(openedBy path: [String]) -> String? {
        var id = main.id
        for step in path {
            guard let next = openedBy[id]?[step]?.last else { return nil }
            id = next
        }
        return id
    }

    /// How many steps of `path` have opened their sub-case: the index of the first that has not.
    func openedDepth(_ path: [String]) -> Int {
        (0..<path.count).first { subcase(openedBy: Array(path.prefix($0 + 1))) == nil } ?? path.count
    }

    /// The scenario's case, or the sub-case `id`.
    func watched(_ id: String?) -> WatchedCase { id.flatMap { subcases[$0] } ?? main }

    /// Runs a command at the current instant on the scenario's case or the
    /// sub-case `id`; a refusal changes nothing. Refused like the daemon
    /// refuses it: a call step is not decided by hand, a sub-case is not
    /// withdrawn by itself. `path` is the `case:` that named the sub-case.
    mutating func run(_ command: Command, on id: String? = nil, path: [String] = []) -> Refusal? {
        let target = watched(id)
        do {
            // The store's own reading of the chain, as the daemon asks it.
            let ancestry = { [engine] () throws -> (parent: String, root: String)? in
                guard id != nil else { return nil }
                return try engine.batch { try $0.ancestry(ofCase: target.id) }
            }
            let awaitedBelow = { [engine] (materials: [String]) throws -> (subcase: String, materials: [String])? in
                try engine.batch { try $0.subcaseAwaiting(materials, ofCase: target.id) }
            }
            if let rule = try SubcaseRule.refusal(of: command, on: target.machine, parent: ancestry, awaitedBelow: awaitedBelow) {
                var hint = "; it moves on when that case finishes"
                if case .callStep(let step, _) = rule { hint += " (act on the sub-case with case: \((path + [step]).joined(separator: "/")))" }
                return Refusal(kind: rule.code, rule.message(caseID: target.id, stepHint: hint))
            }
            // The host rules that read the history, read once (as the API does).
            var read: [CaseEvent]?
            func history() throws -> [CaseEvent] {
                if let read { return read }
                let events = try engine.case(target.id).history.map(\.event)
                read = events
                return events
            }
            if let e = try FourEyesRule.refusal(of: command, on: target.machine, events: history) {
                return Refusal(e)
            }
            if let e = try FollowUpRule.refusal(of: command, events: {
                try history() + engine.batch { b in try b.descendants(ofCase: target.id).flatMap(b.events) }
            }) {
                return Refusal(e)
            }
            if let rule = try SupplementRequestRule.refusal(of: command, on: target.machine, calendar: target.calendar, state: { target.state }, events: history) {
                return Refusal(kind: SupplementRequestRule.code, rule.message)
            }
            if let rule = SupplementNothingNewRule.refusal(of: command, on: target.machine, state: { target.state }) {
                return Refusal(kind: SupplementNothingNewRule.code, rule.message)
            }
            if let rule = DecisionReasonRule.refusal(of: command, on: target.machine, state: { target.state }) {
                return Refusal(kind: DecisionReasonRule.code, rule.message)
            }
            if let rule = PauseDurationRule.refusal(of: command, on: target.machine, state: { target.state }) {
                return Refusal(kind: PauseDurationRule.code, rule.message)
            }
            if isOpen {
                try engine.apply(target.id, command, expectedVersion: nil, at: now)
            } else if case .submit(let given, let materials, let channel, let by, let rules) = command {
                // As the daemon stores it: a resident id's lowercase x as X.
                let fields = FieldHygiene.normalized(given, of: machine)
                let command = Command.submit(fields: fields, materials: materials, channel: channel, by: by, rules: rules)
                // Where the daemon asks it: just before the store opens the case.
                if let blank = BlankFields.first(in: fields, of: machine) {
                    return Refusal(kind: "invalid-field", "field \"\(blank)\": \(BlankFields.reason)")
                }
                if let (field, reason) = FieldHygiene.problem(in: fields, of: machine, today: now.date) {
                    return Refusal(kind: "invalid-field", "field \"\(field)\": \(reason)")
                }
                try engine.open(main.id, machine: .fingerprint(machine.fingerprint), submit: command, at: now)
                isOpen = true
            } else {
                // Not in the store yet: the engine's own refusal of a command before the submission.
                if case .failure(let e) = step(machine, main.state, command, at: now, calendar: main.calendar) { return Refusal(e) }
                return Refusal(kind: "store", "case \(main.id) was never submitted")
            }
            try refresh()
            return nil
        } catch let e as CaseEngineError {
            return Refusal(e)
        } catch {
            return Refusal(kind: "store", "\(error)")
        }
    }

    /// Reads every case of the scenario back from the store: a command on
    /// one may have changed the others (a sub-case opened, finished, withdrawn).
    mutating func refresh() throws {
        guard isOpen else { return }
        let record = try engine.case(main.id)
        main.update(state: record.state, log: record.history.map(\.event))
        // Breadth first, so each parent's sub-cases are found in the order they opened.
        var parentsToRead = [main.id]
        while !parentsToRead.isEmpty {
            let parent = parentsToRead.removeFirst()
            for link in try engine.links(ofCase: parent).subcases {
                parentsToRead.append(link.caseID)
                guard subcases[link.caseID] == nil else { continue }
                let m = try engine.machine(link.fingerprint)
                subcases[link.caseID] = WatchedCase(id: link.caseID, machine: m, calendar: try engine.calendars.calendar(m.calendar))
                openedBy[parent, default: [:]][link.step, default: []].append(link.caseID)
            }
        }
        for id in subcases.keys {
            let record = try engine.case(id)
            subcases[id]!.update(state: record.state, log: record.history.map(\.event))
        }
    }

    /// Moves the clock to `target`, firing every pending timer due by then in
    /// order of due instant (then of case, then of scheduling), each at its
    /// own instant (or at its case's last change, for one already past), as
    /// the daemon's timer loop does: through `CaseEngine.fireDueTimers`.
    /// Timers scheduled by a firing fire too when due. A failure when the
    /// engine refuses a due timer.
    mutating func advanceFiring(to target: Instant) -> Result<Void, AdvanceFailure> {
        var fired = 0
        do {
            while let next = try engine.pendingTimers().first(where: { $0.timer.at <= target }) {
                now = max(now, next.timer.at)
                let batch = try engine.fireDueTimers(upTo: next.timer.at)
                try refresh()
                if let bad = batch.first(where: { $0.error != nil }), let e = bad.error {
                    let refusal = Refusal(e)
                    return .failure(AdvanceFailure(refusal: refusal, message: "\(timerName(bad.timerID)) due \(Rendering.instant(bad.due)) "
                        + "was refused by the engine: \(refusal.kind): \(e)"))
                }
                fired += batch.count
                if fired > 10_000 {
                    return .failure(AdvanceFailure(message: "more than 10000 timers fired before \(Rendering.instant(target)); the flow loops on timeouts"))
                }
            }
        } catch {
            return .failure(AdvanceFailure(message: "the store failed while firing timers: \(error)"))
        }
        now = max(now, target)
        return .success(())
    }

    /// Why a clock move stopped: a due timer the engine refused (the clock
    /// stays at its instant, the timer pending), or anything else.
    struct AdvanceFailure: Error {
        var refusal: Refusal?
        var message: String
    }

    /// `timer step-0-timeout (the timeout of step accept)`: the engine's id,
    /// and what it is in the flow's words.
    func timerName(_ id: String) -> String {
        let parts = id.split(separator: "-")
        var what: String?
        switch id {
        case "case-timeout": what = "the case limit"
        case "case-warning": what = "the case limit's warning"
        default:
            if parts.count >= 2, let token = Int(parts[1]), let t = main.state.tokens.first(where: { $0.id == token }) {
                let step = main.machine.nodes[t.node].id
                what = parts[0] == "wait" ? "the wait \(step)" : parts.last == "warning" ? "the warning of step \(step)" : "the timeout of step \(step)"
            }
        }
        return "timer \(id)" + (what.map { " (\($0))" } ?? "")
    }

    /// The instant `advance` reaches from now.
    func target(of a: Advance) -> Result<Instant, Reason> {
        switch a.unit {
        case .minutes: return .success(now.adding(seconds: a.amount * 60))
        case .hours: return .success(now.adding(seconds: a.amount * 3600))
        case .days: return .success(now.adding(seconds: a.amount * 86_400))
        case .workdays:
            do {
                let day = try main.calendar.addingWorkdays(a.amount, to: now.date).value
                return .success(Instant(date: day, secondOfDay: now.secondOfDay))
            } catch {
                return .failure(Reason("cannot count \(a.amount) workdays on calendar \(main.calendar.id): \(error)"))
            }
        }
    }

    /// Forgets what was seen on the scenario's case or the sub-case `id`.
    mutating func startNewWindow(for id: String?) {
        if let id { subcases[id]?.startNewWindow() } else { main.startNewWindow() }
    }
}
