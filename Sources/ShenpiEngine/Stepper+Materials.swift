import ShenpiMachine

/// Which materials a step needs: `checks ∩ required − submitted`, where
/// required is every `always` material whose condition (if any) holds on the
/// fields, plus `deferrable` ones (容缺后补) once the case is accepted.
extension Stepper {
    mutating func required() -> MaterialSet {
        let accepted = state.acceptedAt != nil
        return MaterialSet(machine.materials.indices.filter { i in
            let m = machine.materials[i]
            switch m.requirement {
            case "always": break
            case "deferrable": if !accepted { return false }
            default: return false
            }
            return m.condition.map { holds($0) } ?? true
        })
    }

    /// The deferrable materials (容缺后补) the case needs — their condition, if
    /// any, holds on its fields — and has not had yet, in the flow's order:
    /// what the applicant still owes, whether or not the case is accepted.
    mutating func deferredMaterials() -> [Int] {
        machine.materials.indices.filter { i in
            let m = machine.materials[i]
            guard m.requirement == "deferrable", !state.submitted.contains(i) else { return false }
            return m.condition.map { holds($0) } ?? true
        }
    }

    /// Missing materials at a task, in the flow's order.
    /// `checks ∩ required − submitted` is `(checks − submitted) ∩ required`:
    /// when every checked material is in, no condition needs evaluating.
    ///
    /// Rules 7: a material a step produces (`produces:`, an inspection
    /// record) is never missing: the officers make it on the way, and lint
    /// (`material-not-yet-received`) sees that a step checking it comes after
    /// its producer. Under older rules only a supplement could bring it.
    mutating func missingMaterials(at task: MachineTables.Task) -> [Int] {
        // Through the task's reference: passing its spec copied it.
        if task.checks.isSubset(of: state.submitted) { return [] }
        var wanted = task.checks.subtracting(state.submitted)
        if state.ruleset >= 7 {
            wanted = wanted.subtracting(machine.produced)
            if wanted.isEmpty { return [] }
        }
        return Array(wanted.intersection(required()))
    }
}
