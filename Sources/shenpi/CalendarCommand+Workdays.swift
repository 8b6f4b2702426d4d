import ArgumentParser
import ShenpiCalendar

/// `shenpi calendar workdays FROM TO`: how many working days a span holds.
struct CalendarWorkdays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workdays",
        abstract: "Print the number of working days after FROM up to and including TO.",
        discussion: "The inverse of `add`: 2025-09-26 → 2025-10-16 is 10. Negative when TO is before FROM."
    )

    @Argument(help: "First date (not counted).")
    var from: String

    @Argument(help: "Last date (counted).")
    var to: String

    @OptionGroup var options: CalendarOptions

    func run() throws {
        let cal = try options.calendar()
        let a = try CalendarCLI.date(from, "FROM date")
        let b = try CalendarCLI.date(to, "TO date")
        print(try CalendarCLI.compute { () throws(CalendarError) in try cal.workdays(from: a, to: b, beyond: options.policy) })
    }
}
