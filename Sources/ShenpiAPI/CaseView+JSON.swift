import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiStore

/// Every action answers with the case, so its JSON is written directly:
/// through `JSONEncoder` it was a fifth of the daemon's CPU per action. The
/// bytes are `JSONOutput.encode`'s (sorted keys, slashes unescaped);
/// `CaseViewJSONTests` compares the two.
extension CaseView {
    /// The answer's body; `JSONOutput` for what only it writes (a double).
    var json: Data? {
        var w = CanonicalJSON()
        write(&w)
        return w.unsupported ? JSONOutput.encode(self) : w.data
    }

    func write(_ w: inout CanonicalJSON) {
        var f = true
        w.open()
        w.optional("acceptedAt", acceptedAt, &f) { $0.instant($1) }
        w.key("activeSteps", &f); w.array(activeSteps) { $1.write(&$0) }
        w.key("awaitingSupplement", &f); w.strings(awaitingSupplement)
        w.optional("callback", callback, &f) { $0.string($1) }
        w.optional("channel", channel, &f) { $0.string($1) }
        w.optional("clock", clock, &f) { $1.write(&$0) }
        w.key("deemedAccepted", &f); w.bool(deemedAccepted)
        w.optional("extension", `extension`, &f) { w, e in
            var g = true
            w.open()
            w.optional("by", e.by, &g) { $0.string($1) }
            w.key("count", &g); w.int(e.count)
            w.key("left", &g); w.int(e.left)
            w.key("max", &g); w.int(e.max)
            w.optional("times", e.times, &g) { $0.int($1) }
            w.key("unit", &g); w.string(e.unit)
            w.key("used", &g); w.int(e.used)
            w.close()
        }
        w.optional("fees", fees, &f) { w, list in
            w.array(list) { w, fee in
                var g = true
                w.open()
                w.optional("amount", fee.amount, &g) { CaseView.write($1, &$0) }
                w.optional("basis", fee.basis, &g) { $0.string($1) }
                w.key("id", &g); w.string(fee.id)
                w.key("title", &g); w.string(fee.title)
                w.optional("unavailable", fee.unavailable, &g) { $0.string($1) }
                w.close()
            }
        }
        w.key("fields", &f); Self.write(JSONValue.object(fields), &w)
        w.key("fingerprint", &f); w.string(fingerprint)
        w.optional("finishedAt", finishedAt, &f) { $0.instant($1) }
        w.key("flow", &f); w.string(flow)
        w.key("flowVersion", &f); w.int(flowVersion)
        w.optional("followUp", followUp, &f) { w, u in
            var h = true
            w.open()
            w.key("comment", &h); w.string(u.comment)
            w.key("result", &h); w.string(u.result.rawValue)
            w.close()
        }
        w.optional("history", history, &f) { w, h in w.array(h) { $1.write(&$0) } }
        w.key("id", &f); w.string(id)
        w.optional("legalClock", legalClock, &f) { w, l in
            var g = true
            w.open()
            w.key("colour", &g); w.string(l.colour)
            w.optional("due", l.due, &g) { $0.instant($1) }
            w.optional("extended", l.extended, &g) { $0.string($1) }
            w.key("limit", &g); w.string(l.limit)
            w.optional("provisional", l.provisional, &g) { $0.bool($1) }
            w.optional("warnAt", l.warnAt, &g) { $0.instant($1) }
            w.close()
        }
        w.key("materials", &f); w.strings(materials)
        w.optional("notifications", notifications, &f) { w, n in w.array(n) { $1.write(&$0) } }
        w.optional("onTime", onTime, &f) { $0.bool($1) }
        w.optional("outcome", outcome, &f) { $0.string($1) }
        w.optional("parent", parent, &f) { $1.write(&$0) }
        w.optional("paused", paused, &f) { $0.string($1) }
        w.optional("rating", rating, &f) { w, r in
            var g = true
            w.open()
            w.optional("comment", r.comment, &g) { $0.string($1) }
            w.optional("followUp", r.followUp, &g) { w, u in
                var h = true
                w.open()
                w.key("comment", &h); w.string(u.comment)
                w.key("result", &h); w.string(u.result.rawValue)
                w.close()
            }
            w.key("level", &g); w.int(r.level)
            w.close()
        }
        w.optional("receivedAt", receivedAt, &f) { $0.instant($1) }
        w.optional("specialProcedure", specialProcedure, &f) { $0.string($1) }
        w.optional("specialProcedures", specialProcedures, &f) { $0.specialProcedures($1) }
        w.key("status", &f); w.string(status)
        w.optional("subcases", subcases, &f) { w, s in w.array(s) { $1.write(&$0) } }
        w.key("version", &f); w.int(version)
        w.close()
    }

    /// A JSON tree with its object keys in byte order, as `.sortedKeys` writes them.
    static func write(_ value: JSONValue, _ w: inout CanonicalJSON) {
        switch value {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .int(let n): w.int(n)
        case .double: w.unsupported = true
        case .string(let s): w.string(s)
        case .array(let items): w.array(items) { Self.write($1, &$0) }
        case .object(let o):
            var f = true
            w.open()
            for k in o.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                w.stringKey(k, &f)
                write(o[k]!, &w)
            }
            w.close()
        }
    }
}

extension CaseView.ActiveStep {
    func write(_ w: inout CanonicalJSON) {
        var f = true
        w.open()
        w.key("awaitingApplicant", &f); w.bool(awaitingApplicant)
        w.optional("colour", colour, &f) { $0.string($1) }
        w.optional("decisions", decisions, &f) { $0.strings($1) }
        w.optional("department", department, &f) { $0.string($1) }
        w.optional("due", due, &f) { $0.instant($1) }
        w.key("enteredAt", &f); w.instant(enteredAt)
        w.key("kind", &f); w.string(kind)
        w.key("missingMaterials", &f); w.strings(missingMaterials)
        w.optional("role", role, &f) { $0.string($1) }
        w.key("step", &f); w.string(step)
        w.key("title", &f); w.string(title)
        w.optional("unavailable", unavailable, &f) { $0.strings($1) }
        w.optional("warnAt", warnAt, &f) { $0.instant($1) }
        w.close()
    }
}

extension CaseView.Clock {
    func write(_ w: inout CanonicalJSON) {
        var f = true
        w.open()
        w.key("colour", &f); w.string(colour)
        w.optional("completedAt", completedAt, &f) { $0.instant($1) }
        w.optional("due", due, &f) { $0.instant($1) }
        w.key("limit", &f); w.string(limit)
        w.optional("pausedFor", pausedFor, &f) { $0.string($1) }
        w.optional("warnAt", warnAt, &f) { $0.instant($1) }
        w.close()
    }
}

extension CaseView.HistoryEntry {
    func write(_ w: inout CanonicalJSON) {
        var f = true
        w.open()
        w.key("actor", &f); w.string(actor)
        w.key("at", &f); w.instant(at)
        w.key("automatic", &f); w.bool(automatic)
        w.optional("detail", detail, &f) { CaseView.write($1, &$0) }
        w.key("hash", &f); w.string(hash)
        w.key("seq", &f); w.int(seq)
        w.key("type", &f); w.string(type)
        w.key("version", &f); w.int(version)
        w.close()
    }
}

extension CaseView.NotificationView {
    func write(_ w: inout CanonicalJSON) {
        var f = true
        w.open()
        w.key("attempts", &f); w.int(attempts)
        w.key("createdAt", &f); w.instant(createdAt)
        w.key("deliveryId", &f); w.string(deliveryId)
        w.optional("lastError", lastError, &f) { $0.string($1) }
        w.key("recipient", &f); w.string(recipient)
        w.key("status", &f); w.string(status)
        w.key("text", &f); w.string(text)
        w.close()
    }
}

extension APIResponse {
    /// A case answer, written directly (`CaseView.json`).
    static func json(_ status: Int, _ view: CaseView, headers: [String: String] = [:]) -> APIResponse {
        json(status, encoded: view.json, headers: headers)
    }
}
