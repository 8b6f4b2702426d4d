import ShenpiCalendar
import Foundation
import ShenpiEngine
import ShenpiSyntax

/// Runs scenario files: decode, compile the flow, resolve officers and
/// field values, then play the steps on a virtual clock, stopping at the
/// first step whose command or expectation fails.
public struct ScenarioRunner: Sendable {
    public var flows: FlowLoader

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        flows = FlowLoader(workingDirectory: workingDirectory)
    }

    /// Reads and runs the scenario at `path` (shown as given; relative to
    /// the working directory unless absolute).
    public mutating func run(path: String) -> ScenarioResult {
        let full = path.hasPrefix("/") ? path : flows.workingDirectory + "/" + path
        let loaded = Loader().load(path: full, file: path)
        if loaded.root == nil, !loaded.diagnostics.isEmpty {
            return ScenarioResult(name: path, file: path, failures: loaded.diagnostics.map(\.canonicalLine))
        }
        let text = (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
        return run(text: text, file: path, directory: (full as NSString).deletingLastPathComponent)
    }

    /// Runs scenario text; `directory` is where its `flow:` path starts.
    public mutating func run(text: String, file: String, directory: String) -> ScenarioResult {
        let scenario: Scenario
        switch ScenarioDecoder.decode(text: text, file: file) {
        case .success(let s): scenario = s
        case .failure(let problems):
            // What the flow would also refuse (a misspelt role, a field value of the
            // wrong type) is said now too: the author fixes everything in one pass.
            var all = problems.diagnostics
            if let partial = ScenarioDecoder.partial(text: text, file: file),
               case .success(let flow) = flows.load(partial.flow.hasPrefix("/") ? partial.flow : directory + "/" + partial.flow),
               case .failure(let more) = resolve(partial, flow) {
                all += more.diagnostics.filter { !all.contains($0) }
            }
            return ScenarioResult(name: file, file: file, failures: Diagnostic.sorted(all).map(\.canonicalLine))
        }
        let flow: LoadedFlow
        switch flows.load(scenario.flow.hasPrefix("/") ? scenario.flow : directory + "/" + scenario.flow) {
        case .success(let f): flow = f
        case .failure(let why):
            let d = Diagnostic(file: file, range: scenario.flowRange, severity: .error, rule: ScenarioRule.flow,
                               message: "cannot run flow \"\(scenario.flow)\": \(why.message)")
            return ScenarioResult(name: scenario.name, file: file, failures: [d.canonicalLine])
        }
        let commands: [Command?]
        switch resolve(scenario, flow) {
        case .success(let c): commands = c
        case .failure(let problems):
            return ScenarioResult(name: scenario.name, file: file, failures: Diagnostic.sorted(problems.diagnostics).map(\.canonicalLine))
        }
        var run: CaseRun
        do {
            run = try CaseRun(flow: flow, caseNumber: scenario.caseNumber, start: scenario.start)
        } catch {
            return ScenarioResult(name: scenario.name, file: file, failures: ["\(file): cannot start the in-memory store: \(error)"])
        }
        for (step, command) in zip(scenario.steps, commands) {
            let failures = play(step, command, &run, file: file)
            if !failures.isEmpty { return ScenarioResult(name: scenario.name, file: file, failures: failures) }
        }
        return ScenarioResult(name: scenario.name, file: file, failures: [])
    }

    /// One step: its action, then its expectations. Failure messages, or none.
    func play(_ step: ScenarioStep, _ command: Command?, _ run: inout CaseRun, file: String) -> [String] {
        let at = "\(file):\(step.line)"
        switch step.action {
        case .command(let c):
            guard let command else { return [] }
            var subcase: String?
            if let target = step.subcase {
                guard let id = run.subcase(openedBy: target.path) else { return [noSubcase(target, run, file: file)] }
                subcase = id
            }
            let refused = run.run(command, on: subcase, path: step.subcase?.path ?? [])
            if let expected = step.expectedError {
                if let why = errorMismatch(expected, refused) { return ["\(file):\(expected.line): expect-error: \(why)"] }
            } else if let refused {
                return ["\(at): \(c.keyword) was refused: \(refused.kind): \(refused)"]
            }
        case .advance(let a):
            switch run.target(of: a) {
            case .success(let t): if let failure = clockMove(to: t, "advance", step, &run, file: file) { return [failure] }
            case .failure(let why): return ["\(at): advance: \(why.message)"]
            }
        case .advanceTo(let t):
            guard t >= run.now else {
                return ["\(at): advance-to \(Rendering.instant(t)) goes back in time; the clock is at \(Rendering.instant(run.now))"]
            }
            if let failure = clockMove(to: t, "advance-to", step, &run, file: file) { return [failure] }
        case nil:
            break
        }
        guard let expectation = step.expectation else { return [] }
        var subcase: String?
        if let target = expectation.subcase {
            guard let id = run.subcase(openedBy: target.path) else { return [noSubcase(target, run, file: file)] }
            subcase = id
        }
        let checker = Checker(watched: run.watched(subcase), now: run.now)
        let failures = expectation.checks.compactMap { check in
            checker.mismatch(check.kind).map { "\(file):\(check.line): \(check.key): \($0)" }
        }
        run.startNewWindow(for: subcase)
        return failures
    }

    /// A clock move, and the timer refusal its `expect-error:` expects.
    func clockMove(to t: Instant, _ keyword: String, _ step: ScenarioStep, _ run: inout CaseRun, file: String) -> String? {
        let result = run.advanceFiring(to: t)
        if let expected = step.expectedError {
            switch result {
            case .success:
                return "\(file):\(expected.line): expect-error: expected a timer to be refused with \(expected.kind), but none was "
                    + "(every timer due by \(Rendering.instant(t)) fired, if any)"
            case .failure(let f):
                guard let refusal = f.refusal else { return "\(file):\(step.line): \(keyword): \(f.message)" }
                if let why = errorMismatch(expected, refusal) { return "\(file):\(expected.line): expect-error: \(why)" }
                return nil
            }
        }
        if case .failure(let f) = result { return "\(file):\(step.line): \(keyword): \(f.message)" }
        return nil
    }

    /// `case:` names a call step that has not been entered yet.
    func noSubcase(_ target: CaseTarget, _ run: CaseRun, file: String) -> String {
        let path = target.path
        let depth = run.openedDepth(path)
        let of = depth == 0 ? "" : " of the sub-case \(path.prefix(depth).joined(separator: "/"))"
        return "\(file):\(target.range.start.line): case: step \(path[depth])\(of) has not opened a sub-case yet"
    }

    func errorMismatch(_ expected: ExpectedError, _ refused: Refusal?) -> String? {
        guard let refused else { return "expected the command to be refused with \(expected.kind), but it was accepted" }
        if refused.kind != expected.kind { return "expected \(expected.kind), actual \(refused.kind): \(refused)" }
        if let c = expected.contains, !refused.description.contains(c) {
            return "expected \(expected.kind) containing \"\(c)\", actual: \(refused)"
        }
        return nil
    }
}
