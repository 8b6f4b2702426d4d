import ArgumentParser
import Foundation
import ShenpiCalendar

/// `shenpi calendar show YEAR`: the year as month grids, days off and
/// adjusted working days marked, then the entries and their sources.
struct CalendarShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a year month by month, marking days off (*) and adjusted working days (+).",
        discussion: "Without YEAR, lists the known calendars. Colour is used only on a terminal (and not with NO_COLOR)."
    )

    @Argument(help: "The year, e.g. 2025.")
    var year: String?

    @OptionGroup var options: CalendarOptions

    func run() throws {
        // Accepted and ignored, it would suggest a guessed year could be shown.
        if options.allowGuess {
            throw CalendarCLI.fail("--provisional does not apply to show: it lists the days of the published data only (use it with add or workdays)")
        }
        guard let yearText = year else {
            print(CalendarListing.known(try options.registry()))
            return
        }
        let cal = try options.calendar()
        guard yearText.count == 4, let y = Int(yearText), let first = CivilDate(year: y, month: 1, day: 1),
            let last = CivilDate(year: y, month: 12, day: 31)
        else {
            throw CalendarCLI.fail("bad year '\(yearText)'; expected four digits like 2025")
        }
        guard cal.coverage.contains(first), cal.coverage.contains(last) else {
            throw CalendarCLI.fail("year \(y) is outside calendar '\(cal.id)', which covers \(cal.coverage.lowerBound) to \(cal.coverage.upperBound)")
        }
        let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        print(CalendarGrid(calendar: cal, year: y, colour: colour).render(), terminator: "")
    }
}

enum CalendarListing {
    /// One line per known calendar: id, coverage, office hours, title.
    static func known(_ registry: CalendarRegistry) -> String {
        registry.ids.compactMap { registry.calendars[$0] }.map { cal in
            let base = cal.baseID.map { " on \($0)" } ?? ""
            let hours = cal.officeHours.map { "hours \($0)" } ?? "no office hours"
            return "\(cal.id)\(base)  \(cal.coverage.lowerBound)..\(cal.coverage.upperBound)  \(hours)  \(cal.title)"
        }.joined(separator: "\n")
    }
}
