import ShenpiCalendar
import ShenpiMachine

/// Rendering onto UTF-8 bytes: the engine keeps a notice's text as bytes in
/// its step record and makes it a `String` only when the events are built.
/// Appending each piece to a `String` (and allocating it) was most of a
/// notice; the bytes are the same as `render`'s text.
extension TemplateRenderer {
    static func render(_ text: TemplateText, into out: inout [UInt8], machine: MachineTables, caseID: String,
                       fields: [String: FieldValue], caseClock: (accepted: Bool, due: Instant?), step: String, missing: [String],
                       comment: String?, pauseExpected: Limit?, missingSeparator: String = "、", deferred: [String] = [],
                       deferredSeparator: String = "、", submitted: MaterialSet = MaterialSet(), day: CivilDate? = nil, rules: Int = 1) {
        for slot in text.slots {
            switch slot {
            case .literal(let s): append(s, to: &out)
            case .item: append(machine.title, to: &out)
            case .caseNumber: append(caseID, to: &out)
            case .caseDue: appendDue(accepted: caseClock.accepted, due: caseClock.due, rules: rules, to: &out)
            case .step: append(step, to: &out)
            case .missing:
                for i in missing.indices {
                    if i > 0 { append(missingSeparator, to: &out) }
                    append(missing[i], to: &out)
                }
            case .deferred:
                if deferred.isEmpty { append(noneDeferred, to: &out) }
                for i in deferred.indices {
                    if i > 0 { append(deferredSeparator, to: &out) }
                    append(deferred[i], to: &out)
                }
            case .decisionComment: if let comment { append(reason(comment), to: &out) }
            case .pauseExpected: if let pauseExpected { append(duration(pauseExpected), to: &out) }
            case .fee(let id):
                append(feeText(id, machine: machine, fields: fields, submitted: submitted, day: day), to: &out)
            case .other(let name):
                if let value = fields[name] {
                    append(value.description, to: &out)
                } else {
                    out.append(UInt8(ascii: "{"))
                    append(name, to: &out)
                    out.append(UInt8(ascii: "}"))
                }
            }
        }
    }

    /// `text`'s UTF-8, copied from its storage (or from a short string's
    /// inline bytes) in one go.
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// `due(accepted:due:rules:)`; a due date at a day's end written as its ten
    /// bytes without making a string.
    static func appendDue(accepted: Bool, due: Instant?, rules: Int, to out: inout [UInt8]) {
        guard accepted, let due, due.secondOfDay == 0 else { return append(Self.due(accepted: accepted, due: due, rules: rules), to: &out) }
        let date = due.adding(seconds: -1).date
        guard date.year >= 1000 && date.year <= 9999 else { return append(date.description, to: &out) }
        func digit(_ n: Int) -> UInt8 { UInt8(truncatingIfNeeded: n) &+ UInt8(ascii: "0") }
        let (y, m, d) = (date.year, date.month, date.day)
        out.append(contentsOf: [digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), UInt8(ascii: "-"),
                                digit(m / 10), digit(m % 10), UInt8(ascii: "-"), digit(d / 10), digit(d % 10)])
    }
}
