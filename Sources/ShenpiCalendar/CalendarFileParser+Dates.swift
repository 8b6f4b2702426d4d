/// A date mistyped while copying a notice (2027-06-31, 2027-10-7) gets a
/// message naming it, not the line's expected form.
extension CalendarDefinition {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// A text shaped like a date that is not one, and why.
    struct DateTypo {
        let text: Substring
        let reason: String

        /// The error at the typo's column of `line` (the raw line it was read from).
        func error(_ line: Substring, _ file: String, _ lineNo: Int) -> CalendarDataError {
            let column = line.unicodeScalars.distance(from: line.startIndex, to: text.startIndex) + 1
            return CalendarDataError(file: file, line: lineNo, column: column, message: reason)
        }
    }

    /// The first part of `word` (a date or a `FIRST..LAST` span) that is not
    /// a date, if it looks like one: four digits, a dash, one or two digits,
    /// a dash, one or two digits. `nil` when every part is a date or the
    /// first one that is not does not look like one.
    static func dateTypo(in word: Substring) -> DateTypo? {
        let parts = word.split(separator: "..", omittingEmptySubsequences: false)
        guard parts.count <= 2, let part = parts.first(where: { CivilDate(iso: $0) == nil }) else { return nil }
        let fields = part.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, (1...2).contains(fields[1].count), (1...2).contains(fields[2].count),
              fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]) else { return nil }
        guard fields[1].count == 2, fields[2].count == 2 else {
            return DateTypo(text: part, reason: "\(part) is not an ISO date (YYYY-MM-DD)")
        }
        guard (1...12).contains(month) else { return DateTypo(text: part, reason: "\(part) is not a date (there is no month \(fields[1]))") }
        let days = CivilDate.daysInMonth(year: year, month: month)
        guard year > 0, day > 0, day > days else { return DateTypo(text: part, reason: "\(part) is not a calendar date") }
        let name = monthNames[month - 1] + (month == 2 ? " \(fields[0])" : "")
        return DateTypo(text: part, reason: "\(part) is not a date (\(name) has \(days) days)")
    }
}
