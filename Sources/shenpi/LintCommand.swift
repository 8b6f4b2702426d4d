import ArgumentParser
import Foundation
import ShenpiRules

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check workflow files and report problems.",
        discussion: """
            Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage, 3 fatal.
            Rules and their exact messages: docs/rules.md.
            """
    )

    @Argument(help: "Files or folders to check ('-' reads standard input). Default: workflows/")
    var paths: [String] = []

    @Option(help: "Output format: text, json, sarif, github.")
    var format: String = "text"

    @Option(help: "The registry of departments and roles (default: the nearest registry.yaml above each file).")
    var registry: String?

    @Option(help: "Source snippets with a caret underline in text output: auto (on a terminal), always, never.")
    var snippets: String = "auto"

    func run() throws {
        guard let fmt = OutputFormat(rawValue: format) else {
            throw ValidationError("unknown format \"\(format)\"; expected one of " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard ["auto", "always", "never"].contains(snippets) else {
            throw ValidationError("unknown --snippets value \"\(snippets)\"; expected auto, always or never")
        }
        let targets = paths.isEmpty ? ["workflows"] : paths
        let linter = Linter(calendars: try CalendarSupport.bundled(), registryPath: registry)
        let stdin = targets.contains("-") ? StandardInput.read(limit: linter.loader.limits.maxFileBytes) : nil
        let result: LintResult
        do {
            result = try linter.lint(paths: targets, stdin: stdin)
        } catch let e as LintUsageError {
            throw ValidationError(e.description)
        }
        let tty = isatty(STDOUT_FILENO) == 1
        let showSnippets = snippets == "always" || (snippets == "auto" && tty)
        let color = tty && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        StandardOutput.write(Data(fmt.render(result, snippets: showSnippets, color: color && fmt == .text).utf8))
        if result.errorCount > 0 { throw ExitCode(1) }
    }
}
