import ArgumentParser
import Foundation
import ShenpiRules

/// One flow, linted first: the commands that turn a flow into something else
/// (graph, compile) refuse a flow with errors.
enum LintedFlow {
    /// Lints the file; prints its errors and exits 1 when it has any.
    static func load(_ file: String, registry: String?) throws -> CheckedFlow {
        let linter = Linter(calendars: try CalendarSupport.bundled(), registryPath: registry)
        let stdin = file == "-" ? StandardInput.read(limit: linter.loader.limits.maxFileBytes) : nil
        var result: LintResult
        do {
            result = try linter.lint(paths: [file], stdin: stdin)
        } catch let e as LintUsageError {
            throw ValidationError(e.description)
        }
        if result.errorCount > 0 {
            result.diagnostics = result.diagnostics.filter { $0.severity == .error }
            let tty = isatty(STDERR_FILENO) == 1
            let color = tty && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            FileHandle.standardError.write(Data(OutputFormat.text.render(result, snippets: tty, color: color).utf8))
            throw ExitCode(1)
        }
        guard let checked = result.flows.first else {
            throw ValidationError("\(file) holds no flow (a flow file starts with a `workflow:` key)")
        }
        return checked
    }
}
