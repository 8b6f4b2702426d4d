import ArgumentParser
import Foundation
import ShenpiLanguage

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the workflow language, for editor completion.",
        discussion: """
            JSON Schema draft 2020-12, generated from the language's own key lists; one schema for flow files and registry.yaml. \
            Point the YAML language server at it with a first line like

              # yaml-language-server: $schema=../../docs/shenpi.schema.json

            docs/shenpi.schema.json is a checked-in copy. See docs/language.md, "Editor support".
            """
    )

    @Option(help: ArgumentHelp("Write the schema to this file instead of standard output.", valueName: "file"))
    var out: String?

    func run() throws {
        let data = Data(LanguageSchema.serialized().utf8)
        guard let out else {
            StandardOutput.write(data)
            return
        }
        try OutputFile.write(data, to: out)
    }
}
