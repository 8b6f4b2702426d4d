import ShenpiCalendar
import ShenpiMachine

/// A legal clock as data: its limit and every entry, with the due and
/// warning instants computed when the last entry was recorded. `LegalClock`
/// holds its calendar and is not Codable, so the state keeps this record and
/// the engine rebuilds the clock (`legalClock(on:)`) when it needs to count.
public struct ClockRecord: Sendable, Hashable, Codable {
    public var limit: TimeLimit
    public var warnBefore: WarnBefore?
    public var entries: [ClockEntry]
    /// When the limit runs out; `nil` while paused.
    public var due: Instant?
    /// When it turns yellow; `nil` while paused or without a warning.
    public var warnAt: Instant?
    /// The pause reason while paused.
    public var pausedFor: String?
    public var completedAt: Instant?
    /// Rules 9: `true` for a case clock running on a legal limit in calendar
    /// days (a flow without a promise), whose due, when its last day is a
    /// day off, moves to the end of the next working day (民法典 Art. 203,
    /// `LegalClock.rollsForward`); `nil` for every other clock and every
    /// clock of older rules (never written then, so their records read alike).
    public var rollsForward: Bool?

    public init(limit: TimeLimit, warnBefore: WarnBefore?, start: Instant, due: Instant?, warnAt: Instant?,
                rollsForward: Bool? = nil) {
        self.init(limit: limit, warnBefore: warnBefore, entries: Self.started(at: start), due: due, warnAt: warnAt,
                  rollsForward: rollsForward)
    }

    /// A new clock whose entries are `entries`: `started(at:)`'s list, which
    /// the engine shares between the clocks a command starts at one instant.
    init(limit: TimeLimit, warnBefore: WarnBefore?, entries: [ClockEntry], due: Instant?, warnAt: Instant?,
         rollsForward: Bool? = nil) {
        self.limit = limit
        self.warnBefore = warnBefore
        self.entries = entries
        self.due = due
        self.warnAt = warnAt
        self.rollsForward = rollsForward == true ? true : nil
    }

    /// The entries of a clock started at `start`, with room for the entry
    /// most clocks get next (completed, paused): a one-element array is
    /// copied to a new buffer by its first append.
    static func started(at start: Instant) -> [ClockEntry] {
        var entries: [ClockEntry] = []
        entries.reserveCapacity(2)
        entries.append(.started(at: start))
        return entries
    }

    public var isRunning: Bool { pausedFor == nil && completedAt == nil }

    /// When the clock was started.
    public var start: Instant? {
        if case .started(let t)? = entries.first { return t }
        return nil
    }

    /// The extensions so far (Art. 42): their total in the clock's unit, and how many.
    public var extensions: (total: Int, count: Int) {
        var total = 0, count = 0
        for case .extended(_, let by, _) in entries {
            total += by
            count += 1
        }
        return (total, count)
    }

    /// Records an entry whose due and warning instants were computed by the engine.
    mutating func record(_ entry: ClockEntry, due: Instant?, warnAt: Instant?) {
        entries.append(entry)
        self.due = due
        self.warnAt = warnAt
        switch entry {
        case .paused(_, let reason): pausedFor = reason
        case .resumed: pausedFor = nil
        case .completed(let t):
            pausedFor = nil
            completedAt = t
        case .started, .extended: break
        }
    }

    /// The clock rebuilt on `calendar` by replaying every entry.
    /// `skippingLateExtensions`: see `ClockEntry.apply`; the engine passes
    /// it for cases under rules 8 and later only, readers always.
    public func legalClock(on calendar: WorkingCalendar, skippingLateExtensions: Bool = true) throws(ClockError) -> LegalClock {
        guard case .started(let start) = entries.first else { throw .beforeStart(Instant(secondsSinceEpoch: 0)) }
        var clock = try LegalClock(limit: limit, startingAt: start, calendar: calendar, warning: warnBefore?.policy ?? .never,
                                   rollingForward: rollsForward == true, extendingFromRolledEnd: rollsForward == true)
        for entry in entries.dropFirst() { try entry.apply(to: &clock, skippingLateExtensions: skippingLateExtensions) }
        return clock
    }
}

extension ClockEntry {
    /// Records this entry on a rebuilt clock. `skippingLateExtensions`: an
    /// extension given at or after the clock's due (engine rules 8: past the
    /// promise, it extends the legal limit alone) leaves the clock as it ran
    /// out; without it such an entry is refused, as it was when taken under
    /// older rules (none records one; a corrected calendar could make one).
    func apply(to clock: inout LegalClock, skippingLateExtensions: Bool = true) throws(ClockError) {
        switch self {
        case .started: break
        case .paused(let t, let reason): try clock.pause(at: t, reason: PauseReason(rawValue: reason))
        case .resumed(let t): try clock.resume(at: t)
        case .extended(let t, let by, let approver):
            // Engine rules 8: an extension given after this clock (the promise)
            // ran out extends the legal limit only; the promise stays as it
            // ran out. No case under older rules holds one (they refused it).
            if skippingLateExtensions, let due = clock.due, t >= due, clock.completedAt == nil { return }
            try clock.extend(by: by, approvedBy: approver, at: t)
        case .completed(let t): try clock.complete(at: t)
        }
    }
}

/// One change to a clock.
public enum ClockEntry: Sendable, Hashable, Codable {
    case started(at: Instant)
    case paused(at: Instant, reason: String)
    case resumed(at: Instant)
    case extended(at: Instant, by: Int, approver: String)
    case completed(at: Instant)
}

/// How long before the limit a clock turns yellow.
public enum WarnBefore: Sendable, Hashable, Codable {
    /// In the limit's own unit: the calendar's `.before(n)` (from the
    /// (limit − n)-th counted unit).
    case units(Int)
    /// Working minutes before the close of office on the last day of a day
    /// limit (`warn-before: 4 hours` on `limit: 1 workdays`).
    case workingMinutes(Int)

    var policy: WarningPolicy {
        if case .units(let n) = self { return .before(n) }
        return .never
    }
}

extension Limit {
    /// The calendar's form of a machine limit (minutes become whole hours).
    var timeLimit: TimeLimit { clockUnits }

    /// This limit as a warning before `limit`, when the units allow it.
    func warning(before limit: TimeLimit) -> WarnBefore? {
        let own = timeLimit
        if own.unit == limit.unit { return .units(own.amount) }
        if unit == .minutes && limit.unit != .hours { return .workingMinutes(amount) }
        return nil
    }
}

extension Limit {
    /// A calendar duration as a machine limit (hours kept in minutes).
    init(_ t: TimeLimit) {
        switch t.unit {
        case .workdays: self.init(amount: t.amount, unit: .workdays)
        case .days: self.init(amount: t.amount, unit: .days)
        case .hours: self.init(amount: t.amount * 60, unit: .minutes)
        }
    }
}
