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
            The grading key is --exercises DIR, or ./grading (where `coursegen build` writes it). \
            See docs/grading.md for the answers-file and report formats.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, gradescope
    }

    @Argument(help: "Answers files, or folders whose *.json files are answers files.")
    var paths: [String]

    @Option(help: "The grading key `coursegen build` wrote (default: ./grading), or a folder of exercise sheets.")
    var exercises: String?

    @Option(help: "Report format: text, json (JSON Lines for several submissions) or gradescope (results.json).")
    var format: Format = .text

    @Option(help: "Language of feedback and reports: en or ja (default: the course's, from course.yml).")
    var lang: ReportLanguage?

    @Option(help: "Also write a CSV gradebook (student, name, file, status, per-exercise scores, total; a row of maximums) to this file.")
    var gradebook: String?

    @Option(help: "The class list, a CSV file with the header 'id,name': reports ids it does not list and students with no file; orders the gradebook.")
    var roster: String?

    @Option(help: "Gradescope's submission_metadata.json: the submitting student's id (users[0].sid, else email) replaces the file's. Default with --format gradescope: /autograder/submission_metadata.json when it exists.")
    var submissionMetadata: String?

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
        let key: String, grader: Grader, roster: Roster?, submitter: String?
        do {
            key = try GradingKeyFolder.resolve(exercises)
            var limits = GradingLimits.standard
            limits.maxFileBytes = maxFileBytes
            grader = try Grader(catalog: ExerciseCatalog.load(directory: key), limits: limits, reportLanguage: lang)
            roster = try self.roster.map { path throws(Diagnostic) in try Roster.load(path) }
            submitter = try submissionMetadataPath.map { path throws(Diagnostic) in try GradescopeMetadata.studentID(at: path) }
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
        if submitter != nil, !single {
            throw ValidationError("--submission-metadata names one submitter: give exactly one answers file")
        }
        let gradebookFile = try checkedGradebook(files: files, key: key)
        let reports = submitter.map { [grader.grade(fileAt: files[0], student: $0)] } ?? grader.grade(filesAt: files)
        var warnings = Gradebook.duplicateWarnings(reports: reports, files: files, language: grader.reportLanguage)
        if let roster { warnings += Gradebook.rosterWarnings(reports: reports, files: files, roster: roster, language: grader.reportLanguage) }
        for warning in warnings {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        try DiagnosticOutput.writeToStandardOutput(output(reports, single: single))
        if let gradebookFile {
            do {
                try gradebookFile.write(Gradebook.csv(reports: reports, files: files, exercises: grader.catalog.exercises, roster: roster))
            } catch {
                throw DiagnosticOutput.fail(with: error)
            }
        }
    }

    /// Gradescope's metadata file: as given, else the autograder's own when this runs as one
    /// (`--format gradescope` and `/autograder/submission_metadata.json` exists).
    var submissionMetadataPath: String? {
        if let submissionMetadata { return submissionMetadata }
        guard format == .gradescope, FileManager.default.fileExists(atPath: GradescopeMetadata.standardPath) else { return nil }
        return GradescopeMetadata.standardPath
    }

    /// Checked before grading: a report must not replace a device, a folder, an input or the roster.
    private func checkedGradebook(files: [String], key: String) throws -> ReportFile? {
        guard let gradebook else { return nil }
        do throws(Diagnostic) {
            if let roster, Self.isSameFile(roster, gradebook) {
                throw Diagnostic(at: nil, "cannot write the gradebook to '\(gradebook)': that would overwrite the roster")
            }
            return try ReportFile(gradebook, what: "the gradebook", answersFiles: files, inputFolder: ExerciseCatalog.sheetFolder(in: key))
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
    }

    private static func isSameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).resolvingSymlinksInPath().standardized.path
            == URL(fileURLWithPath: b).resolvingSymlinksInPath().standardized.path
    }

    private func output(_ reports: [Report], single: Bool) -> String {
        switch format {
        case .json:
            return reports.map { $0.jsonLine() + "\n" }.joined()
        case .gradescope:
            return GradescopeResults(report: reports[0]).json() + "\n"
        case .text:
            var output = reports.map { $0.text() }.joined(separator: "\n\n") + "\n"
            if !single {
                output += "\n" + Gradebook.summary(reports: reports) + "\n"
            }
            return output
        }
    }
}
