import ShenpiCalendar
import ShenpiEngine
import ShenpiServer

/// What `shenpi --version` prints: the release on the first line (for
/// scripts), then what an operator checks before an upgrade or at year
/// end — the database schema this build writes, the engine rules new cases
/// get, and how far its bundled holiday data reaches.
enum VersionText {
    static func render() -> String {
        var lines = ["shenpi \(Release.version)", "database schema: \(Release.schema)", "engine rules for new cases: \(EngineRules.current)"]
        do {
            let bundled = try CalendarRegistry.loadBundled()
            let reach = bundled.ids.map { id in
                (try? bundled.calendar(id)).map { "\(id) \($0.coverage.lowerBound)…\($0.coverage.upperBound)" } ?? id
            }
            lines.append("bundled holiday data: " + reach.joined(separator: ", "))
        } catch {
            lines.append("bundled holiday data: unreadable (\(error))")
        }
        return lines.joined(separator: "\n")
    }
}
