import ArgumentParser
import Foundation
import ShenpiCalendar

/// `shenpi calendar`: working-day arithmetic on the official calendars.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working-day arithmetic on the official calendars (holidays and 调休 applied).",
        discussion: "Semantics: docs/calendar.md. Errors exit with code 2.",
        subcommands: [CalendarAdd.self, CalendarWorkdays.self, CalendarShow.self, CalendarBench.self]
    )
}

/// Options every calendar subcommand shares.
struct CalendarOptions: ParsableArguments {
    @Option(name: .customLong("calendar"), help: "Calendar id (see `shenpi calendar show`).")
    var id = "cn"

    // --calendars as report, audit and backup spell it, with their default: the
    // daemon's counts are what an operator checks (a year-end copy of cn).
    @Option(name: [.customLong("calendar-dir"), .customLong("calendars")],
            help: "A directory of extra *.cal files layered over the bundled calendars (also --calendars; default: ./workflows/calendars when it exists).")
    var directory: String?

    @Flag(name: .customLong("provisional"), help: "Past the published data, assume weekends only and mark the answer provisional instead of failing.")
    var allowGuess = false

    var policy: BeyondCoverage { allowGuess ? .guessWeekendsOnly : .refuse }

    /// The bundled calendars with `--calendar-dir` over them (a broken one
    /// is an error), or else the catalog's `./workflows/calendars` (a broken
    /// one is warned about and left out, as `report` and `backup` do).
    func registry() throws -> CalendarRegistry {
        let bundled = try CalendarSupport.bundled()
        if let directory {
            do {
                return try .loading(directory: directory, over: bundled)
            } catch {
                throw CalendarCLI.fail(error.inFolder(directory).description)
            }
        }
        let folder = CalendarSupport.catalogFolder
        guard FileManager.default.fileExists(atPath: folder) else { return bundled }
        do {
            return try .loading(directory: folder, over: bundled)
        } catch {
            CalendarCLI.warn("\(folder) not used: \(error.inFolder(folder)) (shenpi lint \(folder) says more)")
            return bundled
        }
    }

    /// The chosen calendar, or a one-line error.
    func calendar() throws -> WorkingCalendar {
        let registry = try registry()
        do {
            return try registry.calendar(id)
        } catch {
            throw CalendarCLI.fail(error.description)
        }
    }
}

enum CalendarCLI {
    /// Prints `shenpi: error: message` on stderr; the returned code exits 2.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("shenpi: error: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("shenpi: warning: \(message)\n".utf8))
    }

    /// A date argument, or a one-line error naming the argument.
    static func date(_ text: String, _ what: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw fail("bad \(what) '\(text)'; expected a date like 2025-09-26")
        }
        return date
    }

    /// Runs a calendar computation, turning its error into the one-line exit.
    static func compute<T>(_ body: () throws(CalendarError) -> Reckoned<T>) throws -> T {
        let answer: Reckoned<T>
        do {
            answer = try body()
        } catch {
            guard case .outOfCoverage = error else { throw fail(error.description) }
            throw fail(error.description + "; pass --provisional to assume weekends only")
        }
        if answer.isProvisional {
            warn("provisional: past the calendar's published data, only weekends were assumed off")
        }
        return answer.value
    }
}
