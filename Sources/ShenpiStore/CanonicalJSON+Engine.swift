import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// The engine's values in canonical JSON; keys in byte order, as the
/// synthesized `Codable` conformances name them.
extension CanonicalJSON {
    mutating func state(_ s: CaseState) {
        var f = true
        open()
        optional("acceptedAt", s.acceptedAt, &f) { $0.instant($1) }
        key("awaitingSupplement", &f); strings(s.awaitingSupplement)
        optional("callback", s.callback, &f) { $0.string($1.rawValue) }
        optional("caseClock", s.caseClock, &f) { $0.clock($1) }
        key("deemedAccepted", &f); bool(s.deemedAccepted)
        key("fields", &f); fields(s.fields)
        optional("finishedAt", s.finishedAt, &f) { $0.instant($1) }
        optional("flowPause", s.flowPause, &f) { $0.string($1) }
        optional("followUp", s.followUp, &f) { $0.followUp($1) }
        key("id", &f); string(s.id)
        key("joins", &f); joins(s.joins)
        key("machineFingerprint", &f); string(s.machineFingerprint)
        key("nextToken", &f); int(s.nextToken)
        optional("onTime", s.onTime, &f) { $0.bool($1) }
        optional("pauseHolds", s.pauseHolds, &f) { w, holds in w.array(holds) { $0.pauseHold($1) } }
        key("pendingTimers", &f); array(s.pendingTimers) { $0.timer($1) }
        optional("rating", s.rating, &f) { $0.rating($1) }
        optional("receivedAt", s.receivedAt, &f) { $0.instant($1) }
        optional("rules", s.rules, &f) { $0.int($1) }
        optional("specialProcedure", s.specialProcedure, &f) { $0.string($1) }
        optional("specialProcedures", s.specialProcedures, &f) { $0.specialProcedures($1) }
        key("status", &f); status(s.status)
        key("submitted", &f); materials(s.submitted)
        key("tokens", &f); array(s.tokens) { $0.token($1) }
        optional("updatedAt", s.updatedAt, &f) { $0.instant($1) }
        key("version", &f); int(s.version)
        close()
    }

    mutating func branchRef(_ b: BranchRef) {
        var f = true
        open()
        key("block", &f); int(b.block)
        key("branch", &f); int(b.branch)
        close()
    }

    /// `[{reason, step}]`: the snapshot's and the case answer's.
    public mutating func specialProcedures(_ held: [SpecialProcedureHold]) {
        array(held) { w, h in
            var g = true
            w.open()
            w.key("reason", &g); w.string(h.reason)
            w.key("step", &g); w.string(h.step)
            w.close()
        }
    }

    mutating func pauseHold(_ h: PauseHold) {
        var f = true
        open()
        optional("branch", h.branch, &f) { $0.branchRef($1) }
        key("reason", &f); string(h.reason)
        close()
    }

    mutating func status(_ s: CaseState.Status) {
        switch s {
        case .new: emptyCase("new")
        case .preSubmitted: emptyCase("preSubmitted")
        case .active: emptyCase("active")
        case .finished(let outcome):
            enumCase("finished")
            var f = true
            key("outcome", &f); string(outcome)
            close(); close()
        }
    }

    mutating func materials(_ m: MaterialSet) {
        var f = true
        open()
        key("words", &f); ints(m.words)
        close()
    }

    mutating func fields(_ values: [String: FieldValue]) {
        open()
        var f = true
        for name in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            dynamicKey(name, &f)
            field(values[name]!)
        }
        close()
    }

    mutating func joins(_ joins: [Int: Int]) {
        open()
        var f = true
        for (k, v) in joins.map({ (String($0.key), $0.value) }).sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            dynamicKey(k, &f)
            int(v)
        }
        close()
    }

    mutating func field(_ v: FieldValue) {
        switch v {
        case .string(let s): unlabelledCase("string") { $0.string(s) }
        case .integer(let n): unlabelledCase("integer") { $0.int(n) }
        case .number: unsupported = true
        case .boolean(let b): unlabelledCase("boolean") { $0.bool(b) }
        case .date(let d):
            unlabelledCase("date") { w in
                var f = true
                w.open()
                w.key("day", &f); w.int(d.day)
                w.key("month", &f); w.int(d.month)
                w.key("year", &f); w.int(d.year)
                w.close()
            }
        case .list(let items): unlabelledCase("list") { $0.array(items) { $0.field($1) } }
        }
    }

    mutating func token(_ t: Token) {
        var f = true
        open()
        optional("awaiting", t.awaiting, &f) { $0.strings($1) }
        key("awaitingApplicant", &f); bool(t.awaitingApplicant)
        optional("block", t.block, &f) { $0.int($1) }
        optional("branch", t.branch, &f) { $0.int($1) }
        optional("clock", t.clock, &f) { $0.clock($1) }
        key("enteredAt", &f); instant(t.enteredAt)
        key("id", &f); int(t.id)
        key("node", &f); int(t.node)
        optional("previousDecider", t.previousDecider, &f) { $0.string($1) }
        optional("waitEnds", t.waitEnds, &f) { $0.instant($1) }
        close()
    }

    mutating func clock(_ c: ClockRecord) {
        var f = true
        open()
        optional("completedAt", c.completedAt, &f) { $0.instant($1) }
        optional("due", c.due, &f) { $0.instant($1) }
        key("entries", &f); array(c.entries) { $0.clockEntry($1) }
        key("limit", &f); limit(c.limit)
        optional("pausedFor", c.pausedFor, &f) { $0.string($1) }
        optional("rollsForward", c.rollsForward, &f) { $0.bool($1) }
        optional("warnAt", c.warnAt, &f) { $0.instant($1) }
        optional("warnBefore", c.warnBefore, &f) { w, b in
            switch b {
            case .units(let n): w.unlabelledCase("units") { $0.int(n) }
            case .workingMinutes(let n): w.unlabelledCase("workingMinutes") { $0.int(n) }
            }
        }
        close()
    }

    mutating func limit(_ l: TimeLimit) {
        var f = true
        open()
        key("amount", &f); int(l.amount)
        key("unit", &f); string(l.unit.rawValue)
        close()
    }

    mutating func clockEntry(_ e: ClockEntry) {
        var f = true
        switch e {
        case .started(let at):
            enumCase("started")
            key("at", &f); instant(at)
        case .paused(let at, let reason):
            enumCase("paused")
            key("at", &f); instant(at)
            key("reason", &f); string(reason)
        case .resumed(let at):
            enumCase("resumed")
            key("at", &f); instant(at)
        case .extended(let at, let by, let approver):
            enumCase("extended")
            key("approver", &f); string(approver)
            key("at", &f); instant(at)
            key("by", &f); int(by)
        case .completed(let at):
            enumCase("completed")
            key("at", &f); instant(at)
        }
        close(); close()
    }

    mutating func clockID(_ id: ClockID) {
        switch id {
        case .caseClock: emptyCase("caseClock")
        case .step(let token):
            enumCase("step")
            var f = true
            key("token", &f); int(token)
            close(); close()
        }
    }

    mutating func timer(_ t: PendingTimer) {
        var f = true
        open()
        key("at", &f); instant(t.at)
        key("id", &f); string(t.id)
        key("kind", &f); string(t.kind.rawValue)
        optional("token", t.token, &f) { $0.int($1) }
        close()
    }

    mutating func rating(_ r: Rating) {
        var f = true
        open()
        optional("comment", r.comment, &f) { $0.string($1) }
        key("level", &f); int(r.level)
        close()
    }

    mutating func followUp(_ u: FollowUp) {
        var f = true
        open()
        key("comment", &f); string(u.comment)
        key("result", &f); string(u.result.rawValue)
        close()
    }

    mutating func notification(_ n: ShenpiEngine.Notification) {
        var f = true
        open()
        key("text", &f); string(n.text)
        key("to", &f)
        switch n.to {
        case .applicant: emptyCase("applicant")
        case .role(let r): unlabelledCase("role") { $0.string(r) }
        }
        close()
    }
}
