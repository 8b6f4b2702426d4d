import ArgumentParser
import Foundation
import ShenpiCalendar

/// The bundled calendars. Unusable data means a broken installation: say so
/// and exit 3 (fatal) rather than trap.
enum CalendarSupport {
    static func bundled() throws -> CalendarRegistry {
        do {
            return try CalendarRegistry.loadBundled()
        } catch {
            FileHandle.standardError.write(Data("shenpi: bundled calendar data is unusable: \(error)\n".utf8))
            throw ExitCode(3)
        }
    }
}
