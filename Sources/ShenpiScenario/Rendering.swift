import ShenpiCalendar
import ShenpiEngine

/// How instants, lists and timers read in failure messages.
enum Rendering {
    /// `2025-10-18T00:00`, with seconds only when there are any.
    static func instant(_ t: Instant?) -> String {
        guard let t else { return "none" }
        return t.secondOfDay % 60 == 0 ? t.shortDescription : t.description
    }

    /// A due instant at a day's end reads as that day (`2025-10-16`), as notifications print it.
    static func due(_ t: Instant?) -> String {
        guard let t else { return "none" }
        return t.secondOfDay == 0 ? t.adding(seconds: -1).date.description : instant(t)
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    static func notification(_ n: ShenpiEngine.Notification) -> String { "\(n.to.name): \(n.text)" }

    static func matcher(_ m: NotificationMatcher) -> String {
        var parts: [String] = []
        if let to = m.to { parts.append("to \(to)") }
        if let c = m.contains { parts.append("containing \"\(c)\"") }
        return parts.isEmpty ? "a notification" : "a notification " + parts.joined(separator: " ")
    }

    static func timer(kind: String, step: String?, at: Instant?) -> String {
        var s = kind
        if let step { s += " step=\(step)" }
        if let at { s += " at \(instant(at))" }
        return s
    }
}
