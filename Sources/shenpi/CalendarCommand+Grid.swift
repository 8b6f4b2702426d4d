import ShenpiCalendar

/// Renders a covered year as three months per row. Each day is four
/// characters: the number and a mark, `*` for a listed day off, `+` for an
/// adjusted working day; with colour, days off are red, adjusted working
/// days bold blue and weekends dim. The marks stay when colour is on.
struct CalendarGrid {
    let calendar: WorkingCalendar
    let year: Int
    let colour: Bool

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]
    static let cellWidth = 4
    static let gap = "   "

    func render() -> String {
        let workdays = (try? calendar.workdays(inYear: year).value).map(String.init) ?? "?"
        var out = "\(calendar.id) \(year) · \(calendar.title) · \(workdays) working days\n"
        out += "marks: 1* day off (holiday, closure)   1+ adjusted working day (调休)   weekends unmarked\n\n"
        for quarter in 0..<4 {
            let months = (1...3).map { quarter * 3 + $0 }
            let blocks = months.map(monthLines)
            for row in 0..<blocks.map(\.count).max()! {
                let line = blocks.map { row < $0.count ? $0[row] : String(repeating: " ", count: 7 * Self.cellWidth) }
                out += line.joined(separator: Self.gap).trailingSpacesTrimmed + "\n"
            }
            out += "\n"
        }
        out += entriesAndSources()
        return out
    }

    /// Title, weekday header and week rows of one month, each 28 visible columns.
    func monthLines(_ month: Int) -> [String] {
        let title = "\(Self.monthNames[month - 1]) \(year)"
        let pad = (7 * Self.cellWidth - title.count) / 2
        var lines = [String(repeating: " ", count: pad) + title + String(repeating: " ", count: 7 * Self.cellWidth - pad - title.count)]
        lines.append(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].map { " \($0) " }.joined())
        let first = CivilDate(year: year, month: month, day: 1)!
        var cells = Array(repeating: String(repeating: " ", count: Self.cellWidth), count: first.weekday - 1)
        for day in 1...CivilDate.daysInMonth(year: year, month: month) {
            cells.append(cell(CivilDate(year: year, month: month, day: day)!))
        }
        while cells.count % 7 != 0 { cells.append(String(repeating: " ", count: Self.cellWidth)) }
        for week in stride(from: 0, to: cells.count, by: 7) {
            lines.append(cells[week..<week + 7].joined())
        }
        return lines
    }

    func cell(_ date: CivilDate) -> String {
        let number = (date.day < 10 ? "  " : " ") + String(date.day)
        let kind = (try? calendar.kind(of: date)) ?? .workday
        switch kind {
        case .workday: return number + " "
        case .weekend: return paint(number, "2") + " "
        case .dayOff: return paint(number + "*", "31")
        case .adjustedWorkday: return paint(number + "+", "1;34")
        }
    }

    func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The year's listed days and the documents they come from.
    func entriesAndSources() -> String {
        var lines: [String] = []
        var cited: [String] = []
        for layer in calendar.layers {
            for entry in layer.entries where entry.first.year == year || entry.last.year == year {
                let span = entry.first == entry.last ? "\(entry.first)" : "\(entry.first)..\(entry.last)"
                let what = entry.kind == .off ? "day off" : "working"
                lines.append(span.padding(to: 23) + what.padding(to: 9) + entry.name)
                let citation = layer.sources[entry.source].citation
                if !cited.contains(citation) { cited.append(citation) }
            }
        }
        let entries = lines.sorted().joined(separator: "\n")
        let sources = cited.map { "source: \($0)" }.joined(separator: "\n")
        return entries + (entries.isEmpty ? "" : "\n") + sources + (sources.isEmpty ? "" : "\n")
    }
}

fileprivate extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    var trailingSpacesTrimmed: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
