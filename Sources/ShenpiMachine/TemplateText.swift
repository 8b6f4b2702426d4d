/// A notification text split once into literal runs and `{placeholder}`
/// names, so rendering is concatenation. Split exactly as a left-to-right
/// scan for `{` then the next `}` (by characters) would read it.
public struct TemplateText: Sendable, Hashable {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case placeholder(String)
    }

    /// A segment as the engine fills it, the built-in placeholders told
    /// apart once here rather than by comparing names on every notice.
    public enum Slot: Sendable, Hashable {
        case literal(String)
        /// `{item}`, `{case.number}`, `{case.due}`, `{step}`, `{missing}`,
        /// `{decision.comment}`, `{pause.expected}`, `{materials.deferred}`.
        case item, caseNumber, caseDue, step, missing, decisionComment, pauseExpected, deferred
        /// `{fee.<id>}`: the amount of one of the flow's fees for the case.
        case fee(String)
        /// Any other name: a field id, or left as written.
        case other(String)
    }

    public let segments: [Segment]
    /// `segments` with the built-in placeholders resolved.
    public let slots: [Slot]
    /// Bytes of the literal runs, to size the rendered text once.
    public let literalBytes: Int
    /// Whether `{materials.deferred}` is in it: only then are they worked out
    /// (asked of every notice, so known once).
    public let listsDeferred: Bool
    /// Whether a `{fee.<id>}` is in it: only then is the case's day and
    /// materials handed to the renderer.
    public let quotesFees: Bool

    public init(_ text: String) {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { segments.append(.literal(String(rest[..<open]))) }
            segments.append(.placeholder(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        self.segments = segments
        slots = segments.map { segment in
            switch segment {
            case .literal(let s): return .literal(s)
            case .placeholder("item"): return .item
            case .placeholder("case.number"): return .caseNumber
            case .placeholder("case.due"): return .caseDue
            case .placeholder("step"): return .step
            case .placeholder("missing"): return .missing
            case .placeholder("decision.comment"): return .decisionComment
            case .placeholder("pause.expected"): return .pauseExpected
            case .placeholder("materials.deferred"): return .deferred
            case .placeholder(let name) where name.hasPrefix("fee."): return .fee(String(name.dropFirst(4)))
            case .placeholder(let name): return .other(name)
            }
        }
        listsDeferred = slots.contains(.deferred)
        quotesFees = slots.contains { if case .fee = $0 { true } else { false } }
        literalBytes = segments.reduce(0) { total, segment in
            if case .literal(let s) = segment { return total + s.utf8.count }
            return total
        }
    }

    private init(segments: [Segment], slots: [Slot]) {
        self.segments = segments
        self.slots = slots
        listsDeferred = slots.contains(.deferred)
        quotesFees = slots.contains { if case .fee = $0 { true } else { false } }
        literalBytes = slots.reduce(0) { total, slot in
            if case .literal(let s) = slot { return total + s.utf8.count }
            return total
        }
    }

    /// The same text with `{item}` written as `item` and joined to the
    /// literals beside it: fewer pieces to append for every notice.
    public func filling(item: String) -> TemplateText {
        var slots: [Slot] = []
        for slot in self.slots {
            let slot = if case .item = slot { Slot.literal(item) } else { slot }
            if case .literal(let next) = slot, case .literal(let last)? = slots.last {
                slots[slots.count - 1] = .literal(last + next)
            } else {
                slots.append(slot)
            }
        }
        return TemplateText(segments: segments, slots: slots)
    }

    /// The text with each placeholder replaced by `value(name)`, or kept as
    /// written (`{name}`) when that is `nil`.
    public func render(_ value: (String) -> String?) -> String {
        var out = ""
        // Room for the literals and short values: appending then never regrows.
        out.reserveCapacity(literalBytes + 24 * (segments.count + 1) / 2)
        for segment in segments {
            switch segment {
            case .literal(let s): out += s
            case .placeholder(let name):
                if let v = value(name) { out += v } else { out += "{" + name + "}" }
            }
        }
        return out
    }
}
