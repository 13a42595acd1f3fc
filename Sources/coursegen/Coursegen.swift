import ArgumentParser

/// The `coursegen` command: a thin shell over the libraries, one subcommand per file.
@main
struct Coursegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coursegen",
        abstract: "Turns Markdown chapters with executable `nn` blocks into a computed, auto-graded course.",
        subcommands: [BuildCommand.self, EvalCommand.self, RunCommand.self] + Coursegen.gradingCommands
    )
}
