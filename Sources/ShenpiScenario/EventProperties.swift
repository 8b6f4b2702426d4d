import ShenpiEngine
import ShenpiMachine

/// An event as named properties (`fact`, `by`, `automatic`, `step` …), the
/// vocabulary `events:` expectations match against and failures print.
public struct EventProperties: Sendable, Hashable, CustomStringConvertible {
    /// The properties in printing order; `fact` first.
    public static let keys = ["fact", "by", "automatic", "step", "decision", "comment", "deemed", "clock-start", "missing", "defective", "reason",
                              "expected", "amount", "approver", "timer", "kind", "cancelled", "outcome", "on-time", "level", "result", "to"]
    public static let facts = ["submitted", "received", "decided", "accepted", "supplement-requested", "supplemented",
                               "special-procedure-started", "special-procedure-ended", "flow-paused", "flow-resumed", "pause-expected", "extended", "withdrawn", "entered", "left",
                               "join-opened", "join-counted", "join-closed", "clock-started", "clock-changed", "applicant-returned",
                               "timer-scheduled", "timer-cancelled", "timer-fired", "notified", "finished", "rated", "followed-up", "called-back"]

    public var values: [String: String]

    /// `stepOfToken` names the step of a token id (tokens that left are no longer in the state).
    public init(_ event: CaseEvent, machine: Machine, stepOfToken: [Int: String]) {
        var v: [String: String] = ["by": event.actor, "automatic": String(event.automatic)]
        func set(_ key: String, _ value: String?) { if let value { v[key] = value } }
        switch event.fact {
        case .submitted: v["fact"] = "submitted"
        case .received: v["fact"] = "received"
        case .decided(let node, let decision, let comment):
            (v["fact"], v["step"], v["decision"]) = ("decided", node, decision)
            set("comment", comment)
        case .accepted(let deemed, let start): (v["fact"], v["deemed"], v["clock-start"]) = ("accepted", String(deemed), start.description)
        case .supplementRequested(let node, let missing, let returned):
            (v["fact"], v["step"], v["missing"]) = ("supplement-requested", node, missing.joined(separator: ","))
            set("defective", returned?.compactMap { machine.materials.indices.contains($0) ? machine.materials[$0].id : nil }.joined(separator: ","))
        case .supplemented(_, let still): (v["fact"], v["missing"]) = ("supplemented", still.joined(separator: ","))
        case .specialProcedureStarted(let reason, let expected, let step):
            (v["fact"], v["reason"]) = ("special-procedure-started", reason)
            set("expected", expected?.description)
            set("step", step)
        case .specialProcedureEnded(let step):
            v["fact"] = "special-procedure-ended"
            set("step", step)
        case .flowPaused(let reason, _): (v["fact"], v["reason"]) = ("flow-paused", reason)
        case .flowResumed: v["fact"] = "flow-resumed"
        case .pauseExpected(let t): (v["fact"], v["expected"]) = ("pause-expected", t.description)
        case .extended(let by, let approver, let reason):
            (v["fact"], v["amount"], v["approver"]) = ("extended", String(by), approver)
            set("reason", reason)
        case .withdrawn(let reason):
            v["fact"] = "withdrawn"
            set("reason", reason)
        case .entered(let token): (v["fact"], v["step"]) = ("entered", machine.nodes[token.node].id)
        case .left(let token, let cancelled):
            (v["fact"], v["cancelled"]) = ("left", String(cancelled))
            set("step", stepOfToken[token])
        case .joinOpened: v["fact"] = "join-opened"
        case .joinCounted: v["fact"] = "join-counted"
        case .joinClosed: v["fact"] = "join-closed"
        case .clockStarted: v["fact"] = "clock-started"
        case .clockChanged: v["fact"] = "clock-changed"
        case .applicantReturned(let token):
            v["fact"] = "applicant-returned"
            set("step", stepOfToken[token])
        case .timerScheduled(let t): (v["fact"], v["timer"], v["kind"]) = ("timer-scheduled", t.id, t.kind.kebab)
        case .timerCancelled(let id): (v["fact"], v["timer"]) = ("timer-cancelled", id)
        case .timerFired(let id, let kind): (v["fact"], v["timer"], v["kind"]) = ("timer-fired", id, kind.kebab)
        case .notified(let n): (v["fact"], v["to"]) = ("notified", n.to.name)
        case .finished(let outcome, let onTime): (v["fact"], v["outcome"], v["on-time"]) = ("finished", outcome, onTime.map { String($0) } ?? "none")
        case .rated(let r): (v["fact"], v["level"]) = ("rated", String(r.level))
        case .followedUp(let u): (v["fact"], v["result"], v["comment"]) = ("followed-up", u.result.rawValue, u.comment)
        case .calledBack(let c):
            (v["fact"], v["result"]) = ("called-back", c.result.rawValue)
            set("comment", c.comment)
        }
        values = v
    }

    /// Whether every property `matcher` names has the value it gives.
    public func matches(_ matcher: EventMatcher) -> Bool {
        matcher.properties.allSatisfy { values[$0.key] == $0.value }
    }

    /// `decided step=accept decision=accept by=system automatic=true`.
    public var description: String {
        var parts = [values["fact"] ?? "?"]
        for key in Self.keys.dropFirst() where key != "by" && key != "automatic" {
            if let value = values[key] { parts.append("\(key)=\(value)") }
        }
        parts.append("by=\(values["by"] ?? "")")
        if values["automatic"] == "true" { parts.append("automatic=true") }
        return parts.joined(separator: " ")
    }
}

extension EventMatcher: CustomStringConvertible {
    public var description: String {
        var parts = [properties["fact"] ?? "?"]
        for key in EventProperties.keys.dropFirst() where key != "by" && key != "automatic" {
            if let value = properties[key] { parts.append("\(key)=\(value)") }
        }
        for key in ["by", "automatic"] { if let value = properties[key] { parts.append("\(key)=\(value)") } }
        return parts.joined(separator: " ")
    }
}

extension TimerKind {
    /// `step-timeout`, `case-warning`, `wait-ends` …
    public var kebab: String {
        switch self {
        case .stepTimeout: return "step-timeout"
        case .stepWarning: return "step-warning"
        case .caseWarning: return "case-warning"
        case .caseTimeout: return "case-timeout"
        case .waitEnds: return "wait-ends"
        }
    }
}

extension ShenpiEngine.Notification.Recipient {
    /// `applicant`, or the role id.
    public var name: String {
        switch self {
        case .applicant: return "applicant"
        case .role(let r): return r
        }
    }
}
