/// A folder of calendar files read for lint: every problem found, and the
/// calendars of the files without one.
public struct CalendarFolderSurvey: Sendable {
    /// `base` with the folder's good files layered on it (`base` alone when
    /// the folder cannot be listed or what is left does not build).
    public var registry: CalendarRegistry
    /// The files left out, by their name in the folder.
    public var broken: Set<String>
    /// Each file's own errors (every one, in line order), then the first
    /// problem building the calendars from the rest, one per file left out.
    /// Files are named by their name in the folder (`inFolder` gives the path).
    public var errors: [CalendarDataError]
}

extension CalendarRegistry {
    /// Reads every `*.cal` file of `directory` over `base` as `loading`
    /// does, but goes on past a broken file: all of its syntax errors are
    /// collected, it is left out, and the others still build. What only the
    /// built calendars show (a date past `covers`, a copy of `cn` that
    /// changes a day) stops a file at its first problem, as its fix often
    /// moves the rest.
    public static func survey(directory: String, over base: CalendarRegistry) -> CalendarFolderSurvey {
        let files: [(name: String, text: Result<String, CalendarDataError>)]
        do {
            files = try calendarFiles(in: directory)
        } catch {
            return CalendarFolderSurvey(registry: base, broken: [], errors: [error])
        }
        var broken: Set<String> = []
        var errors: [CalendarDataError] = []
        var parsed: [CalendarDefinition] = []
        for (name, text) in files {
            switch text {
            case .failure(let error):
                errors.append(error)
                broken.insert(name)
            case .success(let text):
                let (definition, found) = CalendarDefinition.read(text, file: name)
                if found.isEmpty { parsed.append(definition) } else { errors += found; broken.insert(name) }
            }
        }
        while true {
            do {
                let registry = try layering(parsed.filter { !broken.contains($0.file) }, over: base)
                return CalendarFolderSurvey(registry: registry, broken: broken, errors: errors)
            } catch {
                errors.append(error)
                // An error not of one file of the folder cannot be passed by leaving a file out.
                guard parsed.contains(where: { $0.file == error.file }), broken.insert(error.file).inserted else {
                    return CalendarFolderSurvey(registry: base, broken: broken, errors: errors)
                }
            }
        }
    }
}
