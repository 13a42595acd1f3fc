import ArgumentParser
import Diagnostics
import Foundation
import Grader

/// Prints diagnostics to standard error and turns them into a failing exit code.
enum DiagnosticOutput {
    static func printToStandardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func fail(with list: DiagnosticList) -> ExitCode {
        printToStandardError(list.description)
        let errors = list.diagnostics.filter { $0.severity == .error }.count
        if errors > 1 { printToStandardError("\(errors) errors") }
        return ExitCode.failure
    }

    static func fail(with diagnostic: Diagnostic) -> ExitCode {
        fail(with: DiagnosticList([diagnostic]))
    }

    /// Writes a command's product (a report, a handout, eval's JSON) to standard output; a
    /// failed write (a full disk, a closed pipe) is an error with exit 1, never a crash or a
    /// silently short output.
    static func writeToStandardOutput(_ text: String, what: String = "the report") throws {
        do {
            try ReportFile.writeToStandardOutput(text, what: what)
        } catch {
            throw fail(with: error)
        }
    }
}
