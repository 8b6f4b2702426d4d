import ShenpiEngine
import ShenpiMachine
import ShenpiSyntax

/// Commands as the engine takes them: officers with their roles, field
/// values typed by the flow. Done for every step before the first runs, so
/// a bad value is reported as a malformed scenario, not halfway through.
extension ScenarioRunner {
    func resolve(_ scenario: Scenario, _ flow: LoadedFlow) -> Result<[Command?], ScenarioProblems> {
        var out: [Command?] = []
        var problems: [Diagnostic] = []
        func officer(_ name: String) -> ShenpiEngine.Actor { ShenpiEngine.Actor(id: name, roles: scenario.actors[name] ?? []) }
        for step in scenario.steps {
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
            case .decide(let step, let decision, let by, let comment):
                out.append(.decide(node: step, decision: decision, actor: officer(by), comment: comment))
            case .supplement(let materials): out.append(.supplement(materials: materials))
            case .startSpecialProcedure(let reason, let by): out.append(.startSpecialProcedure(reason: reason, actor: officer(by)))
            case .endSpecialProcedure(let by): out.append(.endSpecialProcedure(actor: officer(by)))
            case .extend(let amount, let unit, let by, let range):
                do throws(ExtensionUnitMismatch) {
                    out.append(.extend(workdays: try flow.machine.extensionAmount(amount, unit), approver: officer(by)))
                } catch {
                    problems.append(Diagnostic(file: scenario.file, range: range, severity: .error, rule: ScenarioRule.extensionUnit,
                                               message: error.description))
                    out.append(nil)
                }
            case .withdraw(let reason): out.append(.withdraw(reason: reason))
            case .rate(let level, let comment): out.append(.rate(level: level, comment: comment))
            }
        }
        return problems.isEmpty ? .success(out) : .failure(ScenarioProblems(problems))
    }
}
