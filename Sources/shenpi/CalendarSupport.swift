import ShenpiRules

/// The calendars lint may accept. (Wired to ShenpiCalendar's registry.)
enum CalendarSupport {
    static let catalog = CalendarCatalog(ids: ["cn"], withOfficeHours: ["cn"])
}
