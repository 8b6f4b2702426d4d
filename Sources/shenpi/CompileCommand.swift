import ArgumentParser
import Foundation
import ShenpiMachine
import ShenpiRules

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a flow to its state machine and print it as JSON.",
        discussion: """
            The flow is linted first; a flow with errors is not compiled (its errors are printed \
            to standard error, exit 1). The output is the machine's canonical JSON, whose \
            "fingerprint" the runtime pins cases to. Format: docs/machine.md.
            """
    )

    @Argument(help: "The flow file ('-' reads standard input).")
    var file: String

    @Option(help: "Write the machine to this file instead of standard output.")
    var out: String?

    @Option(help: "The registry of departments and roles (default: the nearest registry.yaml above the file).")
    var registry: String?

    @Flag(help: "Print only the fingerprint.")
    var fingerprint = false

    func run() throws {
        var isDirectory: ObjCBool = false
        if file != "-", FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("compile takes one flow; \(file) is a folder")
        }
        let checked = try LintedFlow.load(file, registry: registry)
        guard let compiled = MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow)) else {
            // Lint-clean flows compile unless a suppression hid what the compiler
            // will not take (exit 1: the file's fault); anything else is a Shenpi bug (3).
            if let why = MachineCompiler.refusal(of: checked.flow) {
                FileHandle.standardError.write(Data("shenpi: error: \(file) passed lint but did not compile: \(why)\n".utf8))
                throw ExitCode(1)
            }
            FileHandle.standardError.write(Data("shenpi: error: \(file) passed lint but did not compile\n".utf8))
            throw ExitCode(3)
        }
        let data = fingerprint ? Data((compiled.machine.fingerprint + "\n").utf8) : try MachineCodec.encode(compiled.machine) + Data("\n".utf8)
        guard let out else {
            StandardOutput.write(data)
            return
        }
        try OutputFile.write(data, to: out)
    }
}
