import ArgumentParser
import Foundation
import ShenpiExpression
import ShenpiServer

struct Shenpi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shenpi",
        abstract: "Compile, check and run government approval workflows.",
        version: Release.version,
        subcommands: [
            LintCommand.self, CompileCommand.self, GraphCommand.self, GuideCommand.self, SchemaCommand.self,
            CalendarCommand.self, BenchCommand.self, AuditCommand.self, TestCommand.self, ReportCommand.self,
            ServeCommand.self, TokenCommand.self, BackupCommand.self,
        ]
    )
}

/// Exit codes are part of the CLI contract: 0 fine, 1 problems found,
/// 2 bad usage (argument-parser's own default would be 64), 3 fatal.
@main
enum Main {
    static func main() async {
        // argument-parser's --version prints the configuration's one line; ours says more.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(VersionText.render())
            StandardOutput.finish()
            return
        }
        // `shenpi check`: argument-parser says "2 unexpected arguments"; name the command instead.
        if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), first != "help",
           !Shenpi.configuration.subcommands.contains(where: { $0.configuration.commandName == first }) {
            let names = Shenpi.configuration.subcommands.compactMap { $0.configuration.commandName }
            // Words other tools use for the same jobs, then spelling.
            let synonyms = ["check": "lint", "validate": "lint", "verify": "audit", "start": "serve", "run": "serve", "diagram": "graph"]
            let close = synonyms[first] ?? names.first { $0.hasPrefix(first) || first.hasPrefix($0) } ?? closestMatch(for: first, among: names, maxDistance: 2)
            let hint = close.map { "did you mean \"\($0)\"? " } ?? ""
            FileHandle.standardError.write(Data(("shenpi: error: unknown command \"\(first)\"; \(hint)the commands are "
                + names.joined(separator: ", ") + " (shenpi --help)\n").utf8))
            Foundation.exit(2)
        }
        var command: ParsableCommand
        do {
            command = try Shenpi.parseAsRoot()
        } catch {
            // Parse errors: argument-parser's message with the right usage line.
            let code = Shenpi.exitCode(for: error)
            // `shenpi lint --version`: argument-parser's answer is the one line; ours says more.
            if code == .success, Shenpi.fullMessage(for: error) == Release.version {
                print(VersionText.render())
                StandardOutput.finish()
                return
            }
            if code == .success {  // --help: printed here, so a failed write is exit 3 like any report
                print(Shenpi.fullMessage(for: error))
                StandardOutput.finish()
                return
            }
            var message = Shenpi.fullMessage(for: error)
            // `calendar add 2025-10-16 -10`: the -10 was read as an option, so the amount is "missing".
            let args = Array(CommandLine.arguments.dropFirst())
            if !args.contains("--"), let negative = args.first(where: { $0.count > 1 && $0.hasPrefix("-") && Int($0) != nil }) {
                message += "\nNote: \(negative) was read as an option; put arguments after -- to pass a negative number "
                    + "(shenpi calendar add -- 2025-10-16 -10)"
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : 3)
        }
        do {
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            StandardOutput.finish()
        } catch let exit as ExitCode {
            StandardOutput.finish()
            Foundation.exit(exit.rawValue)
        } catch let error as ValidationError {
            // Bad input found while running (a missing path, a bad date): one line.
            FileHandle.standardError.write(Data("shenpi: error: \(error.message)\n".utf8))
            StandardOutput.finish()
            Foundation.exit(2)
        } catch {
            // `shenpi help lint` runs a help command that "fails" with the help text.
            let code = Shenpi.exitCode(for: error)
            if code == .success {
                print(Shenpi.fullMessage(for: error))
                StandardOutput.finish()
                return
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((Shenpi.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            StandardOutput.finish()
            FileHandle.standardError.write(Data("shenpi: error: \(error)\n".utf8))
            Foundation.exit(3)
        }
    }
}
