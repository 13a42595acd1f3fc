import ArgumentParser

/// The `coursegen` command: a thin shell over the libraries, one subcommand per file.
@main
struct Coursegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coursegen",
        abstract: "Turns Markdown chapters with executable `nn` blocks into a computed, auto-graded course.",
        version: Coursegen.version,
        subcommands: [BuildCommand.self, ServeCommand.self, InitCommand.self, EvalCommand.self, RunCommand.self] + Coursegen.gradingCommands
    )

    /// Printed by `coursegen --version`; raised with each release.
    static let version = "0.2.0"
}
