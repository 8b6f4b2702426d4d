import ShenpiCalendar
import ShenpiEngine

/// Compares one expectation with a case (the scenario's, or a sub-case):
/// `nil` when it holds, else "expected …, actual …".
struct Checker {
    let watched: WatchedCase
    /// The virtual clock's instant, for the clock's colour.
    let now: Instant
    var state: CaseState { watched.state }

    func mismatch(_ kind: Check.Kind) -> String? {
        switch kind {
        case .active(let expected):
            let actual = Set(state.tokens.map { watched.machine.nodes[$0.node].id })
            return compare(Rendering.list(expected.sorted()), Rendering.list(actual.sorted()))
        case .status(let expected): return compare(expected, status)
        case .outcome(let expected): return compare(expected, state.outcome ?? "none")
        case .onTime(let expected): return compare(expected.map { String($0) } ?? "none", state.onTime.map { String($0) } ?? "none")
        case .due(let expected): return compare(Rendering.due(expected), Rendering.due(state.caseClock?.due))
        case .stepDue(let list):
            for item in list {
                guard let token = watched.machine.node(named: item.step).flatMap({ state.token(at: $0) }) else {
                    return "expected \(item.step) due \(Rendering.due(item.due)), actual: step \(item.step) is not active"
                }
                if let m = compare(Rendering.due(item.due), Rendering.due(token.clock?.due)) { return "\(item.step): \(m)" }
            }
            return nil
        case .clock(let expected): return compare(expected, clockLevel)
        case .legalDue(let expected): return compare(Rendering.due(expected), Rendering.due(legalLimit?.due))
        case .legalClock(let expected): return compare(expected, legalLimit?.level.rawValue ?? "none")
        case .legalProvisional(let expected): return compare(String(expected), String(legalLimit?.provisional ?? false))
        case .missing(let expected):
            guard Set(expected) != Set(state.awaitingSupplement) else { return nil }
            return "expected \(Rendering.list(expected)), actual \(Rendering.list(state.awaitingSupplement))"
        case .acceptedAt(let expected): return compare(Rendering.instant(expected), Rendering.instant(state.acceptedAt))
        case .deemedAccepted(let expected): return compare(String(expected), String(state.deemedAccepted))
        case .rating(let expected): return compare(expected.map { String($0) } ?? "none", state.rating.map { String($0.level) } ?? "none")
        case .notifications(let expected): return notifications(expected)
        case .events(let expected): return events(expected)
        case .timers(let expected): return timers(expected)
        case .fees(let expected): return fees(expected)
        }
    }

    /// Each fee as the case shows it: the amount in yuan, or `none` with the reason.
    func fees(_ expected: [FeeExpectation]) -> String? {
        let day = state.feeDay(now: now)
        var out: [String] = []
        for e in expected {
            guard let fee = watched.machine.tables.fee(e.fee, fields: state.fields, submitted: state.submitted, on: day) else {
                let known = watched.machine.tables.fees.map(\.id)
                out.append("expected fee \(e.fee), actual: the flow has " + (known.isEmpty ? "no fees" : "fees " + known.joined(separator: ", ")))
                continue
            }
            let expected = e.fen.map { CaseFee.yuan(fen: $0) } ?? "none"
            guard expected != (fee.amountText ?? "none") else { continue }
            out.append("\(e.fee): expected \(expected), actual " + (fee.amountText ?? "none (\(fee.unavailable ?? ""))"))
        }
        return out.isEmpty ? nil : out.joined(separator: "; ")
    }

    func compare(_ expected: String, _ actual: String) -> String? {
        expected == actual ? nil : "expected \(expected), actual \(actual)"
    }

    var status: String {
        switch state.status {
        case .new: return "new"
        case .preSubmitted: return "pre-submitted"
        case .active: return "active"
        case .finished: return "finished"
        }
    }

    /// The case clock's colour now; a finished case's clock is judged at completion.
    var clockLevel: String {
        guard let record = state.caseClock else { return "none" }
        do {
            return try record.legalClock(on: watched.calendar).reading(at: now).level.rawValue
        } catch {
            return "unreadable (\(error))"
        }
    }

    var legalLimit: LegalLimitReading? { state.legalLimit(watched.machine, calendar: watched.calendar, at: now) }

    /// Each expected notification, in order, among those sent since the last expectation.
    func notifications(_ expected: [NotificationMatcher]) -> String? {
        let sent = watched.notificationsSince
        let listing = sent.isEmpty ? " none" : sent.map { "\n  - " + Rendering.notification($0) }.joined()
        if expected.isEmpty { return sent.isEmpty ? nil : "expected none, actual:" + listing }
        var i = 0
        var taken: Set<Int> = []
        for m in expected {
            while i < sent.count, !matches(sent[i], m) { i += 1 }
            if i == sent.count {
                let earlier = sent.indices.filter { matches(sent[$0], m) }
                // Only a notice an entry before it took: two entries aimed at one notice.
                if !earlier.isEmpty, earlier.allSatisfy(taken.contains) {
                    return "expected \(Rendering.matcher(m)), but the only notice with it is the one the entry before it matched: each entry "
                        + "matches a notice of its own (two pieces of one notice: check the longer one, or one piece); sent since the last expectation:" + listing
                }
                // Sent, but before the notice an earlier entry matched: the order is wrong.
                if !earlier.isEmpty {
                    return "expected \(Rendering.matcher(m)) after the notice the entry before it matched, but it was sent before that one "
                        + "(entries follow the order sent); sent since the last expectation:" + listing
                }
                return "expected \(Rendering.matcher(m)), not sent; sent since the last expectation:" + listing
            }
            taken.insert(i)
            i += 1
        }
        return nil
    }

    func matches(_ n: ShenpiEngine.Notification, _ m: NotificationMatcher) -> Bool {
        (m.to == nil || m.to == n.to.name) && (m.contains.map { n.text.contains($0) } ?? true)
    }

    /// Each expected event, in order, among those recorded since the last expectation.
    func events(_ expected: [EventMatcher]) -> String? {
        let recorded = watched.eventsSince.map { EventProperties($0, machine: watched.machine, stepOfToken: watched.stepOfToken) }
        // `[]` says none, as `notifications: []` does (matching nothing in
        // order would pass whatever was recorded).
        if expected.isEmpty, !recorded.isEmpty {
            return "expected no events since the last expectation, recorded:" + recorded.map { "\n  - \($0)" }.joined()
        }
        var i = 0
        for m in expected {
            while i < recorded.count, !recorded[i].matches(m) { i += 1 }
            if i == recorded.count {
                let fact = m.properties["fact"] ?? ""
                let same = recorded.filter { $0.values["fact"] == fact }
                let listing = same.isEmpty ? " none" : same.map { "\n  - \($0)" }.joined()
                // Expectations are in order: one recorded before the previous match is out of order, not missing.
                if recorded.contains(where: { $0.matches(m) }) {
                    return "expected \(m) after the previous expected event, but it was recorded before it; events are expected in the order "
                        + "they are recorded; \(fact) events since the last expectation:" + listing
                }
                return "expected \(m), not recorded; \(fact) events since the last expectation:" + listing
            }
            i += 1
        }
        return nil
    }

    /// Exactly the expected pending timers, in any order.
    func timers(_ expected: [TimerMatcher]) -> String? {
        var pending = state.pendingTimers
        var unmatched = false
        for m in expected {
            if let i = pending.firstIndex(where: { timer($0, matches: m) }) { pending.remove(at: i) } else { unmatched = true }
        }
        guard unmatched || !pending.isEmpty else { return nil }
        let e = expected.map { Rendering.timer(kind: $0.kind, step: $0.step, at: $0.at) }
        let a = state.pendingTimers.map { Rendering.timer(kind: $0.kind.kebab, step: step(of: $0), at: $0.at) }
        return "expected \(Rendering.list(e)), actual \(Rendering.list(a))"
    }

    func timer(_ t: PendingTimer, matches m: TimerMatcher) -> Bool {
        t.kind.kebab == m.kind && (m.step == nil || m.step == step(of: t)) && (m.at == nil || m.at == t.at)
    }

    func step(of t: PendingTimer) -> String? { t.token.flatMap { watched.stepOfToken[$0] } }
}
