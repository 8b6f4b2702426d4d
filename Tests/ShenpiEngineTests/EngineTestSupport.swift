import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// Machines, calendars and a small case driver shared by the engine tests.
enum EngineFixtures {
    static let calendars: CalendarRegistry = {
        (try? CalendarRegistry.loading(directory: TestSupport.path("workflows/calendars"), over: .standard)) ?? .standard
    }()

    nonisolated(unsafe) private static var cache: [String: Machine] = [:]
    private static let lock = NSLock()

    static func machine(_ file: String) throws -> Machine {
        lock.lock()
        defer { lock.unlock() }
        if let m = cache[file] { return m }
        let result = try TestSupport.lint([file])
        let checked = try XCTUnwrap(result.flows.first)
        let m = try XCTUnwrap(MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow))?.machine, file)
        cache[file] = m
        return m
    }

    static func calendar(for m: Machine) throws -> WorkingCalendar { try calendars.calendar(m.calendar) }

    static var flowFiles: [String] {
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: TestSupport.path("workflows"))) ?? []
        return files.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("registry.yaml") }.sorted().map { "workflows/" + $0 }
    }
}

/// Beijing time `2025-09-26T09:30`.
func at(_ text: String) -> Instant { Instant(iso: text)! }

/// Drives one case, keeping every event so replay can be checked.
struct CaseDriver {
    let machine: Machine
    let calendar: WorkingCalendar
    var state: CaseState
    var events: [CaseEvent] = []
    var effects: [Effect] = []

    init(_ file: String, id: String = "C-1") throws {
        try self.init(machine: try EngineFixtures.machine(file), id: id)
    }

    init(machine: Machine, id: String = "C-1") throws {
        self.machine = machine
        calendar = try EngineFixtures.calendar(for: machine)
        state = CaseState(id: id)
    }

    /// The pure `step`, checked against `step(into:)`: the same state,
    /// events and effects, or the same refusal with the state unchanged.
    func attempt(_ command: Command, at now: Instant, file: StaticString = #filePath, line: UInt = #line)
        -> Result<CaseTransition, EngineError> {
        let pure = step(machine, state, command, at: now, calendar: calendar)
        var inPlace = state
        do {
            let record = try step(machine, into: &inPlace, command, at: now, calendar: calendar)
            guard case .success(let t) = pure else { XCTFail("only the in-place step accepted \(command)", file: file, line: line); return pure }
            XCTAssertEqual(inPlace, t.state, "in-place state", file: file, line: line)
            XCTAssertEqual(record.events, t.events, "in-place events", file: file, line: line)
            XCTAssertEqual(record.effects, t.effects, "in-place effects", file: file, line: line)
            // The stepper folds its own records: the events it reports must fold to the same state.
            XCTAssertEqual(t.events.reduce(into: state) { $0.apply($1) }, t.state, "the events fold to the state", file: file, line: line)
        } catch {
            XCTAssertEqual(pure, .failure(error), "in-place refusal", file: file, line: line)
            XCTAssertEqual(inPlace, state, "a refused in-place step changes nothing", file: file, line: line)
        }
        return pure
    }

    @discardableResult
    mutating func run(_ command: Command, at now: Instant, file: StaticString = #filePath, line: UInt = #line) -> [Effect] {
        switch attempt(command, at: now, file: file, line: line) {
        case .success(let t):
            state = t.state
            events += t.events
            effects = t.effects
            return t.effects
        case .failure(let e):
            XCTFail("\(command) refused: \(e)", file: file, line: line)
            return []
        }
    }

    func error(_ command: Command, at now: Instant) -> EngineError? {
        if case .failure(let e) = attempt(command, at: now) { return e }
        return nil
    }

    func node(_ id: String) -> Int { machine.node(named: id)! }
    var active: Set<String> { Set(state.tokens.map { machine.nodes[$0.node].id }) }
    func timer(_ kind: TimerKind) -> [PendingTimer] { state.pendingTimers.filter { $0.kind == kind } }
    func stepTimer(_ node: String, _ kind: TimerKind) -> PendingTimer? {
        guard let token = state.token(at: self.node(node)) else { return nil }
        return state.pendingTimers.first { $0.token == token.id && $0.kind == kind }
    }

    /// Every material of the flow (enough for any step).
    var allMaterials: [String] { machine.materials.map(\.id) }

    static func officer(_ id: String, _ roles: String...) -> Actor { Actor(id: id, roles: Set(roles)) }
}
