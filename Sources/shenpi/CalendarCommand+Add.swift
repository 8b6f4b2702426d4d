import ArgumentParser
import ShenpiCalendar

/// `shenpi calendar add DATE N`: the due date of a limit.
struct CalendarAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Print the date (ISO 8601) N units after DATE.",
        discussion: """
            workdays: the start day does not count; the result is the Nth working day after DATE \
            (2025-09-26 + 10 → 2025-10-16). days: DATE + N. hours: working hours within office \
            hours from DATE (a date, or a time like 2025-09-26T10:00); prints the instant the last \
            hour ends.
            """
    )

    @Argument(help: "Start date, e.g. 2025-09-26 (with hours, a time may follow: 2025-09-26T10:00).")
    var date: String

    @Argument(help: "How many units to add.")
    var amount: Int

    @Option(help: "workdays, days or hours.")
    var unit = "workdays"

    @Flag(name: .customLong("roll-forward"), help: "With --unit days, move a result on a day off to the next working day.")
    var rollForward = false

    @OptionGroup var options: CalendarOptions

    static let maxAmount = 1_000_000

    func run() throws {
        guard let unit = TimeUnit(rawValue: unit) else {
            throw CalendarCLI.fail("unknown unit '\(self.unit)'; expected workdays, days or hours")
        }
        // Far past any calendar's data (2 700 years of days) and short of Int overflow.
        guard (-Self.maxAmount...Self.maxAmount).contains(amount) else {
            throw CalendarCLI.fail("amount \(amount) is out of range; expected -\(Self.maxAmount)…\(Self.maxAmount)")
        }
        guard !rollForward || unit == .days else { throw CalendarCLI.fail("--roll-forward applies to --unit days only") }
        let cal = try options.calendar()
        switch unit {
        case .workdays:
            let start = try CalendarCLI.date(date, "date")
            print(try CalendarCLI.compute { () throws(CalendarError) in try cal.addingWorkdays(amount, to: start, beyond: options.policy) })
        case .days:
            let start = try CalendarCLI.date(date, "date")
            print(try CalendarCLI.compute { () throws(CalendarError) in
                try cal.addingDays(amount, to: start, rollingOffDaysForward: rollForward, beyond: options.policy)
            })
        case .hours:
            guard let start = Instant(iso: date) else {
                throw CalendarCLI.fail("bad date '\(date)'; expected a date like 2025-09-26 or a time like 2025-09-26T10:00")
            }
            print(try CalendarCLI.compute { () throws(CalendarError) in try cal.addingWorkingHours(amount, to: start, beyond: options.policy) })
        }
    }
}
