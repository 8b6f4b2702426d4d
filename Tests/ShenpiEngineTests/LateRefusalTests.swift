import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import XCTest

/// The refusals that show only after a command's first event (the
/// calendar's, route loops) leave the state untouched in place too:
/// `step(into:)` runs such commands on a copy (`CaseDriver.attempt` checks
/// every refusal against the pure step and the state before it).
final class LateRefusalTests: XCTestCase {
    func testARouteLoopIsRefusedWhole() throws {
        var machine = try EngineFixtures.machine("workflows/transport/senior-bus-card.yaml")
        XCTAssertFalse(machine.tables.lateRefusals.routesMayLoop)
        let route = try XCTUnwrap(machine.node(named: "age-check"))
        machine.nodes[route].kind = .route([RouteArm(condition: nil, target: .node(route))])
        XCTAssertTrue(machine.tables.lateRefusals.routesMayLoop)
        let calendar = try EngineFixtures.calendar(for: machine)
        let submit = Command.submit(fields: ["applicant-name": .string("李四"), "id-number": .string("110101195003071235"),
                                             "phone": .string("13700000000"), "hukou": .string("local"), "by-agent": .boolean(false)],
                                    materials: ["id-card"], channel: .window)
        let before = CaseState(id: "C-1")
        var state = before
        XCTAssertThrowsError(try step(machine, into: &state, submit, at: at("2025-09-22T09:00"), calendar: calendar)) {
            XCTAssertEqual($0 as? EngineError, .routeLoop("age-check"))
        }
        XCTAssertEqual(state, before)
    }

    /// A join that a route's `done` fires can lead back to that route
    /// (`fixtures/engine/join-loop.yaml`; lint's route-loop reports it, but the
    /// engine must not trust that): the moves without a
    /// decision are counted through the join, so the loop is refused —
    /// it used to recurse until the stack ran out and crash the process.
    func testARouteLoopThroughAJoinIsRefusedWhole() throws {
        let machine = try EngineFixtures.machine("fixtures/engine/join-loop.yaml")
        XCTAssertTrue(machine.tables.lateRefusals.routesMayLoop, "the join's next is one of the moves")
        let calendar = try EngineFixtures.calendar(for: machine)
        var state = CaseState(id: "R-1")
        _ = try step(machine, into: &state, .submit(fields: ["skip": .boolean(false)], materials: [], channel: .window),
                     at: at("2025-09-22T09:30"), calendar: calendar)
        let accept = Command.decide(node: "accept", decision: "accept", actor: Actor(id: "w1", roles: ["window"]), comment: nil)
        let before = state
        guard case .failure(.routeLoop(let node)) = step(machine, state, accept, at: at("2025-09-22T10:00"), calendar: calendar) else {
            return XCTFail("the pure step refuses the loop")
        }
        XCTAssertEqual(node, "inner", "where the count of moves ran out")
        XCTAssertThrowsError(try step(machine, into: &state, accept, at: at("2025-09-22T10:00"), calendar: calendar)) {
            XCTAssertEqual($0 as? EngineError, .routeLoop("inner"))
        }
        XCTAssertEqual(state, before)

        // With skip, the same machine goes to its step.
        var other = CaseState(id: "R-2")
        _ = try step(machine, into: &other, .submit(fields: ["skip": .boolean(true)], materials: [], channel: .window),
                     at: at("2025-09-22T09:30"), calendar: calendar)
        _ = try step(machine, into: &other, accept, at: at("2025-09-22T10:00"), calendar: calendar)
        XCTAssertEqual(other.tokens.map { machine.nodes[$0.node].id }, ["handle"])
    }

    /// A limit of 0 hours on a calendar without office hours is refused by
    /// the calendar (a decoded machine can hold one; YAML cannot write it):
    /// predicted, so the submission is refused whole in place too.
    func testAZeroHourLimitOnACalendarWithoutOfficeHoursIsRefusedWhole() throws {
        var machine = try EngineFixtures.machine("fixtures/lint/ok/minimal.yaml")
        let handle = try XCTUnwrap(machine.node(named: "handle"))
        guard case .task(var task) = machine.nodes[handle].kind else { return XCTFail("handle is a task") }
        task.limit = Limit(amount: 0, unit: .minutes)
        machine.nodes[handle].kind = .task(task)
        let calendar = try EngineFixtures.calendar(for: machine)
        XCTAssertNil(calendar.officeHours)
        let submit = Command.submit(fields: [:], materials: ["application"], channel: .window)
        let before = CaseState(id: "Z-1")
        var state = before
        XCTAssertThrowsError(try step(machine, into: &state, submit, at: at("2025-09-22T09:00"), calendar: calendar)) {
            guard case .clock? = $0 as? EngineError else { return XCTFail("refused by the calendar: \($0)") }
        }
        XCTAssertEqual(state, before)
    }

    /// Random cases started in the calendar's last weeks (its data ends
    /// 2026-12-31): clocks started, resumed and completed there run past
    /// it, part-way through commands.
    func testRandomCasesAtTheCalendarsEndAreRefusedWhole() throws {
        var refusedByCalendar = 0
        for file in EngineFixtures.flowFiles {
            for seed in UInt64(0)..<12 {
                var rng = PropertyTests.SplitMix(state: seed &* 104_729 &+ 3)
                var d = try CaseDriver(file, id: "L-\(seed)")
                let m = d.machine
                var now = at("2026-12-14T09:00").adding(seconds: Int.random(in: 0...12, using: &rng) * 86_400)
                let roles = Set(m.nodes.compactMap { node -> String? in if case .task(let t) = node.kind { t.role } else { nil } })
                let officer = Actor(id: "o", roles: roles)
                var command = Command.submit(fields: PropertyTests.fields(for: m, &rng), materials: m.materials.map(\.id), channel: .window)
                for _ in 0..<40 {
                    guard case .success = d.attempt(command, at: now) else {
                        if case .failure(.clock) = d.attempt(command, at: now) { refusedByCalendar += 1 }
                        break
                    }
                    d.run(command, at: now)
                    if d.state.isFinished { break }
                    now = now.adding(seconds: Int.random(in: 0...3, using: &rng) * 86_400)
                    let due = d.state.pendingTimers.min { ($0.at, $0.id) < ($1.at, $1.id) }
                    let roll = Int.random(in: 0..<10, using: &rng)
                    if roll == 0, let timer = due {
                        now = max(now, timer.at)
                        command = .timerFired(id: timer.id)
                    } else if roll == 1, d.state.caseClock?.isRunning == true {
                        command = .startSpecialProcedure(reason: "检测", actor: officer)
                    } else if roll < 4, d.state.specialProcedure != nil {
                        command = .endSpecialProcedure(actor: officer)
                    } else if let token = d.state.tokens.randomElement(using: &rng), case .task(let task) = m.nodes[token.node].kind,
                              let name = task.transitions.randomElement(using: &rng)?.name {
                        command = .decide(node: m.nodes[token.node].id, decision: name, actor: officer, comment: nil)
                    } else if let timer = due {
                        now = max(now, timer.at)
                        command = .timerFired(id: timer.id)
                    } else {
                        break
                    }
                }
            }
        }
        XCTAssertGreaterThan(refusedByCalendar, 10, "the calendar refuses part-way often enough to matter")
    }
}
