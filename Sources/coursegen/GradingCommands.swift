import ArgumentParser
import Grader

extension Coursegen {
    /// The grading subcommands (`grade`, `handout`), kept apart from the root command so the
    /// grader can grow without touching it.
    static let gradingCommands: [any ParsableCommand.Type] = [GradeCommand.self, HandoutCommand.self]
}

/// `--lang en|ja` on `grade` and `handout`.
extension ReportLanguage: ExpressibleByArgument {}
