import ArgumentParser
import Diagnostics
import Foundation

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
}
