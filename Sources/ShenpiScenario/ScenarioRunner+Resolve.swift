import ShenpiCalendar
import ShenpiEngine
import ShenpiExpression
import ShenpiMachine
import ShenpiSyntax

/// Commands as the engine takes them: officers with their roles, field
/// values typed by the flow. Done for every step before the first runs, so
/// a bad value is reported as a malformed scenario, not halfway through.
extension ScenarioRunner {
    func resolve(_ scenario: Scenario, _ flow: LoadedFlow) -> Result<[Command?], ScenarioProblems> {
        var out: [Command?] = []
        var problems: [Diagnostic] = []
        // A misspelt role (`windows`) would only show as a refusal halfway through.
        if let roles = flow.registryRoles {
            for role in scenario.roleMentions where !roles.contains(role.value) {
                var message = "role \"\(role.value)\" is not in the catalog's registry"
                if let hint = suggestion(for: role.value, among: roles.sorted()) { message += "; \(hint)" }
                problems.append(Diagnostic(file: scenario.file, range: role.range, severity: .error, rule: ScenarioRule.unknownRole, message: message))
            }
        }
        func officer(_ name: String) -> ShenpiEngine.Actor { ShenpiEngine.Actor(id: name, roles: scenario.actors[name] ?? []) }
        for step in scenario.steps {
            for target in [step.subcase, step.expectation?.subcase].compactMap({ $0 }) {
                if let d = notACall(target, flow, file: scenario.file) { problems.append(d) }
            }
            guard case .command(let c) = step.action else {
                out.append(nil)
                continue
            }
            switch c {
            case .submit(let fields, let materials, let channel):
                switch FieldConversion.fields(fields, machine: flow.machine, file: scenario.file) {
                case .success(let values):
                    out.append(.submit(fields: values, materials: materials, channel: Channel(rawValue: channel) ?? .window))
                case .failure(let p):
                    problems += p.diagnostics
                    out.append(nil)
                }
            case .receive(let by): out.append(.receive(actor: officer(by)))
            case .decide(let step, let decision, let by, let comment, let defective, let expected):
                out.append(.decide(node: step, decision: decision, actor: officer(by), comment: comment, defective: defective,
                                   expected: expected.map { TimeLimit($0.amount, $0.unit.timeUnit) }))
            case .supplement(let materials): out.append(.supplement(materials: materials))
            case .startSpecialProcedure(let reason, let expected, let by, let at):
                out.append(.startSpecialProcedure(reason: reason, actor: officer(by), expected: TimeLimit(expected.amount, expected.unit.timeUnit),
                                                  step: at))
            case .endSpecialProcedure(let by, let at): out.append(.endSpecialProcedure(actor: officer(by), step: at))
            case .extend(let amount, let unit, let reason, let by, let range):
                do throws(ExtensionUnitMismatch) {
                    let machine = called(by: step.subcase, flow) ?? flow.machine
                    out.append(.extend(workdays: try machine.extensionAmount(amount, unit), approver: officer(by), reason: reason))
                } catch {
                    problems.append(Diagnostic(file: scenario.file, range: range, severity: .error, rule: ScenarioRule.extensionUnit,
                                               message: error.description))
                    out.append(nil)
                }
            case .withdraw(let reason): out.append(.withdraw(reason: reason))
            case .rate(let level, let comment): out.append(.rate(level: level, comment: comment))
            case .followUp(let result, let comment, let by): out.append(.followUp(result: result, comment: comment, actor: officer(by)))
            case .callBack(let result, let comment, let by): out.append(.callBack(result: result, comment: comment, actor: officer(by)))
            }
        }
        return problems.isEmpty ? .success(out) : .failure(ScenarioProblems(problems))
    }

    /// Each step of `case:` must be a call step of the flow of the case
    /// above it (the scenario's flow first): known before anything runs.
    /// That the step has opened a sub-case yet is known only when the step
    /// runs (a failure of the scenario, not a malformed file).
    func notACall(_ target: CaseTarget, _ flow: LoadedFlow, file: String) -> Diagnostic? {
        var machine = flow.machine
        for (depth, step) in target.path.enumerated() {
            if let n = machine.node(named: step), case .call(let id, _) = machine.nodes[n].kind {
                // The catalog lacks the callee only if it does not lint, which stops the scenario earlier (FlowLoader).
                guard let next = Self.highest(id, in: flow) else { return nil }
                machine = next
                continue
            }
            let calls = machine.nodes.filter { if case .call = $0.kind { true } else { false } }.map(\.id)
            let known = calls.isEmpty ? "the flow has no call steps" : "call steps: " + calls.joined(separator: ", ")
            let what = machine.node(named: step) == nil ? "not a step" : "not a call step"
            let via = depth == 0 ? "" : " (the sub-case of \(target.path.prefix(depth).joined(separator: "/")))"
            return Diagnostic(file: file, range: target.range, severity: .error, rule: ScenarioRule.notACall,
                              message: "\"\(step)\" is \(what) of flow \(machine.workflow)\(via); \"case:\" names a call step, whose sub-case the command or expectation is for (\(known))")
        }
        return nil
    }

    /// The machine a sub-case of `target` runs on (the called flow's highest
    /// version in the catalog, as the store picks it): its limit's unit is
    /// what `extend` with `case:` is given in.
    func called(by target: CaseTarget?, _ flow: LoadedFlow) -> Machine? {
        guard let target else { return nil }
        var machine = flow.machine
        for step in target.path {
            guard let n = machine.node(named: step), case .call(let id, _) = machine.nodes[n].kind,
                  let next = Self.highest(id, in: flow) else { return nil }
            machine = next
        }
        return machine
    }

    static func highest(_ workflow: String, in flow: LoadedFlow) -> Machine? {
        flow.catalog.filter { $0.workflow == workflow }.max { $0.version < $1.version }
    }
}
