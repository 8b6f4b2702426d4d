import ShenpiCalendar
import ShenpiMachine

extension CaseState {
    /// The materials (ids, in the flow's order) a task the case stands on
    /// still needs before it can be decided: what a window shows the
    /// applicant. Empty for a node that is not an active task.
    public func missingMaterials(atNode node: Int, machine: Machine, calendar: WorkingCalendar) -> [String] {
        guard token(at: node) != nil, node < machine.nodes.count, let task = machine.tables.tasks[node] else { return [] }
        let missing = Stepper.withStepper(machine, self, at: receivedAt ?? Instant(secondsSinceEpoch: 0), calendar: calendar) {
            $0.missingMaterials(at: task)
        }
        return missing.map { machine.materials[$0].id }
    }
}
