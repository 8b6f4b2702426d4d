import Foundation
import ShenpiCalendar
import ShenpiRules
import ShenpiSyntax

/// Helpers shared by the test targets.
public enum TestSupport {
    /// The package root, found from this file's location.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ relative: String) -> String {
        repositoryRoot + "/" + relative
    }

    /// Re-record golden files instead of comparing (`SHENPI_RECORD=1 swift test`).
    public static var recording: Bool {
        ProcessInfo.processInfo.environment["SHENPI_RECORD"] == "1"
    }

    public static func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// The bundled calendars, as the CLI uses them.
    public static let calendars = CalendarRegistry.standard

    /// Lints paths relative to the repository root, as `shenpi lint` run there would.
    public static func lint(_ paths: [String], registry: String? = nil) throws -> LintResult {
        try Linter(calendars: calendars, registryPath: registry.map(path), workingDirectory: repositoryRoot).lint(paths: paths)
    }

    /// Lints `text` as `t.yaml` in a fresh temporary folder, against the lint
    /// fixtures' registry (`fixtures/lint/registry.yaml`).
    public static func lint(text: String) throws -> [Diagnostic] {
        let dir = NSTemporaryDirectory() + "shenpi-lint-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try text.write(toFile: dir + "/t.yaml", atomically: true, encoding: .utf8)
        return try Linter(calendars: calendars, registryPath: path("fixtures/lint/registry.yaml"), workingDirectory: dir)
            .lint(paths: ["t.yaml"]).diagnostics
    }

    /// Writes `text` to `path`, creating the folders on the way (a catalog
    /// built in a temporary folder).
    public static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The YAML files directly in a folder of the repository, sorted.
    public static func files(in folder: String, suffix: String = ".yaml") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
    }
}

private struct UnwritableFile: Error, CustomStringConvertible {
    var description: String
}

private func openForWriting(_ path: String) throws -> FileHandle {
    guard let handle = FileHandle(forWritingAtPath: path) else { throw UnwritableFile(description: "cannot open \(path) for writing") }
    return handle
}

/// The built `shenpi` executable beside the running test bundle.
public enum BuiltShenpi {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// `nil` when the executable was not built (the caller skips).
    public static var url: URL? {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
        let url = (bundle?.bundleURL.deletingLastPathComponent() ?? Bundle.main.bundleURL).appendingPathComponent("shenpi")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// Runs `shenpi arguments` in `directory` to completion; `nil` when it was not built.
    /// With `stdoutPath` its standard output goes to that file (`/dev/full`), not a pipe.
    public static func run(_ arguments: [String], in directory: String = TestSupport.repositoryRoot,
                           stdoutPath: String? = nil) throws -> Output? {
        guard let url else { return nil }
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        let file = try stdoutPath.map { path in try openForWriting(path) }
        p.standardOutput = file ?? out
        p.standardError = err
        try p.run()
        if file != nil { try out.fileHandleForWriting.close() }
        let o = file == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
