extension CalendarDefinition {
    static let directives = ["calendar", "title", "base", "weekend", "covers", "hours", "year", "source", "off", "work"]
    static let weekdayNames = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    /// Parses one calendar file and throws its first problem (see `read`).
    public static func parse(_ text: String, file: String) throws(CalendarDataError) -> CalendarDefinition {
        let (definition, errors) = read(text, file: file)
        if let first = errors.first { throw first }
        return definition
    }

    /// Parses one calendar file and collects every problem it can show on
    /// its own (syntax, dates, every entry under a source, no date listed
    /// twice), at most one a line, in line order: a year's notice copied
    /// with three typos is fixed in one pass, as lint reports a flow. A
    /// line in error is passed over, so it does not also fault the lines
    /// after it. What needs the base calendar is checked when the registry
    /// is built. The definition is only of use when `errors` is empty.
    public static func read(_ text: String, file: String) -> (definition: CalendarDefinition, errors: [CalendarDataError]) {
        var reader = Reader(file: file)
        var errors: [CalendarDataError] = []
        for (index, raw) in lines(of: text).enumerated() {
            do { try reader.take(raw, lineNo: index + 1) } catch { errors.append(error) }
        }
        if !reader.calendarSeen && errors.isEmpty {
            errors.append(CalendarDataError(file: file, line: 0, message: "no 'calendar ID' line"))
        }
        return (reader.def, errors)
    }

    /// The state of a file read line by line.
    struct Reader {
        var def: CalendarDefinition
        var seen: Set<String> = []
        var listed: [CivilDate: Int] = [:]
        /// A `calendar` line was read, valid or not: a bad id is one error, not one a line.
        var calendarSeen = false
        var toldStart = false

        init(file: String) { def = CalendarDefinition(file: file, id: "") }

        mutating func take(_ raw: Substring, lineNo: Int) throws(CalendarDataError) {
            let file = def.file
            func fail(_ message: String) -> CalendarDataError { CalendarDataError(file: file, line: lineNo, message: message) }
            let line = stripComment(raw)
            guard !line.isEmpty else { return }
            let keyword = String(line.prefix { !$0.isWhitespace })
            let rest = line.dropFirst(keyword.count).trimmingSpaces
            let words = rest.split(whereSeparator: \.isWhitespace)

            guard directives.contains(keyword) else {
                throw fail("unknown directive '\(keyword)'; expected one of \(directives.joined(separator: ", "))")
            }
            if keyword == "calendar" { calendarSeen = true }
            if !calendarSeen && !toldStart {
                toldStart = true
                throw fail("a calendar file starts with 'calendar ID'")
            }
            if ["calendar", "title", "base", "weekend", "covers", "hours"].contains(keyword) {
                guard seen.insert(keyword).inserted else { throw fail("'\(keyword)' given twice") }
            }

            switch keyword {
            case "calendar":
                guard words.count == 1, isValidID(words[0]) else {
                    throw fail("expected 'calendar ID' with an id of lowercase letters, digits and '-'")
                }
                def.id = String(words[0])
                def.calendarLine = lineNo
            case "title":
                guard !rest.isEmpty else { throw fail("'title' needs a text") }
                def.title = String(rest)
            case "base":
                guard words.count == 1, isValidID(words[0]) else { throw fail("expected 'base ID'") }
                def.base = String(words[0])
                def.baseLine = lineNo
            case "weekend":
                var days: Set<Int> = []
                for w in words {
                    guard let d = weekdayNames[w.lowercased()] else {
                        throw fail("unknown weekday '\(w)'; expected mon, tue, wed, thu, fri, sat or sun")
                    }
                    days.insert(d)
                }
                guard days.count < 7 else { throw fail("a week needs at least one working day") }
                def.weekend = days
                def.weekendLine = lineNo
            case "covers":
                guard words.count == 2, let a = CivilDate(iso: words[0]), let b = CivilDate(iso: words[1]), a <= b else {
                    if words.count == 2, let typo = dateTypo(in: words[0]) ?? dateTypo(in: words[1]) { throw typo.error(raw, file, lineNo) }
                    throw fail("expected 'covers FIRST LAST' with ISO dates, FIRST not after LAST")
                }
                def.coverage = a...b
                def.coversLine = lineNo
            case "hours":
                if rest == "none" {
                    def.hours = .none
                } else if let hours = OfficeHours(parsing: rest) {
                    def.hours = .hours(hours)
                } else {
                    throw fail("expected 'hours none' or windows like '09:00-12:00 13:30-17:30', in order, not overlapping")
                }
                def.hoursLine = lineNo
            case "year":
                guard words.count >= 2, words[0].count == 4, let y = Int(words[0]) else {
                    // The entries below still have a section: they are not told they lack one.
                    def.sources.append(Source(year: nil, citation: "", line: lineNo))
                    throw fail("expected 'year YYYY CITATION' naming the notice that arranges the year")
                }
                if def.sources.contains(where: { $0.year == y }) { throw fail("year \(y) has two sections") }
                def.sources.append(Source(year: y, citation: String(rest.dropFirst(4).trimmingSpaces), line: lineNo))
            case "source":
                def.sources.append(Source(year: nil, citation: String(rest), line: lineNo))
                guard !rest.isEmpty else { throw fail("'source' needs a citation") }
            default:  // off, work
                guard !def.sources.isEmpty else {
                    throw fail("'\(keyword)' before any 'year' or 'source' line: every entry must cite its document")
                }
                guard let first = words.first, let (a, b) = parseSpan(first) else {
                    if let first = words.first, let typo = dateTypo(in: first) { throw typo.error(raw, file, lineNo) }
                    throw fail("expected '\(keyword) DATE [NAME]' or '\(keyword) FIRST..LAST [NAME]' with ISO dates")
                }
                guard a <= b, b.daysSinceEpoch - a.daysSinceEpoch < 31 else {
                    throw fail("span \(first) runs backwards or over a month")
                }
                let entry = Entry(kind: keyword == "off" ? .off : .work, first: a, last: b,
                                  name: String(rest.dropFirst(first.count).trimmingSpaces),
                                  source: def.sources.count - 1, line: lineNo)
                // Every day is noted before the first repeat is told, so a
                // later line repeating this one's other days names this line.
                var repeated: (CivilDate, Int)? = nil
                for date in entry.dates {
                    if let earlier = listed.updateValue(lineNo, forKey: date), repeated == nil { repeated = (date, earlier) }
                }
                if let (date, earlier) = repeated { throw fail("\(date) is already listed on line \(earlier)") }
                def.entries.append(entry)
            }
        }
    }

    /// The lines of `text` as an editor (and lint) breaks them: at `\n`,
    /// `\r\n` and `\r`. Splitting at `\n` alone read a file saved with
    /// Windows line ends as one line (`\r\n` is one Character), and a lone
    /// `\r` put every later error a line too high.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    static func parseSpan(_ text: Substring) -> (CivilDate, CivilDate)? {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false)
        guard parts.count <= 2, let a = CivilDate(iso: parts[0]) else { return nil }
        guard parts.count == 2 else { return (a, a) }
        guard let b = CivilDate(iso: parts[1]) else { return nil }
        return (a, b)
    }

    static func isValidID(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// Drops a `#` comment: one that starts the line or follows a space.
    static func stripComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        for i in line.indices {
            if line[i] == "#" && previous.isWhitespace { return line[..<i].trimmingSpaces }
            previous = line[i]
        }
        return line.trimmingSpaces
    }
}

extension StringProtocol {
    var trimmingSpaces: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
