import ArgumentParser
import Diagnostics
import CourseBuilder
import Foundation
import Grader

/// `coursegen handout`: one student's exercise sheet, with their own numbers and no answers.
struct HandoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handout",
        abstract: "Write a student's exercise sheet (Markdown, and HTML with --html) with their per-student numbers.",
        discussion: """
            Prompts' {{name}} placeholders are filled with the student's parameter values; see docs/grading.md. \
            The Markdown keeps math as TeX; the HTML page is one self-contained file with every formula \
            typeset by KaTeX (node; scripts/setup.sh installs it) as MathML, which browsers draw without fonts.
            """)

    @Option(help: "The student's id, as they will write it in their answers file.")
    var student: String

    @Option(help: "The grading key `coursegen build` wrote (default: ./grading), or a folder of exercise sheets.")
    var exercises: String?

    @Option(help: ArgumentHelp("Only this chapter's exercises (its file, e.g. 04-backprop.md), with the problem numbers its page shows.", valueName: "file"))
    var chapter: String?

    @Option(name: .shortAndLong, help: "Write the Markdown to this file instead of standard output.")
    var output: String?

    @Option(help: "Language of the sheet's fixed texts: en or ja (default: the course's, from course.yml).")
    var lang: ReportLanguage?

    @Option(help: "Also write the sheet as a self-contained HTML page (math as MathML) to this file.")
    var html: String?

    func validate() throws {
        guard Submission.checkedStudentID(student) != nil else {
            throw ValidationError("--student must be 1 to 200 characters without control characters")
        }
    }

    func run() throws {
        let catalog: ExerciseCatalog, key: String
        do {
            key = try GradingKeyFolder.resolve(exercises)
            let course = try ExerciseCatalog.load(directory: key)
            catalog = try chapter.map { name throws(Diagnostic) in try course.chapter(name) } ?? course
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        // Trimmed exactly as the grader trims the id of an answers file.
        let student = Submission.checkedStudentID(self.student) ?? self.student
        // Both destinations are checked before either is written.
        let htmlFile: ReportFile?, markdownFile: ReportFile?
        do {
            let folder = ExerciseCatalog.sheetFolder(in: key)
            htmlFile = try html.map { path throws(Diagnostic) in try ReportFile(path, what: "the HTML handout", inputFolder: folder) }
            markdownFile = try output.map { path throws(Diagnostic) in try ReportFile(path, what: "the handout", inputFolder: folder) }
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        let language = lang ?? catalog.language
        let markdown = Handout.markdown(for: student, catalog: catalog, language: language)
        do {
            if let htmlFile {
                try htmlFile.write(StandalonePage.html(markdown: markdown, title: HandoutWords(language).title(student), file: htmlFile.path, language: language.rawValue))
            }
            try markdownFile?.write(markdown)
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        if markdownFile == nil {
            try DiagnosticOutput.writeToStandardOutput(markdown, what: "the handout")
        }
    }
}
