import ArgumentParser

@main
struct Shenpi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shenpi",
        abstract: "Compile, check and run government approval workflows.",
        subcommands: []
    )
}
