import ShenpiCalendar
import ShenpiMachine

/// Notifications: recorded as events and handed to the host as effects.
extension Stepper {
    mutating func notify(_ spec: NotifySpec, step: String, missing: [Int]) {
        // The template by id, else the id itself as text, else the inline message.
        let text = spec.template.flatMap { machine.template(id: $0) }
            ?? machine.template(spec.template ?? spec.message ?? "")
        let rendered = TemplateRenderer.render(text, machine: machine, caseID: state.id, fields: state.fields,
                                               caseClock: (state.caseClock != nil, state.caseClock?.due), step: step,
                                               missing: missing.map { machine.materials[$0].title })
        send(to: spec.role, rendered)
    }

    mutating func notifyApplicant(_ text: String) { send(to: nil, text) }

    mutating func notifyRole(_ role: String, _ text: String) { send(to: role, text) }

    /// A notice to everyone holding `role`, or to the applicant.
    mutating func send(to role: String?, _ notice: String) {
        record(.notified(role: role.map { text($0) }, text: text(notice)))
    }

    var dueText: String { TemplateRenderer.due(accepted: state.caseClock != nil, due: state.caseClock?.due) }

    static func dueDescription(_ due: Instant) -> String { TemplateRenderer.dueDate(due) }
}
