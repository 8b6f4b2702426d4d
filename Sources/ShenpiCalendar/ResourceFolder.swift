import Foundation

/// Finds a target's resource folder (`Shenpi_ShenpiCalendar.resources`) the
/// way an installation lays it out: beside the executable, or beside a
/// loaded bundle (the test runner). SwiftPM's `Bundle.module` also falls
/// back on the build folder the binary was compiled in, which hides a broken
/// install on the build machine and elsewhere stops the program
/// (`fatalError`, exit 132); here a missing folder is `nil`, and the caller
/// reports it (exit 3 from the CLI).
public enum ResourceFolder {
    public static func bundle(named name: String) -> Bundle? {
        var places = [Bundle.main.bundleURL]
        places += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        // The executable itself, links resolved: /usr/local/bin/shenpi → /opt/shenpi/shenpi.
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            places.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        for place in places {
            let path = place.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue, let bundle = Bundle(path: path) {
                return bundle
            }
        }
        return nil
    }

    /// Where the folder is expected, for messages.
    public static func expectedPlace(of name: String) -> String {
        Bundle.main.bundleURL.appendingPathComponent(name).path
    }
}
