/// Why a legal clock stops (特别程序, Administrative Licensing Law Art. 45,
/// and local practice for supplements). Any text is accepted; the common
/// ones are named.
public struct PauseReason: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let supplement: PauseReason = "补正"
    public static let hearing: PauseReason = "听证"
    public static let tender: PauseReason = "招标"
    public static let auction: PauseReason = "拍卖"
    public static let inspection: PauseReason = "检验"
    public static let testing: PauseReason = "检测"
    public static let quarantine: PauseReason = "检疫"
    public static let appraisal: PauseReason = "鉴定"
    public static let expertReview: PauseReason = "专家评审"
    public static let rectification: PauseReason = "整改"
}

/// When a clock turns yellow.
public enum WarningPolicy: Hashable, Sendable {
    /// Once the elapsed time reaches this share (0 … 1) of the limit,
    /// extensions included: `.share(0.8)` of 10 workdays warns once the 8th has passed (days 9 and 10).
    case share(Double)
    /// When at most this many units of the limit are left (workdays, days or
    /// hours, as the limit): `.before(2)` of 10 workdays warns for the last two (days 9 and 10).
    case before(Int)
    /// Never yellow.
    case never
}

/// One thing that happened to a clock, with its instant; the clock's
/// `history` is the audit trail of who stopped or extended it and why.
public enum ClockEvent: Hashable, Sendable {
    case started(at: Instant)
    case paused(at: Instant, reason: PauseReason)
    case resumed(at: Instant)
    case extended(at: Instant, by: Int, approver: String, reason: String?)
    case completed(at: Instant)

    /// When it happened.
    public var instant: Instant {
        switch self {
        case .started(let t), .paused(let t, _), .resumed(let t), .extended(let t, _, _, _), .completed(let t): return t
        }
    }
}

/// Why a clock operation was refused.
public enum ClockError: Error, Hashable, Sendable, CustomStringConvertible {
    case calendar(CalendarError)
    /// Events must come in time order.
    case outOfOrder(Instant, last: Instant)
    case beforeStart(Instant)
    case notRunning(Instant)
    case notPaused(Instant)
    case alreadyCompleted(Instant)
    /// An extension must be granted before the clock runs out.
    case extensionAfterDue(at: Instant, due: Instant)
    case negativeAmount(Int)

    public var description: String {
        switch self {
        case .calendar(let e): return e.description
        case .outOfOrder(let t, let last): return "\(t) is before the clock's last event at \(last)"
        case .beforeStart(let t): return "\(t) is before the clock started"
        case .notRunning(let t): return "the clock is not running at \(t)"
        case .notPaused(let t): return "the clock is not paused at \(t)"
        case .alreadyCompleted(let t): return "the clock was completed at \(t)"
        case .extensionAfterDue(let t, let due): return "cannot extend at \(t): the limit ran out at \(due)"
        case .negativeAmount(let n): return "amount \(n) must not be negative"
        }
    }
}

/// A clock's answer at one instant.
public struct ClockReading: Hashable, Sendable {
    /// Whether the clock was running, paused (and why) or completed.
    public enum State: Hashable, Sendable {
        case running
        case paused(PauseReason)
        case completed
    }

    /// Normal, yellow, red.
    public enum Level: String, Hashable, Sendable, Comparable {
        case normal, warning, overdue

        public static func < (a: Level, b: Level) -> Bool {
            let order: [Level] = [.normal, .warning, .overdue]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public let state: State
    public let level: Level
    /// The instant judged: the one asked about, or the completion instant
    /// of a completed clock asked about later.
    public let judgedAt: Instant
    /// The limit with every extension.
    public let limit: ClockAmount
    /// Counted time so far, pauses excluded. For day limits, the day judged
    /// counts once it has begun (elapsed = limit on the last day).
    public let elapsed: ClockAmount
    /// `limit - elapsed`; 0 on the last day of a day limit, negative past it
    /// (and, rolling forward, in the days off a due rolled across).
    public let remaining: ClockAmount
    /// When the limit runs out; `nil` while paused, since the rest only
    /// resumes with the clock (unless it had already run out).
    public let due: Instant?
    /// When a running clock turns yellow (may be in the past).
    public let warningFrom: Instant?
    /// Whether a weekends-only guess past the calendar's data was needed.
    public let isProvisional: Bool
}
