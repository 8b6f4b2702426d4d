import ArgumentParser
import Foundation
import ShenpiScenario

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run scenario files: a flow, a virtual clock, commands and expectations.",
        discussion: """
            Prints PASS or FAIL per scenario (a failure with file:line, expected and actual), then "N passed, M failed".
            Exit status: 0 all passed, 1 a scenario failed or is malformed, 2 bad usage.
            Format: docs/scenarios.md.
            """
    )

    @Argument(help: "Scenario files or folders (searched for *.yaml). Default: fixtures/scenarios")
    var paths: [String] = []

    func run() throws {
        let report: ScenarioReport
        do {
            report = try ScenarioSuite.run(paths: paths.isEmpty ? ["fixtures/scenarios"] : paths)
        } catch let e as ScenarioUsageError {
            throw ValidationError(e.description)
        }
        StandardOutput.write(Data(report.text.utf8))
        if report.failedCount > 0 { throw ExitCode(1) }
    }
}
