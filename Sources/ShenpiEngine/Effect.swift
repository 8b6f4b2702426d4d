/// What the host must do after a step: run timers, send notifications,
/// publish the end of a case. The engine never does I/O itself.
public enum Effect: Sendable, Hashable, Codable {
    case scheduleTimer(PendingTimer)
    case cancelTimer(id: String)
    case notify(Notification)
    case finished(outcome: String)
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
