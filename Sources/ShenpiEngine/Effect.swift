/// What the host must do after a step: run timers, send notifications,
/// publish the end of a case. The engine never does I/O itself.
public enum Effect: Sendable, Hashable, Codable {
    case scheduleTimer(PendingTimer)
    case cancelTimer(id: String)
    case notify(Notification)
    case finished(outcome: String)

    /// The effects of a command, read off its events: each timer scheduled
    /// or cancelled and each notification is one, in order, and the end of
    /// the case comes last (after the outcome's notifications). Built on
    /// demand instead of beside the events, which a host may never ask for.
    public static func of(_ events: [CaseEvent]) -> [Effect] {
        var out: [Effect] = []
        var end: String?
        for event in events {
            switch event.fact {
            case .timerScheduled(let timer): out.append(.scheduleTimer(timer))
            case .timerCancelled(let id): out.append(.cancelTimer(id: id))
            case .notified(let n): out.append(.notify(n))
            case .finished(let outcome, _): end = outcome
            default: break
            }
        }
        if let end { out.append(.finished(outcome: end)) }
        return out
    }
}

/// A rendered message for the applicant or for everyone holding a role.
public struct Notification: Sendable, Hashable, Codable {
    public enum Recipient: Sendable, Hashable, Codable {
        case applicant
        case role(String)
    }

    public var to: Recipient
    public var text: String

    public init(to: Recipient, text: String) {
        self.to = to
        self.text = text
    }
}
