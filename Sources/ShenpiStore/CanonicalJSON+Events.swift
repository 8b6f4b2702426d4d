import Foundation
import ShenpiCalendar
import ShenpiEngine

/// Events and their facts in canonical JSON (see `CanonicalJSON`).
extension CanonicalJSON {
    mutating func event(_ e: CaseEvent) {
        var f = true
        open()
        key("actor", &f); string(e.actor)
        key("at", &f); instant(e.at)
        key("automatic", &f); bool(e.automatic)
        key("fact", &f); fact(e.fact)
        key("version", &f); int(e.version)
        close()
    }

    mutating func fact(_ fact: Fact) {
        var f = true
        switch fact {
        case .submitted(let caseID, let machine, let fields, let materials, let channel, let rules):
            enumCase("submitted")
            key("caseID", &f); string(caseID)
            key("channel", &f); string(channel.rawValue)
            key("fields", &f); self.fields(fields)
            key("machine", &f); string(machine)
            key("materials", &f); ints(materials)
            // Absent in cases submitted before the rules were recorded (rules 1).
            optional("rules", rules, &f) { $0.int($1) }
        case .received: enumCase("received")
        case .decided(let node, let decision, let comment):
            enumCase("decided")
            optional("comment", comment, &f) { $0.string($1) }
            key("decision", &f); string(decision)
            key("node", &f); string(node)
        case .accepted(let deemed, let clockStart):
            enumCase("accepted")
            key("clockStart", &f); instant(clockStart)
            key("deemed", &f); bool(deemed)
        case .supplementRequested(let node, let missing, let returned):
            enumCase("supplementRequested")
            key("missing", &f); strings(missing)
            key("node", &f); string(node)
            // Absent when none, as in every request recorded before it existed.
            optional("returned", returned, &f) { $0.ints($1) }
        case .supplemented(let materials, let stillAwaited):
            enumCase("supplemented")
            key("materials", &f); ints(materials)
            key("stillAwaited", &f); strings(stillAwaited)
        case .specialProcedureStarted(let reason, let expected, let step):
            enumCase("specialProcedureStarted")
            optional("expected", expected, &f) { w, t in
                var g = true
                w.open()
                w.key("amount", &g); w.int(t.amount)
                w.key("unit", &g); w.string(t.unit.rawValue)
                w.close()
            }
            key("reason", &f); string(reason)
            optional("step", step, &f) { $0.string($1) }
        case .specialProcedureEnded(let step):
            enumCase("specialProcedureEnded")
            optional("step", step, &f) { $0.string($1) }
        case .flowPaused(let reason, let branch):
            enumCase("flowPaused")
            optional("branch", branch, &f) { $0.branchRef($1) }
            key("reason", &f); string(reason)
        case .pauseExpected(let t):
            enumCase("pauseExpected")
            key("expected", &f)
            open()
            var g = true
            key("amount", &g); int(t.amount)
            key("unit", &g); string(t.unit.rawValue)
            close()
        case .flowResumed(let branch):
            enumCase("flowResumed")
            optional("branch", branch, &f) { $0.branchRef($1) }
        case .extended(let by, let approver, let reason):
            enumCase("extended")
            key("approver", &f); string(approver)
            key("by", &f); int(by)
            optional("reason", reason, &f) { $0.string($1) }
        case .withdrawn(let reason):
            enumCase("withdrawn")
            optional("reason", reason, &f) { $0.string($1) }
        case .entered(let token):
            enumCase("entered")
            key("_0", &f); self.token(token)
        case .left(let token, let cancelled):
            enumCase("left")
            key("cancelled", &f); bool(cancelled)
            key("token", &f); int(token)
        case .joinOpened(let block):
            enumCase("joinOpened")
            key("block", &f); int(block)
        case .joinCounted(let block, let count):
            enumCase("joinCounted")
            key("block", &f); int(block)
            key("count", &f); int(count)
        case .joinClosed(let block):
            enumCase("joinClosed")
            key("block", &f); int(block)
        case .clockStarted(let id, let record):
            enumCase("clockStarted")
            key("_0", &f); clockID(id)
            key("_1", &f); clock(record)
        case .clockChanged(let id, let entry, let due, let warnAt):
            enumCase("clockChanged")
            key("_0", &f); clockID(id)
            key("_1", &f); clockEntry(entry)
            optional("due", due, &f) { $0.instant($1) }
            optional("warnAt", warnAt, &f) { $0.instant($1) }
        case .applicantReturned(let token):
            enumCase("applicantReturned")
            key("token", &f); int(token)
        case .timerScheduled(let timer):
            enumCase("timerScheduled")
            key("_0", &f); self.timer(timer)
        case .timerCancelled(let id):
            enumCase("timerCancelled")
            key("id", &f); string(id)
        case .timerFired(let id, let kind):
            enumCase("timerFired")
            key("id", &f); string(id)
            key("kind", &f); string(kind.rawValue)
        case .notified(let n):
            enumCase("notified")
            key("_0", &f); notification(n)
        case .finished(let outcome, let onTime):
            enumCase("finished")
            optional("onTime", onTime, &f) { $0.bool($1) }
            key("outcome", &f); string(outcome)
        case .rated(let r):
            enumCase("rated")
            key("_0", &f); rating(r)
        case .followedUp(let u):
            enumCase("followedUp")
            key("_0", &f); followUp(u)
        case .calledBack(let c):
            enumCase("calledBack")
            key("_0", &f)
            var g = true
            open()
            optional("comment", c.comment, &g) { $0.string($1) }
            key("result", &g); string(c.result.rawValue)
            close()
        }
        close(); close()
    }
}

extension EventChain {
    /// The canonical bytes of an event or a case state: `canonical(_:)`'s
    /// bytes, written directly (Foundation's encoder only for doubles).
    static func canonicalEvent(_ event: CaseEvent) throws -> Data {
        var w = CanonicalJSON()
        w.event(event)
        return w.unsupported ? try canonical(event) : w.data
    }

    /// The canonical bytes of one command's events, as stored in one
    /// `command_log` row: the canonical array `[event,event,…]`.
    static func canonicalEvents(_ events: [CaseEvent]) throws -> Data {
        var w = CanonicalJSON()
        w.bytes.reserveCapacity(256 * events.count)
        w.array(events) { $0.event($1) }
        return w.unsupported ? try canonical(events) : w.data
    }

    static func canonicalState(_ state: CaseState) throws -> Data {
        var w = CanonicalJSON()
        w.state(state)
        return w.unsupported ? try canonical(state) : w.data
    }
}
