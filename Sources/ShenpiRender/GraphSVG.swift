import Foundation

/// Graphviz's `dot` program, found on `PATH`, turning DOT text into SVG.
public struct Graphviz: Sendable {
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }

    /// The first executable `dot` in the folders of `searchPath` (`PATH`'s
    /// format); nil when Graphviz is not installed.
    public static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> Graphviz? {
        for folder in (searchPath ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/dot"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return Graphviz(executable: candidate)
            }
        }
        return nil
    }

    /// Runs `dot -Tsvg` over `dot` text. Input, output and messages go through
    /// temporary files, so a large diagram cannot block on a full pipe.
    public func svg(fromDOT dot: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("shenpi-graph-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("flow.dot")
        let output = folder.appendingPathComponent("flow.svg")
        let messages = folder.appendingPathComponent("messages.txt")
        try Data(dot.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: messages.path, contents: nil)
        let errors = try FileHandle(forWritingTo: messages)
        defer { try? errors.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg", "-o", output.path, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw GraphvizError(message: "cannot run \(executable): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        let said = (try? String(contentsOf: messages, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw GraphvizError(message: "\(executable) failed (status \(process.terminationStatus))" + (said.isEmpty ? "" : ": " + said))
        }
        guard let svg = try? String(contentsOf: output, encoding: .utf8) else {
            throw GraphvizError(message: "\(executable) wrote no SVG" + (said.isEmpty ? "" : ": " + said))
        }
        return svg
    }
}

/// Graphviz was found but could not draw the diagram.
public struct GraphvizError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
