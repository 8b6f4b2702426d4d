import ArgumentParser
import Foundation
import ShenpiCalendar

/// The bundled calendars. Unusable data means a broken installation: say so
/// and exit 3 (fatal) rather than trap.
enum CalendarSupport {
    /// The daemon's default catalog's calendars, read by default where it exists.
    static let catalogFolder = "workflows/calendars"

    static func bundled() throws -> CalendarRegistry {
        do {
            return try CalendarRegistry.loadBundled()
        } catch {
            FileHandle.standardError.write(Data("shenpi: bundled calendar data is unusable: \(error)\n".utf8))
            throw ExitCode(3)
        }
    }

    /// `--calendars`, or else the daemon's `./workflows/calendars` when it
    /// exists: a bad folder given is a usage error, one found by default is
    /// warned about (`for`: what it would have served) and left out.
    static func bundled(over explicit: String?, orDefaultFor use: String) throws -> CalendarRegistry {
        if let explicit { return try bundled(over: explicit) }
        guard FileManager.default.fileExists(atPath: "workflows/calendars") else { return try bundled() }
        do {
            return try bundled(over: "workflows/calendars")
        } catch {
            FileHandle.standardError.write(Data("shenpi: warning: workflows/calendars not used for \(use): \(error)\n".utf8))
            return try bundled()
        }
    }

    /// The bundled calendars with a folder of `*.cal` files layered over them
    /// (`--calendars`, a catalog's own calendars); a bad folder is a usage error.
    static func bundled(over folder: String?) throws -> CalendarRegistry {
        let registry = try bundled()
        guard let folder else { return registry }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("no such calendar folder: \(folder)")
        }
        do {
            return try CalendarRegistry.loading(directory: folder, over: registry)
        } catch {
            throw ValidationError(error.inFolder(folder).description)
        }
    }
}
