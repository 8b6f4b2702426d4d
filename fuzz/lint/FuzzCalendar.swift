// Mode `cal` of fuzz/lint/run: the input is one calendar data file's text.
// It is parsed (`CalendarDefinition.parse`), then written as `fuzz.cal` into
// the folder the script prepared and loaded over the bundled calendars
// (`CalendarRegistry.loading(directory:over:)`: a file with a bundled id
// replaces it if it only adds days), then the calendar it defines is asked
// questions across its range. Invariants: a `CalendarDataError` names a line
// of the file it names (0 for the file as a whole) and a column within that
// line, as an editor counts them; the bundled calendars answer as before
// after a load; the day arithmetic agrees with itself.
import Foundation
import ShenpiCalendar

private let calendarFolder: String = {
    let folder = ProcessInfo.processInfo.environment["SHENPI_FUZZ_CATALOG"]
        ?? NSTemporaryDirectory() + "/shenpi-fuzz-cal-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}()
private let fuzzFile = "fuzz.cal"

/// The bundled files' texts by name, to check the lines an error names in them.
private let bundledTexts: [String: String] = {
    guard let data = ResourceFolder.bundle(named: "Shenpi_ShenpiCalendar.resources")?.url(forResource: "Data", withExtension: nil),
          let names = try? FileManager.default.contentsOfDirectory(atPath: data.path) else {
        fatalError("the bundled calendar data is not beside the fuzzer")
    }
    var texts: [String: String] = [:]
    for name in names where name.hasSuffix(".cal") {
        texts[name] = try? String(contentsOfFile: data.path + "/" + name, encoding: .utf8)
    }
    return texts
}()

/// The length in Unicode scalars of each line as an editor breaks them
/// (`\\n`, `\\r\\n`, `\\r`), a final empty line included.
private func editorLineLengths(_ text: String) -> [Int] {
    var lengths: [Int] = []
    var current = 0
    var afterCR = false
    for scalar in text.unicodeScalars {
        if scalar == "\n" {
            if !afterCR { lengths.append(current) }
            current = 0
            afterCR = false
        } else if scalar == "\r" {
            lengths.append(current)
            current = 0
            afterCR = true
        } else {
            current += 1
            afterCR = false
        }
    }
    lengths.append(current)
    return lengths
}

/// An error points into the file it names: a line of it (0: the file as a
/// whole) and a column within that line (0: the line as a whole).
private func checkLocated(_ error: CalendarDataError, texts: [String: String]) {
    guard error.line >= 0, error.column >= 0, !error.message.isEmpty, error.column == 0 || error.line > 0 else {
        fatalError("calendar error with a bad place: line \(error.line) column \(error.column): \(error)")
    }
    guard error.line > 0 else { return }
    guard let text = texts[error.file] else {
        fatalError("calendar error names line \(error.line) of \(error.file), which was not read: \(error)")
    }
    let lengths = editorLineLengths(text)
    guard error.line <= lengths.count else {
        fatalError("calendar error at line \(error.line) of a file of \(lengths.count) lines: \(error)")
    }
    guard error.column <= lengths[error.line - 1] + 1 else {
        fatalError("calendar error at column \(error.column) of a line of \(lengths[error.line - 1]) characters: \(error)")
    }
}

func fuzzCalendar(_ text: String) {
    var texts = bundledTexts
    texts[fuzzFile] = text
    let definition: CalendarDefinition
    do {
        definition = try CalendarDefinition.parse(text, file: fuzzFile)
    } catch {
        checkLocated(error, texts: texts)
        return
    }
    let standard = CalendarRegistry.standard
    let registry: CalendarRegistry
    do {
        guard FileManager.default.createFile(atPath: calendarFolder + "/" + fuzzFile, contents: Data(text.utf8)) else {
            fatalError("cannot write \(calendarFolder)/\(fuzzFile)")
        }
        registry = try CalendarRegistry.loading(directory: calendarFolder, over: standard)
    } catch {
        checkLocated(error, texts: texts)
        return
    }
    guard let calendar = registry.calendars[definition.id] else { fatalError("'\(definition.id)' loaded but is not in the registry") }
    // A copy of a bundled calendar only adds days, so every bundled calendar
    // (and those layered on the one it replaces) answers as before.
    for (id, old) in standard.calendars {
        guard let now = registry.calendars[id] else { fatalError("bundled calendar '\(id)' lost by loading \(definition.id)") }
        if let problem = now.problem(replacing: old) { fatalError("loading '\(definition.id)' changed a bundled calendar: \(problem)") }
    }
    // Replacing any bundled calendar: the problem is placed in a file read.
    for old in standard.calendars.values {
        guard let problem = calendar.replacementProblem(replacing: old) else { continue }
        if let place = calendar.place(of: problem) {
            checkLocated(CalendarDataError(file: place.file, line: place.line, message: problem.description), texts: texts)
        }
    }
    exercise(calendar)
}

/// Questions across the covered range, at most a few hundred days of it.
private func exercise(_ calendar: WorkingCalendar) {
    let first = calendar.coverage.lowerBound, last = calendar.coverage.upperBound
    let days = last.daysSinceEpoch - first.daysSinceEpoch + 1
    for year in first.year...last.year { _ = try? calendar.workdays(inYear: year) }
    _ = try? calendar.workdays(inYear: last.year + 1, beyond: .guessWeekendsOnly)
    let total: Int
    do {
        total = try calendar.workdays(from: first, to: last).value
    } catch {
        fatalError("covered range \(first) to \(last) refused: \(error)")
    }
    _ = try? calendar.addingWorkdays(total + 3, to: first.adding(days: -1), beyond: .guessWeekendsOnly)
    _ = try? calendar.addingWorkdays(-total - 3, to: last, beyond: .guessWeekendsOnly)
    let stride = max(1, days / 200)
    for offset in Swift.stride(from: 0, to: days, by: stride) {
        let date = first.adding(days: offset)
        guard let working = try? calendar.isWorkingDay(date).value, let kind = try? calendar.kind(of: date) else {
            fatalError("covered day \(date) refused")
        }
        if working != kind.isWorking { fatalError("\(date): isWorkingDay \(working), kind \(kind)") }
        for n in [1, 7, 30, -5] {
            guard let end = try? calendar.addingWorkdays(n, to: date).value else { continue }
            if n > 0, (try? calendar.workdays(from: date, to: end).value) != n {
                fatalError("\(n) workdays after \(date) is \(end), but workdays(from:to:) disagrees")
            }
            if n > 0, (try? calendar.isWorkingDay(end).value) != true { fatalError("\(n) workdays after \(date) is \(end), not a working day") }
        }
        if let next = try? calendar.firstWorkingDay(onOrAfter: date).value {
            if next < date || (try? calendar.isWorkingDay(next).value) != true { fatalError("first working day on or after \(date) is \(next)") }
            if working && next != date { fatalError("\(date) is a working day but the first one on or after it is \(next)") }
        }
        _ = try? calendar.addingDays(10, to: date, rollingOffDaysForward: true)
        // Legal clocks on it: a due instant, read off the tables or counted, is the same.
        let start = Instant(date: date, secondOfDay: 10 * 3600 + 17)
        for limit in [TimeLimit(5, .workdays), TimeLimit(0, .workdays), TimeLimit(3, .hours), TimeLimit(10, .days)] {
            let due = try? LegalClock.dueOfNewClock(limit: limit, startingAt: start, calendar: calendar)
            if calendar.reaches(limit, from: start) != (due != nil) { fatalError("\(limit) from \(start): reaches disagrees with the due \(String(describing: due))") }
            if let fast = calendar.dueOfWorkdays(limit, from: start), fast != due { fatalError("\(limit) from \(start): due \(fast), counted \(String(describing: due))") }
        }
    }
    _ = calendar.shortestSpan(ofWorkdays: 10)
    _ = calendar.sources
    _ = calendar.officeHours?.description
}
