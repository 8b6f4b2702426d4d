import ShenpiEngine

/// Why the engine façade refused a request. Nothing was written.
public enum CaseEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No case with this id (404-like).
    case notFound(String)
    /// A case with this id exists already (409-like).
    case alreadyExists(String)
    /// The case is at another version than the caller expected (409-like).
    case versionConflict(current: Int)
    /// The engine refused the command (422-like); see `EngineError`.
    case engine(EngineError)
    /// No deployed machine with this fingerprint or workflow id.
    case machineMissing(String)
    /// A machine whose fingerprint does not match its contents.
    case badMachine(String)
    /// The machine's calendar is not in the registry.
    case calendarMissing(String)
    /// `open` takes a `submit` command.
    case notASubmission
    /// The case's stored snapshot does not decode: damaged or edited by hand.
    case damagedSnapshot(String)
    /// A command of the case's log does not decode (what the supervision
    /// report reads back): damaged or edited by hand.
    case damagedLog(String)
    /// Calendars read again would change days that cases may have been
    /// counted on (`CaseEngine.replaceCalendars`); the running ones stay.
    case calendarsRefused(String)
    /// A sub-case (a call step's flow) could not be opened or could not
    /// hand its outcome back: the command that caused it is refused whole.
    case subcaseRefused(String, String)

    public var description: String {
        switch self {
        case .notFound(let id): return "no case \(id)"
        case .alreadyExists(let id): return "case \(id) exists already"
        case .versionConflict(let v): return "the case is at version \(v)"
        case .engine(let e): return e.description
        case .machineMissing(let m): return "no deployed machine \(m)"
        case .badMachine(let m): return "machine \(m) does not match its fingerprint"
        case .calendarMissing(let c): return "no calendar \(c)"
        case .notASubmission: return "a case is opened with a submit command"
        case .damagedSnapshot(let id): return "the stored snapshot of case \(id) does not decode (damaged or edited; run `shenpi audit verify`)"
        case .damagedLog(let id): return "the stored log of case \(id) does not decode (damaged or edited; run `shenpi audit verify`)"
        case .calendarsRefused(let why): return why + "; the running calendars stay (restart to change days already covered)"
        case .subcaseRefused(let flow, let why): return "the sub-flow \(flow) refused: \(why)"
        }
    }

    /// Raised before the transaction wrote anything (a version conflict can
    /// also come from the snapshot update, after the events).
    var isRefusalBeforeWriting: Bool {
        switch self {
        case .engine, .notFound, .machineMissing, .badMachine, .calendarMissing, .damagedSnapshot, .damagedLog, .calendarsRefused: return true
        case .subcaseRefused: return false
        case .alreadyExists, .versionConflict, .notASubmission: return false
        }
    }
}
