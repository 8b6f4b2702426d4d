import Foundation

/// Why a calendar question has no answer. Each `description` is one line
/// fit to show a user as is.
public enum CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No calendar has this id.
    case unknownCalendar(String, known: [String])
    /// The question needs a day the calendar's data does not cover, and
    /// guessing was not allowed (see `BeyondCoverage`).
    case outOfCoverage(CivilDate, calendar: String, coverage: ClosedRange<CivilDate>)
    /// A limit in hours on a calendar without office hours.
    case noOfficeHours(calendar: String)
    /// A negative amount where only zero or more makes sense.
    case negativeAmount(Int)

    public var description: String {
        switch self {
        case .unknownCalendar(let id, let known):
            return "unknown calendar '\(id)'; expected one of \(known.joined(separator: ", "))"
        case .outOfCoverage(let date, let id, let coverage):
            return "\(date) is outside calendar '\(id)', which covers \(coverage.lowerBound) to \(coverage.upperBound)"
                + " (days off past the published notices are unknown)"
        case .noOfficeHours(let id):
            return "calendar '\(id)' has no office hours, so it cannot count working hours"
        case .negativeAmount(let n):
            return "amount \(n) must not be negative"
        }
    }
}

/// A problem in a calendar data file, with the place it was found.
public struct CalendarDataError: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based; 0 when the problem is the file as a whole.
    public let line: Int
    /// 1-based, in characters (Unicode scalars) as lint counts them; 0 when
    /// the problem is the line as a whole.
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `cn.cal:12: message`.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }

    /// The same error with its file named by its path in `folder` (files of
    /// a calendar folder are named by their name alone); an error about the
    /// folder itself already names it.
    public func inFolder(_ folder: String) -> CalendarDataError {
        guard !file.isEmpty, file != folder, !file.contains("/") else { return self }
        return CalendarDataError(file: (folder as NSString).appendingPathComponent(file), line: line, column: column, message: message)
    }
}
