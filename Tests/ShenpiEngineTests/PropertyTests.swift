import ShenpiCalendar
import ShenpiEngine
import ShenpiExpression
import ShenpiMachine
import XCTest

/// Seeded random valid command sequences through every flow, with invariants
/// checked after every command.
final class PropertyTests: XCTestCase {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func fields(for m: Machine, _ rng: inout SplitMix) -> [String: FieldValue] {
        var out: [String: FieldValue] = [:]
        for f in m.fields {
            switch f.type {
            case "enum": out[f.id] = .string(f.values?.randomElement(using: &rng) ?? "")
            case "boolean": out[f.id] = .boolean(Bool.random(using: &rng))
            // Within a bounded field's bounds: the draw is the same, so the walks stay as they were.
            case "integer": out[f.id] = .integer(Int.random(in: 1...500, using: &rng) % Int((f.maximum ?? 500) + 1))
            case "number": out[f.id] = .number(Double(Int.random(in: 1...500, using: &rng)))
            case "date": out[f.id] = .date(CivilDate(year: 2025, month: 6, day: 1)!)
            case "phone": out[f.id] = .string("13800138000")
            case "resident-id":
                let body = "110101" + (Bool.random(using: &rng) ? "19500307" : "19900307") + "123"
                out[f.id] = .string(body + String(ResidentID.checkCharacter(for: body.map { Int(String($0))! })))
            default: out[f.id] = .string("测试")
            }
        }
        return out
    }

    func testRandomCasesThroughEveryFlowKeepTheInvariants() throws {
        let files = EngineFixtures.flowFiles
        XCTAssertGreaterThanOrEqual(files.count, 8)
        var finished = 0
        for file in files {
            for seed in 0..<40 {
                finished += try runCase(file, seed: UInt64(seed)) ? 1 : 0
            }
        }
        XCTAssertGreaterThan(finished, files.count * 20, "most random cases finish")
    }

    /// One random case; true when it finished.
    func runCase(_ file: String, seed: UInt64) throws -> Bool {
        var rng = SplitMix(state: seed &* 7919 &+ 17)
        var d = try CaseDriver(file, id: "P-\(seed)")
        var now = at("2025-03-03T09:00")
        let m = d.machine
        // Sometimes hand in only part of the materials, to exercise supplements.
        let materials = m.materials.map(\.id).filter { _ in Int.random(in: 0..<10, using: &rng) < 8 }
        let online = Bool.random(using: &rng)
        d.run(.submit(fields: Self.fields(for: m, &rng), materials: materials, channel: online ? .online : .window), at: now)
        // Officers here hold every role of the flow: the role rules have their own tests.
        let anyOfficer = Set(m.nodes.compactMap { node -> String? in if case .task(let t) = node.kind { t.role } else { nil } })
            .union([m.limits.extensionAllowance?.by].compactMap { $0 })
        if online { d.run(.receive(actor: Actor(id: "w0", roles: anyOfficer)), at: now) }
        var officer = 0
        for _ in 0..<300 {
            check(d, file, seed)
            if d.state.isFinished { break }
            now = now.adding(seconds: Int.random(in: 0...4 * 3600, using: &rng))
            let roll = Int.random(in: 0..<100, using: &rng)
            let due = d.state.pendingTimers.sorted { ($0.at, $0.id) < ($1.at, $1.id) }.first
            if roll < 8, let timer = due {
                now = max(now, timer.at)
                d.run(.timerFired(id: timer.id), at: now)
                continue
            }
            let onTask = d.state.tokens.contains { if case .task = m.nodes[$0.node].kind { true } else { false } }
            if roll < 11, d.state.caseClock?.isRunning == true, onTask {
                d.run(.startSpecialProcedure(reason: "检测", actor: Actor(id: "s", roles: anyOfficer)), at: now)
                continue
            }
            if roll < 16, d.state.specialProcedure != nil, onTask {
                d.run(.endSpecialProcedure(actor: Actor(id: "s", roles: anyOfficer)), at: now)
                continue
            }
            if roll < 18, onTask, let clock = d.state.caseClock, clock.completedAt == nil, clock.due.map({ now < $0 }) ?? true {
                let extend = Command.extend(workdays: 2, approver: Actor(id: "head", roles: anyOfficer))
                if let refusal = Self.extensionRefusal(m, clock, amount: 2) {
                    XCTAssertEqual(d.error(extend, at: now), refusal, "\(file) seed \(seed)")
                } else {
                    d.run(extend, at: now)
                }
                continue
            }
            guard let token = d.state.tokens.randomElement(using: &rng) else {
                // Only timers left (a wait): fire the next one.
                guard let timer = due else { XCTFail("stuck: \(file) seed \(seed)"); break }
                now = max(now, timer.at)
                d.run(.timerFired(id: timer.id), at: now)
                continue
            }
            let node = m.nodes[token.node]
            officer += 1
            switch node.kind {
            case .task(let task):
                let t = task.transitions.randomElement(using: &rng)!
                let actor = Actor(id: "o\(officer)", roles: [task.role])
                // A pausing decision sometimes carries the officer's expected duration (Art. 45), so replay covers `pauseExpected`.
                let stated: TimeLimit? = t.pause != nil && Bool.random(using: &rng) ? TimeLimit(Int.random(in: 1...30, using: &rng), .workdays) : nil
                let command = Command.decide(node: node.id, decision: t.name, actor: actor, comment: nil, expected: stated)
                switch d.attempt(command, at: now) {
                case .success: d.run(command, at: now)
                case .failure(.materialsMissing(_, let missing)):
                    d.run(.supplement(materials: missing), at: now)
                    d.run(command, at: now)
                case .failure(let e) where t.extend != nil && d.state.caseClock.flatMap({ Self.extensionRefusal(m, $0, amount: t.extend!.clockUnits.amount) }) == e:
                    continue  // the flow's ceiling is used up: the officer decides otherwise
                case .failure(let e):
                    XCTFail("\(file) seed \(seed): \(command) refused: \(e)")
                    return false
                }
            case .call(_, let outcomes):
                let o = outcomes.keys.sorted().randomElement(using: &rng)!
                d.run(.decide(node: node.id, decision: o, actor: Actor(id: "o\(officer)", roles: []), comment: nil), at: now)
            case .wait:
                let timer = d.state.pendingTimers.first { $0.token == token.id }!
                now = max(now, timer.at)
                d.run(.timerFired(id: timer.id), at: now)
            case .parallel, .route:
                XCTFail("\(file): a \(node.kind) node holds a token")
                return false
            }
        }
        check(d, file, seed)
        guard d.state.isFinished else { return false }
        // Nothing but a rating and a 差评's follow-up is accepted after the end.
        let after = now.adding(seconds: 3600)
        for c in [Command.withdraw(reason: nil), .supplement(materials: []), .extend(workdays: 1, approver: .system),
                  .decide(node: m.nodes[0].id, decision: "x", actor: .system, comment: nil)] {
            XCTAssertEqual(d.error(c, at: after), .caseFinished(outcome: d.state.outcome!), "\(file) seed \(seed)")
        }
        let followUp = Command.followUp(result: .unfounded, comment: "已说明", actor: .system)
        XCTAssertEqual(d.error(followUp, at: after), .notRated, "\(file) seed \(seed)")
        let level = Int.random(in: 1...5, using: &rng)
        d.run(.rate(level: level, comment: nil), at: after)
        if level <= 2 {
            d.run(followUp, at: after)
            XCTAssertEqual(d.state.followUp?.result, .unfounded)
            XCTAssertEqual(d.error(followUp, at: after), .alreadyFollowedUp, "\(file) seed \(seed)")
        } else {
            XCTAssertEqual(d.error(followUp, at: after), .notNegative(level: level), "\(file) seed \(seed)")
        }
        // A callback: tried until reached, then done.
        d.run(.callBack(result: .unreachable, comment: nil, actor: .system), at: after)
        d.run(.callBack(result: .satisfied, comment: nil, actor: .system), at: after)
        XCTAssertEqual(d.error(.callBack(result: .unreachable, comment: nil, actor: .system), at: after), .alreadyCalledBack(.satisfied))
        XCTAssertEqual(CaseState.replay(d.events), d.state)
        return true
    }

    /// The refusal an extension of `amount` must meet under the flow's `limits.extension`, worked out apart from the engine.
    static func extensionRefusal(_ m: Machine, _ clock: ClockRecord, amount: Int) -> EngineError? {
        guard let a = m.limits.extensionAllowance else { return nil }
        if a.max.amount == 0 { return .extensionNotAllowed }
        let taken = clock.entries.compactMap { if case .extended(_, let by, _) = $0 { by } else { nil } }
        if let times = a.times, taken.count >= times { return .extensionsUsedUp(times: times) }
        let max = a.max.clockUnits
        let used = taken.reduce(0, +)
        return used + amount > max.amount ? .extensionExceeded(asked: TimeLimit(amount, max.unit), used: used, max: max) : nil
    }

    func check(_ d: CaseDriver, _ file: String, _ seed: UInt64) {
        let s = d.state
        let where_ = "\(file) seed \(seed) v\(s.version)"
        XCTAssertTrue(s.isFinished || !s.tokens.isEmpty || !s.pendingTimers.isEmpty, "stuck: \(where_)")
        if s.isFinished {
            XCTAssertTrue(s.tokens.isEmpty && s.pendingTimers.isEmpty && s.joins.isEmpty, "leftovers after finish: \(where_)")
        }
        for (b, count) in s.joins {
            XCTAssertLessThan(count, d.machine.blocks[b].required, "an open join has not fired: \(where_)")
            XCTAssertLessThanOrEqual(count, d.machine.blocks[b].branches.count, where_)
        }
        for t in s.tokens {
            if let b = t.block { XCTAssertNotNil(s.joins[b], "a branch token outside an open block: \(where_)") }
        }
        XCTAssertEqual(Set(s.tokens.map(\.node)).count, s.tokens.count, "one token per node: \(where_)")
        for timer in s.pendingTimers where timer.token != nil {
            XCTAssertTrue(s.tokens.contains { $0.id == timer.token }, "a timer of a cancelled step: \(where_)")
        }
        XCTAssertEqual(CaseState.replay(d.events), s, "replay: \(where_)")
    }
}
