import ShenpiCalendar
import ShenpiStore
import XCTest

/// A reload that would change a covered day is refused naming the calendar
/// whose file was edited (a base before the calendars layered on it) and the
/// line behind the first changed day.
final class CalendarReloadTests: XCTestCase {
    // `root` sorts after `center`, which is layered on it: by id alone the
    // center would be named for the root's edit.
    let root = "calendar root\ncovers 2027-01-01 2027-12-31\nyear 2027 测试数据（并非通知）\noff 2027-06-07..2027-06-09 端午节\n"
    let center = "calendar center\nbase root\nhours 09:00-17:00\n"

    func registry(root: String? = nil, center: String? = nil) throws -> CalendarRegistry {
        try CalendarRegistry(files: [(name: "root.cal", text: root ?? self.root), (name: "center.cal", text: center ?? self.center)])
    }

    func refusal(_ new: CalendarRegistry) throws -> String {
        let old = try registry()
        let engine = CaseEngine(database: try AppDatabase.inMemory(), calendars: old)
        do {
            try engine.replaceCalendars(new)
        } catch {
            XCTAssertEqual(engine.calendars.definitions, old.definitions, "nothing taken")
            return "\(error)"
        }
        return "taken"
    }

    func testTheEditedBaseIsNamedAtTheEntryThatChangesTheDay() throws {
        let stay = "; the running calendars stay (restart to change days already covered)"
        // A Saturday made a working day: the new entry's line.
        XCTAssertEqual(try refusal(registry(root: root + "work 2027-06-12 端午节调休\n")),
                       "calendar root would make 2027-06-12 a working day; it is a day off now (root.cal:5)" + stay)
        // A day no entry lists any more: the `covers` line.
        XCTAssertEqual(try refusal(registry(root: root.replacingOccurrences(of: "..2027-06-09", with: "..2027-06-08"))),
                       "calendar root would make 2027-06-09 a working day; it is a day off now (root.cal:2)" + stay)
        // The layer's own entry.
        XCTAssertEqual(try refusal(registry(center: center + "source 中心公告\noff 2027-03-01 闭厅\n")),
                       "calendar center would make 2027-03-01 a day off; it is a working day now (center.cal:5)" + stay)
        XCTAssertEqual(try refusal(registry(root: root + "year 2028 测试\n")), "taken", "a year section alone changes no day")
    }
}
