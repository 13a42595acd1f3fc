import ArgumentParser
import Diagnostics
import Foundation
import Grader

/// `coursegen grade`: grades answers files against a built course's exercises.
///
/// A thin shell over `Grader`: it exits non-zero only for a usage error or unreadable
/// exercises; whatever the students wrote, grading "ran" and the exit status is 0.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade students' answers files by executing their answers.",
        discussion: """
            One file: one report on standard output. Several files or folders: every *.json in \
            them is graded, one report per submission (JSON Lines with --format json). \
            See docs/grading.md for the answers-file and report formats.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, gradescope
    }

    @Argument(help: "Answers files, or folders whose *.json files are answers files.")
    var paths: [String]

    @Option(help: "The built course folder (its exercises/ folder) or a folder of exercise sheets.")
    var exercises: String

    @Option(help: "Report format: text, json (JSON Lines for several submissions) or gradescope (results.json).")
    var format: Format = .text

    @Option(help: "Language of feedback and reports: en or ja (default: the course's, from course.yml).")
    var lang: ReportLanguage?

    @Option(help: "Also write a CSV gradebook (student, per-exercise scores, total) to this file.")
    var gradebook: String?

    // `.unconditional`: `--max-file-bytes -1` is a value to refuse, not a missing one.
    @Option(parsing: .unconditional, help: "Largest answers file read, in bytes (1 to 1073741824, i.e. 1 GiB).")
    var maxFileBytes: Int = GradingLimits.standard.maxFileBytes

    func validate() throws {
        let range = GradingLimits.maxFileBytesRange
        guard range.contains(maxFileBytes) else {
            throw ValidationError("--max-file-bytes must be between \(range.lowerBound) and \(range.upperBound) (1 GiB); got \(maxFileBytes)")
        }
    }

    func run() throws {
        let grader: Grader
        do {
            var limits = GradingLimits.standard
            limits.maxFileBytes = maxFileBytes
            grader = try Grader(catalog: ExerciseCatalog.load(directory: exercises), limits: limits, reportLanguage: lang)
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        let files: [String]
        do {
            files = try Grader.answerFiles(in: paths)
        } catch {
            throw ValidationError(error.message)
        }
        guard !files.isEmpty else { throw ValidationError("no *.json answers files in \(paths.joined(separator: ", "))") }
        // One file, named (once or more) rather than found in a folder: one report, no summary.
        let single = files.count == 1 && !paths.contains { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
        if format == .gradescope, !single {
            throw ValidationError("--format gradescope writes one results.json: give exactly one answers file")
        }
        // Checked before grading: a report must not replace a device, a folder or an input.
        let gradebookFile: ReportFile?
        do {
            gradebookFile = try gradebook.map { path throws(Diagnostic) in
                try ReportFile(path, what: "the gradebook", answersFiles: files, inputFolder: ExerciseCatalog.sheetFolder(in: exercises))
            }
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        let reports = grader.grade(filesAt: files)
        for warning in Gradebook.duplicateWarnings(reports: reports, files: files) {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        var output = ""
        switch format {
        case .json:
            for report in reports { output += report.jsonLine() + "\n" }
        case .gradescope:
            output = GradescopeResults(report: reports[0]).json() + "\n"
        case .text:
            output = reports.map { $0.text() }.joined(separator: "\n\n") + "\n"
            if !single {
                output += "\n" + Gradebook.summary(reports: reports) + "\n"
            }
        }
        try DiagnosticOutput.writeToStandardOutput(output)
        if let gradebookFile {
            do {
                try gradebookFile.write(Gradebook.csv(reports: reports, exerciseIDs: grader.catalog.exerciseIDs))
            } catch {
                throw DiagnosticOutput.fail(with: error)
            }
        }
    }
}
