import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// The engine's values read back in the order `CanonicalJSON+Engine` writes
/// them (keys in byte order, optionals absent when `nil`).
extension CanonicalReader {
    /// A snapshot, or `nil` when the bytes leave the fast path.
    static func state(_ body: Data) -> CaseState? {
        body.withUnsafeBytes { raw -> CaseState? in
            var reader = CanonicalReader(raw.bindMemory(to: UInt8.self))
            do {
                let state = try reader.state()
                try reader.end()
                return state
            } catch {
                return nil
            }
        }
    }

    mutating func state() throws(GiveUp) -> CaseState {
        var s = CaseState(id: "")
        var f = true
        try expect(0x7B)
        if key("acceptedAt", &f) { s.acceptedAt = try instant() }
        try requiredKey("awaitingSupplement", &f)
        s.awaitingSupplement = try array { r throws(GiveUp) in try r.string() }
        if key("callback", &f) {
            guard let result = CallbackResult(rawValue: try string()) else { throw GiveUp() }
            s.callback = result
        }
        if key("caseClock", &f) { s.caseClock = try clock() }
        try requiredKey("deemedAccepted", &f)
        s.deemedAccepted = try bool()
        try requiredKey("fields", &f)
        s.fields = try fields()
        if key("finishedAt", &f) { s.finishedAt = try instant() }
        if key("flowPause", &f) { s.flowPause = try string() }
        if key("followUp", &f) { s.followUp = try followUp() }
        try requiredKey("id", &f)
        s.id = try string()
        try requiredKey("joins", &f)
        s.joins = try joins()
        try requiredKey("machineFingerprint", &f)
        s.machineFingerprint = try string()
        try requiredKey("nextToken", &f)
        s.nextToken = try int()
        if key("onTime", &f) { s.onTime = try bool() }
        if key("pauseHolds", &f) { s.pauseHolds = try array { r throws(GiveUp) in try r.pauseHold() } }
        try requiredKey("pendingTimers", &f)
        s.pendingTimers = try array { r throws(GiveUp) in try r.timer() }
        if key("rating", &f) { s.rating = try rating() }
        if key("receivedAt", &f) { s.receivedAt = try instant() }
        if key("rules", &f) { s.rules = try int() }
        if key("specialProcedure", &f) { s.specialProcedure = try string() }
        if key("specialProcedures", &f) { s.specialProcedures = try array { r throws(GiveUp) in try r.specialProcedureHold() } }
        try requiredKey("status", &f)
        s.status = try status()
        try requiredKey("submitted", &f)
        s.submitted = try materials()
        try requiredKey("tokens", &f)
        s.tokens = try array { r throws(GiveUp) in try r.token() }
        if key("updatedAt", &f) { s.updatedAt = try instant() }
        try requiredKey("version", &f)
        s.version = try int()
        try expect(0x7D)
        return s
    }

    mutating func status() throws(GiveUp) -> CaseState.Status {
        let status: CaseState.Status
        switch try enumCase() {
        case "new": status = .new
        case "preSubmitted": status = .preSubmitted
        case "active": status = .active
        case "finished":
            var f = true
            try requiredKey("outcome", &f)
            status = .finished(outcome: try string())
        default: throw GiveUp()
        }
        try close()
        return status
    }

    mutating func materials() throws(GiveUp) -> MaterialSet {
        var f = true
        try expect(0x7B)
        try requiredKey("words", &f)
        let words = try array { r throws(GiveUp) -> UInt64 in
            // Words are unsigned 64-bit: larger than an Int reads, so JSONDecoder takes them.
            let n = try r.int()
            guard n >= 0 else { throw GiveUp() }
            return UInt64(n)
        }
        try expect(0x7D)
        return MaterialSet(words: words)
    }

    mutating func fields() throws(GiveUp) -> [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        var f = true
        try expect(0x7B)
        while !skip(0x7D) {
            let name = try dynamicKey(&f)
            // A repeated key: JSONDecoder keeps the first, this would keep the last.
            guard values.updateValue(try field(), forKey: name) == nil else { throw GiveUp() }
        }
        return values
    }

    mutating func joins() throws(GiveUp) -> [Int: Int] {
        var joins: [Int: Int] = [:]
        var f = true
        try expect(0x7B)
        while !skip(0x7D) {
            // `"01"` and `"1"` are one block for Int(_:): only the writer's form.
            let key = try dynamicKey(&f)
            guard let block = Int(key), String(block) == key, joins.updateValue(try int(), forKey: block) == nil else { throw GiveUp() }
        }
        return joins
    }

    mutating func field() throws(GiveUp) -> FieldValue {
        switch try enumCase() {
        case "string": return .string(try unlabelled { r throws(GiveUp) in try r.string() })
        case "integer": return .integer(try unlabelled { r throws(GiveUp) in try r.int() })
        case "boolean": return .boolean(try unlabelled { r throws(GiveUp) in try r.bool() })
        case "date":
            return .date(
                try unlabelled { r throws(GiveUp) in
                    var f = true
                    try r.expect(0x7B)
                    try r.requiredKey("day", &f)
                    let day = try r.int()
                    try r.requiredKey("month", &f)
                    let month = try r.int()
                    try r.requiredKey("year", &f)
                    let year = try r.int()
                    try r.expect(0x7D)
                    guard let date = CivilDate(year: year, month: month, day: day) else { throw GiveUp() }
                    return date
                })
        case "list": return .list(try unlabelled { r throws(GiveUp) in try r.array { r throws(GiveUp) in try r.field() } })
        default: throw GiveUp()
        }
    }

    mutating func token() throws(GiveUp) -> Token {
        var f = true
        try expect(0x7B)
        let awaitingList = key("awaiting", &f) ? try array { r throws(GiveUp) in try r.string() } : nil
        try requiredKey("awaitingApplicant", &f)
        let awaiting = try bool()
        let block = key("block", &f) ? try int() : nil
        let branch = key("branch", &f) ? try int() : nil
        let clock = key("clock", &f) ? try self.clock() : nil
        try requiredKey("enteredAt", &f)
        let entered = try instant()
        try requiredKey("id", &f)
        let id = try int()
        try requiredKey("node", &f)
        let node = try int()
        let previous = key("previousDecider", &f) ? try string() : nil
        let waitEnds = key("waitEnds", &f) ? try instant() : nil
        try expect(0x7D)
        return Token(
            id: id, node: node, block: block, branch: branch, enteredAt: entered, previousDecider: previous,
            awaitingApplicant: awaiting, awaiting: awaitingList, clock: clock, waitEnds: waitEnds)
    }

    mutating func clock() throws(GiveUp) -> ClockRecord {
        var f = true
        try expect(0x7B)
        let completed = key("completedAt", &f) ? try instant() : nil
        let due = key("due", &f) ? try instant() : nil
        try requiredKey("entries", &f)
        let entries = try array { r throws(GiveUp) in try r.clockEntry() }
        try requiredKey("limit", &f)
        let limit = try self.limit()
        let paused = key("pausedFor", &f) ? try string() : nil
        let rolls = key("rollsForward", &f) ? try bool() : nil
        let warnAt = key("warnAt", &f) ? try instant() : nil
        var warnBefore: WarnBefore?
        if key("warnBefore", &f) {
            switch try enumCase() {
            case "units": warnBefore = .units(try unlabelled { r throws(GiveUp) in try r.int() })
            case "workingMinutes": warnBefore = .workingMinutes(try unlabelled { r throws(GiveUp) in try r.int() })
            default: throw GiveUp()
            }
        }
        try expect(0x7D)
        // Only `true` is ever written; a `false` read back would not be written again alike.
        guard rolls != false else { throw GiveUp() }
        var clock = ClockRecord(limit: limit, warnBefore: warnBefore, start: Instant(secondsSinceEpoch: 0), due: due, warnAt: warnAt,
                                rollsForward: rolls)
        clock.entries = entries
        clock.pausedFor = paused
        clock.completedAt = completed
        return clock
    }

    mutating func limit() throws(GiveUp) -> TimeLimit {
        var f = true
        try expect(0x7B)
        try requiredKey("amount", &f)
        let amount = try int()
        try requiredKey("unit", &f)
        guard let unit = TimeUnit(rawValue: try string()) else { throw GiveUp() }
        try expect(0x7D)
        return TimeLimit(amount, unit)
    }

    mutating func clockEntry() throws(GiveUp) -> ClockEntry {
        var f = true
        let entry: ClockEntry
        switch try enumCase() {
        case "started":
            try requiredKey("at", &f)
            entry = .started(at: try instant())
        case "paused":
            try requiredKey("at", &f)
            let at = try instant()
            try requiredKey("reason", &f)
            entry = .paused(at: at, reason: try string())
        case "resumed":
            try requiredKey("at", &f)
            entry = .resumed(at: try instant())
        case "extended":
            try requiredKey("approver", &f)
            let approver = try string()
            try requiredKey("at", &f)
            let at = try instant()
            try requiredKey("by", &f)
            entry = .extended(at: at, by: try int(), approver: approver)
        case "completed":
            try requiredKey("at", &f)
            entry = .completed(at: try instant())
        default: throw GiveUp()
        }
        try close()
        return entry
    }

    mutating func timer() throws(GiveUp) -> PendingTimer {
        var f = true
        try expect(0x7B)
        try requiredKey("at", &f)
        let at = try instant()
        try requiredKey("id", &f)
        let id = try string()
        try requiredKey("kind", &f)
        guard let kind = TimerKind(rawValue: try string()) else { throw GiveUp() }
        let token = key("token", &f) ? try int() : nil
        try expect(0x7D)
        return PendingTimer(id: id, at: at, kind: kind, token: token)
    }

    mutating func pauseHold() throws(GiveUp) -> PauseHold {
        var f = true
        try expect(0x7B)
        var branch: BranchRef?
        if key("branch", &f) {
            var g = true
            try expect(0x7B)
            try requiredKey("block", &g)
            let block = try int()
            try requiredKey("branch", &g)
            branch = BranchRef(block: block, branch: try int())
            try expect(0x7D)
        }
        try requiredKey("reason", &f)
        let reason = try string()
        try expect(0x7D)
        return PauseHold(reason: reason, branch: branch)
    }

    mutating func specialProcedureHold() throws(GiveUp) -> SpecialProcedureHold {
        var f = true
        try expect(0x7B)
        try requiredKey("reason", &f)
        let reason = try string()
        try requiredKey("step", &f)
        let step = try string()
        try expect(0x7D)
        return SpecialProcedureHold(reason: reason, step: step)
    }

    mutating func rating() throws(GiveUp) -> Rating {
        var f = true
        try expect(0x7B)
        let comment = key("comment", &f) ? try string() : nil
        try requiredKey("level", &f)
        let level = try int()
        try expect(0x7D)
        return Rating(level: level, comment: comment)
    }

    mutating func followUp() throws(GiveUp) -> FollowUp {
        var f = true
        try expect(0x7B)
        try requiredKey("comment", &f)
        let comment = try string()
        try requiredKey("result", &f)
        guard let result = FollowUpResult(rawValue: try string()) else { throw GiveUp() }
        try expect(0x7D)
        return FollowUp(result: result, comment: comment)
    }
}
