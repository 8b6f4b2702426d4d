import Foundation
import ShenpiRules

/// A path given to `shenpi test` that is neither a scenario file nor a folder holding some.
public struct ScenarioUsageError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Finds scenario files under paths and runs them all, in path order.
public enum ScenarioSuite {
    /// Every `*.yaml` / `*.yml` file: given files as they are, folders searched recursively, sorted.
    public static func files(at paths: [String], workingDirectory: String) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            // "" would be the working folder under another name, and its files would be named wrongly.
            guard !path.isEmpty else { throw ScenarioUsageError(description: "an empty path; name a scenario file or folder") }
            let full = path.hasPrefix("/") ? path : workingDirectory + "/" + path
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else {
                throw ScenarioUsageError(description: "no such file or folder: \(path)")
            }
            guard isDir.boolValue else {
                // A FIFO or a device would block the run or never end.
                guard FileWalker.isRegularFile(full) else { throw ScenarioUsageError(description: "not a regular file: \(path)") }
                out.append(path)
                continue
            }
            // A folder that cannot be read is an error, as in lint, never passed over.
            let below: [String]
            do { below = try FileWalker.yamlFiles(below: full, shownAs: path) } catch { throw ScenarioUsageError(description: "\(error)") }
            let shown = path.hasSuffix("/") ? path : path + "/"
            let found = below.map { shown + $0.dropFirst(full.count).drop { $0 == "/" } }
            guard !found.isEmpty else { throw ScenarioUsageError(description: "no *.yaml or *.yml scenario files under \(path)") }
            out += found
        }
        var seen: Set<String> = []
        return out.filter { seen.insert($0).inserted }
    }

    /// Runs every scenario under `paths`.
    public static func run(paths: [String], workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> ScenarioReport {
        let files = try files(at: paths, workingDirectory: workingDirectory)
        var runner = ScenarioRunner(workingDirectory: workingDirectory)
        return ScenarioReport(results: files.map { runner.run(path: $0) })
    }
}
