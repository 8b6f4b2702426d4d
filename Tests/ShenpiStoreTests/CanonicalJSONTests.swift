import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiRules
@testable import ShenpiStore
import ShenpiTestSupport
import XCTest

/// The store's direct JSON writer gives exactly `JSONEncoder`'s canonical
/// bytes (the hash chain and the snapshots depend on them).
final class CanonicalJSONTests: XCTestCase {
    func assertSame(_ event: CaseEvent, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try EventChain.canonical(event)
        XCTAssertEqual(String(decoding: try EventChain.canonicalEvent(event), as: UTF8.self),
                       String(decoding: expected, as: UTF8.self), file: file, line: line)
    }

    /// Also reads the bytes back: `CanonicalReader` gives the same state
    /// (it must take the fast path unless `fast` is false), and so does
    /// `decodeState`, fast path or not.
    func assertSame(_ state: CaseState, fast: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try EventChain.canonical(state)
        XCTAssertEqual(String(decoding: try EventChain.canonicalState(state), as: UTF8.self),
                       String(decoding: expected, as: UTF8.self), file: file, line: line)
        let read = CanonicalReader.state(expected)
        if fast { XCTAssertNotNil(read, "the fast reader gave up", file: file, line: line) }
        if let read { XCTAssertEqual(read, state, file: file, line: line) }
        XCTAssertEqual(try EventChain.decodeState(expected), state, file: file, line: line)
    }

    /// Random commands through every flow: every state and event on the way.
    func testEveryEventAndStateOfRandomCasesMatchesJSONEncoder() throws {
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: TestSupport.path("workflows"))) ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("registry.yaml") }.sorted().map { "workflows/" + $0 }
        XCTAssertGreaterThanOrEqual(files.count, 8)
        var checked = 0
        for file in files {
            let machine = try StoreFixtures.machine(file)
            let calendar = try StoreFixtures.calendars.calendar(machine.calendar)
            for seed in 0..<24 {
                var rng = SystemRandomNumberGenerator.Seeded(seed: UInt64(seed) &* 31 &+ 7)
                var state = CaseState(id: "J-\(seed)")
                var now = Instant(iso: "2025-03-03T09:00")!
                var commands = [Command.submit(fields: fields(machine, &rng), materials: machine.materials.map(\.id).filter { _ in rng.next() % 5 != 0 },
                                               channel: seed % 3 == 0 ? .online : .window)]
                for _ in 0..<80 {
                    for command in commands {
                        if case .success(let t) = step(machine, state, command, at: now, calendar: calendar) {
                            for e in t.events { try assertSame(e) }
                            state = t.state
                            try assertSame(state, fast: !state.fields.values.contains { if case .number = $0 { true } else { false } })
                            checked += 1
                        }
                    }
                    now = now.adding(seconds: Int(rng.next() % 20_000))
                    commands = candidates(machine, state, &rng)
                }
            }
        }
        XCTAssertGreaterThan(checked, 400)
    }

    /// Escapes, slashes, lists, dates, large join indexes and the double fallback.
    func testAwkwardValuesMatchJSONEncoder() throws {
        var s = CaseState(id: "a/b \"q\" \\ \u{1}\u{1f}\u{7f}\n\r\t\u{8}\u{c} 中文 😀")
        try assertSame(s)
        s.fields = ["b": .list([.string("x"), .integer(-3), .date(CivilDate(year: 33, month: 2, day: 9)!)]), "B": .boolean(true),
                    "_": .integer(10), "10": .string(""), "9": .string("é")]
        s.joins = [10: 3, 9: 1, 2: 0]
        s.awaitingSupplement = ["x/y"]
        s.rating = Rating(level: 2, comment: nil)
        s.status = .finished(outcome: "done")
        s.onTime = false
        s.flowPause = "专家评审"
        try assertSame(s)
        s.followUp = FollowUp(result: .unfounded, comment: "经核实\"不属实\"")
        try assertSame(s)
        s.callback = .unreachable
        try assertSame(s)
        s.rules = 2
        s.pauseHolds = [PauseHold(reason: "专家评审", branch: nil), PauseHold(reason: "检测", branch: BranchRef(block: 3, branch: 1))]
        s.specialProcedures = [SpecialProcedureHold(reason: "现场核查", step: "quality-code"), SpecialProcedureHold(reason: "听证\"", step: "a/b")]
        try assertSame(s)
        s.updatedAt = Instant(secondsSinceEpoch: 1_700_000_123)
        try assertSame(s)
        // Rules 9: a case clock that rolls forward (the key only when true).
        let rolled = ClockRecord(limit: TimeLimit(30, .days), warnBefore: .units(2), start: Instant(secondsSinceEpoch: 1_700_000_000),
                                 due: Instant(secondsSinceEpoch: 1_702_000_000), warnAt: nil, rollsForward: true)
        s.caseClock = rolled
        try assertSame(s)
        let canonical = String(decoding: try EventChain.canonicalState(s), as: UTF8.self)
        XCTAssertTrue(canonical.contains(#""rollsForward":true"#))
        XCTAssertNil(CanonicalReader.state(Data(canonical.replacingOccurrences(of: #""rollsForward":true"#, with: #""rollsForward":false"#).utf8)),
                     "never written: not the canonical form")
        s.caseClock = ClockRecord(limit: TimeLimit(30, .days), warnBefore: nil, start: Instant(secondsSinceEpoch: 0), due: nil, warnAt: nil,
                                  rollsForward: false)
        XCTAssertNil(s.caseClock?.rollsForward, "false is kept as absent")
        XCTAssertFalse(String(decoding: try EventChain.canonicalState(s), as: UTF8.self).contains("rollsForward"))
        try assertSame(CaseEvent(version: 2, at: Instant(secondsSinceEpoch: 1_700_000_000), actor: "w1", automatic: false,
                                 fact: .clockStarted(.caseClock, rolled)))
        s.fields["n"] = .number(1.5)
        try assertSame(s, fast: false)
        let facts: [Fact] = [
            .rated(Rating(level: 5, comment: "好")), .followedUp(FollowUp(result: .rectified, comment: "已整改/反馈")),
            .calledBack(Callback(result: .unreachable, comment: nil)), .calledBack(Callback(result: .dissatisfied, comment: "慢")), .withdrawn(reason: nil), .withdrawn(reason: "r"), .extended(by: 10, approver: "h"),
            .extended(by: 3, approver: "h", reason: "需调档核实"), .specialProcedureStarted(reason: "听证"),
            .specialProcedureStarted(reason: "检测", expected: TimeLimit(15, .workdays)),
            .specialProcedureStarted(reason: "听证", expected: TimeLimit(5, .days), step: "market-approve"), .pauseExpected(expected: TimeLimit(20, .workdays)),
            .pauseExpected(expected: TimeLimit(4, .hours)),
            .clockChanged(.step(token: 12), .extended(at: Instant(secondsSinceEpoch: -100), by: 2, approver: "x"), due: nil, warnAt: nil),
            .clockChanged(.caseClock, .paused(at: Instant(secondsSinceEpoch: 0), reason: "检测"), due: Instant(secondsSinceEpoch: 5), warnAt: Instant(secondsSinceEpoch: 4)),
            .notified(Notification(to: .role("r/1"), text: "t\"")), .specialProcedureEnded(), .specialProcedureEnded(step: "s\"1"), .flowResumed(), .flowPaused(reason: "p"),
            .flowResumed(branch: BranchRef(block: 1, branch: 0)), .flowPaused(reason: "鉴定", branch: BranchRef(block: 0, branch: 2)),
            .supplementRequested(node: "accept", missing: ["a", "b"], returned: [3]), .supplementRequested(node: "accept", missing: []),
            .finished(outcome: "o", onTime: nil), .supplemented(materials: [], stillAwaited: []), .timerFired(id: "wait-3", kind: .waitEnds),
            .submitted(caseID: "c", machine: "m", fields: ["n": .number(2)], materials: [1, 70], channel: .online),
            .submitted(caseID: "c", machine: "m", fields: [:], materials: [], channel: .window, rules: 2),
        ]
        for fact in facts { try assertSame(CaseEvent(version: 3, at: Instant(secondsSinceEpoch: 1_700_000_000), actor: "a", automatic: true, fact: fact)) }
    }

    /// Bytes the writer would not produce leave the fast path: `JSONDecoder`
    /// reads them as before (or refuses them), the reader never guesses.
    func testTheReaderGivesUpOnAnythingButTheCanonicalForm() throws {
        var s = CaseState(id: "C-1")
        s.fields = ["name": .string("张三")]
        s.rating = Rating(level: 4, comment: "ok")
        s.updatedAt = Instant(iso: "2025-09-26T09:30")
        let canonical = String(decoding: try EventChain.canonical(s), as: UTF8.self)
        XCTAssertNotNil(CanonicalReader.state(Data(canonical.utf8)))
        let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(canonical.utf8)), options: [.prettyPrinted])
        let variants = [
            canonical.replacingOccurrences(of: #","version":0"#, with: #","version":0,"zzz":1"#),  // a key it does not know
            canonical.replacingOccurrences(of: #""version":0"#, with: #""version":0.0"#),  // a double
            String(decoding: pretty, as: UTF8.self),  // whitespace
            canonical.replacingOccurrences(of: #"{"awaitingSupplement""#, with: #"{"zz":1,"awaitingSupplement""#),
        ]
        for text in variants {
            XCTAssertNil(CanonicalReader.state(Data(text.utf8)), text)
        }
        // Out of the writer's key order, JSONDecoder still reads it.
        XCTAssertEqual(try EventChain.decodeState(pretty), s)
        for cut in [1, 10, canonical.utf8.count / 2, canonical.utf8.count - 1] {
            let truncated = Data(canonical.utf8.prefix(cut))
            XCTAssertNil(CanonicalReader.state(truncated))
            XCTAssertThrowsError(try EventChain.decodeState(truncated))
        }
        XCTAssertNil(CanonicalReader.state(Data((canonical + " ").utf8)))
        // Where JSONDecoder would answer otherwise or refuse: a repeated field
        // (it keeps the first), a join block written two ways, a leading zero,
        // bytes that are not UTF-8.
        let repeated = canonical.replacingOccurrences(of: #""fields":{"name":{"string":{"_0":"张三"}}}"#,
                                                      with: #""fields":{"name":{"string":{"_0":"张三"}},"name":{"string":{"_0":"李四"}}}"#)
        XCTAssertNotEqual(repeated, canonical)
        XCTAssertNil(CanonicalReader.state(Data(repeated.utf8)))
        for joins in [#""joins":{"1":1,"01":2}"#, #""joins":{"01":2}"#] {
            XCTAssertNil(CanonicalReader.state(Data(canonical.replacingOccurrences(of: #""joins":{}"#, with: joins).utf8)), joins)
        }
        XCTAssertNotNil(CanonicalReader.state(Data(canonical.replacingOccurrences(of: #""joins":{}"#, with: #""joins":{"1":1,"10":0}"#).utf8)))
        XCTAssertNil(CanonicalReader.state(Data(canonical.replacingOccurrences(of: #""version":0"#, with: #""version":00"#).utf8)))
        var bad = Array(canonical.utf8)
        bad[bad.firstIndex(of: UInt8(ascii: "C"))!] = 0xFF  // in the id "C-1"
        XCTAssertNil(CanonicalReader.state(Data(bad)))
        XCTAssertThrowsError(try EventChain.decodeState(Data(bad)))
        XCTAssertNil(CanonicalReader.state(Data(canonical.replacingOccurrences(of: "+08:00", with: "Z").utf8)))
    }

}

/// Random applicant fields and commands that may fit a state, for tests
/// that drive every flow (refused commands are expected and skipped).
extension XCTestCase {
    func fields(_ m: Machine, _ rng: inout SystemRandomNumberGenerator.Seeded) -> [String: FieldValue] {
        var out: [String: FieldValue] = [:]
        // Optional fields draw from their own generator, so adding one to a
        // flow leaves the walks of the tests that use `rng` as they were.
        var optional = SystemRandomNumberGenerator.Seeded(seed: 7)
        for f in m.fields {
            if !f.required {
                if optional.next() % 3 != 0 { out[f.id] = f.type == "integer" ? .integer(Int(optional.next() % 4)) : nil }
                continue
            }
            switch f.type {
            case "enum": out[f.id] = .string(f.values?.first ?? "")
            case "boolean": out[f.id] = .boolean(rng.next() % 2 == 0)
            case "integer": out[f.id] = .integer(Int(rng.next() % 500))
            case "number": out[f.id] = .number(Double(rng.next() % 500) / 4)
            case "date": out[f.id] = .date(CivilDate(year: 2025, month: 6, day: 1)!)
            case "phone": out[f.id] = .string("13800138000")
            case "resident-id": out[f.id] = .string("110101199003071233")
            default: out[f.id] = .string("测试/\"")
            }
        }
        return out
    }

    /// Every role of the flow's steps, and the one that approves its extensions.
    func allRoles(_ m: Machine) -> Set<String> {
        Set(m.nodes.compactMap { node -> String? in if case .task(let t) = node.kind { t.role } else { nil } })
            .union([m.limits.extensionAllowance?.by].compactMap { $0 })
    }

    /// A few commands that may fit the state (refused ones are skipped).
    func candidates(_ m: Machine, _ s: CaseState, _ rng: inout SystemRandomNumberGenerator.Seeded) -> [Command] {
        var out: [Command] = []
        if s.status == .preSubmitted { out.append(.receive(actor: Actor(id: "w", roles: allRoles(m)))) }
        if let token = s.tokens.randomElement(using: &rng) {
            let node = m.nodes[token.node]
            switch node.kind {
            case .task(let task):
                let t = task.transitions[Int(rng.next() % UInt64(task.transitions.count))]
                out.append(.decide(node: node.id, decision: t.name, actor: Actor(id: "o\(rng.next() % 3)", roles: [task.role]), comment: rng.next() % 2 == 0 ? nil : "意见/ok"))
            case .call(_, let outcomes):
                if let o = outcomes.keys.sorted().first { out.append(.decide(node: node.id, decision: o, actor: Actor(id: "c", roles: []), comment: nil)) }
            default: break
            }
        }
        switch rng.next() % 10 {
        case 0: if let t = s.pendingTimers.min(by: { $0.at < $1.at }) { out.append(.timerFired(id: t.id)) }
        case 1: out.append(.supplement(materials: m.materials.map(\.id)))
        case 2: out.append(.startSpecialProcedure(reason: "检测", actor: Actor(id: "s", roles: allRoles(m))))
        case 3: out.append(.endSpecialProcedure(actor: Actor(id: "s", roles: allRoles(m))))
        case 4: out.append(.extend(workdays: 2, approver: Actor(id: "head", roles: allRoles(m))))
        case 5: out.append(.withdraw(reason: rng.next() % 2 == 0 ? nil : "不办了"))
        default: break
        }
        if s.isFinished {
            out.append(.rate(level: Int(rng.next() % 5) + 1, comment: "好"))
            out.append(.followUp(result: .rectified, comment: "已整改", actor: Actor(id: "s", roles: [])))
            out.append(.callBack(result: rng.next() % 2 == 0 ? .unreachable : .satisfied, comment: nil, actor: Actor(id: "s", roles: [])))
        }
        return out
    }
}

extension SystemRandomNumberGenerator {
    /// SplitMix64: reproducible.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
