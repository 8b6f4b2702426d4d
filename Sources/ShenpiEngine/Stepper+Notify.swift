import ShenpiCalendar
import ShenpiMachine

/// Notifications: recorded as events and handed to the host as effects.
extension Stepper {
    mutating func notify(_ notice: MachineTables.Notice, step: String, missing: [Int]) {
        let start = bytes.count
        let titles = missing.map { machine.materials[$0].title }
        let deferred = notice.text.listsDeferred ? deferredMaterials().map { machine.materials[$0].title } : []
        // The applicant knows the application's number; an officer, the case their queue lists.
        let number = notice.role == nil ? state.applicantNumber : state.id
        TemplateRenderer.render(notice.text, into: &bytes, machine: machine, caseID: number, fields: state.fields,
                                caseClock: place.pointee.caseDue, step: step, missing: titles,
                                comment: decisionComment.map(quote), pauseExpected: pauseExpected,
                                missingSeparator: TemplateRenderer.missingSeparator(titles, rules: state.ruleset),
                                deferred: deferred, deferredSeparator: TemplateRenderer.missingSeparator(deferred, rules: state.ruleset),
                                submitted: notice.text.quotesFees ? state.submitted : MaterialSet(),
                                day: notice.text.quotesFees ? state.feeDay(now: now) : nil, rules: state.ruleset)
        record(.notified(role: notice.role.map { text($0) }, text: start ..< bytes.count))
    }

    mutating func notifyApplicant(_ text: String) { send(to: nil, text) }

    mutating func notifyRole(_ role: String, _ text: String) { send(to: role, text) }

    /// A notice to everyone holding `role`, or to the applicant.
    mutating func send(to role: String?, _ notice: String) {
        let start = bytes.count
        TemplateRenderer.append(notice, to: &bytes)
        record(.notified(role: role.map { text($0) }, text: start ..< bytes.count))
    }

    /// Free text quoted in a notice: under rules 9 on one line
    /// (`TemplateRenderer.oneLine`); as typed under older rules, whose
    /// recorded notices replay so.
    func quote(_ text: String) -> String {
        state.ruleset >= 9 ? TemplateRenderer.oneLine(text) : text
    }

    var dueText: String {
        TemplateRenderer.due(accepted: place.pointee.caseDue.accepted, due: place.pointee.caseDue.due, rules: state.ruleset)
    }

    func dueDescription(_ due: Instant) -> String { TemplateRenderer.dueDate(due, rules: state.ruleset) }
}
