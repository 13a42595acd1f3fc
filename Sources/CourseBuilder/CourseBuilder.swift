import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage

/// Builds a course: chapters in, HTML site + GFM rendition + exercise files out.
///
/// Everything is computed in memory first; the output folder is replaced only when every
/// chapter ran without error, so an author's mistake never leaves a half-updated site. The
/// output folder is checked before anything runs (`OutputFolder`): a build replaces only a new
/// or empty folder or an earlier site, never the content or the templates.
public struct CourseBuilder: Sendable {
    public struct Options: Sendable {
        public var contentDirectory: URL
        public var outputDirectory: URL
        public var templatesDirectory: URL
        /// How paths appear in diagnostics (as the user typed them, e.g. `Content`).
        public var contentDisplayPath: String
        public var templatesDisplayPath: String
        public var outputDisplayPath: String

        public init(
            contentDirectory: URL, outputDirectory: URL, templatesDirectory: URL,
            contentDisplayPath: String? = nil, templatesDisplayPath: String? = nil,
            outputDisplayPath: String? = nil
        ) {
            self.contentDirectory = contentDirectory
            self.outputDirectory = outputDirectory
            self.templatesDirectory = templatesDirectory
            self.contentDisplayPath = contentDisplayPath ?? contentDirectory.path
            self.templatesDisplayPath = templatesDisplayPath ?? templatesDirectory.path
            self.outputDisplayPath = outputDisplayPath ?? outputDirectory.path
        }
    }

    /// What a build produced, for the command line's summary.
    public struct Summary: Sendable {
        public var chapters: [String]
        public var exerciseCount: Int
        public var files: [String]
        public var outputDirectory: URL
        public var indexPage: URL { outputDirectory.appendingPathComponent("index.html") }
    }

    public var options: Options

    public init(options: Options) { self.options = options }

    /// - Throws: `DiagnosticList` with every error of every chapter, located in the Markdown files.
    public func build() throws(DiagnosticList) -> Summary {
        let chapters: [ChapterSource]
        let templates: SiteTemplates
        let output: OutputFolder
        do {
            chapters = try ChapterDiscovery.chapters(
                in: options.contentDirectory, displayPrefix: options.contentDisplayPath)
            templates = try SiteTemplates(
                directory: options.templatesDirectory, displayPath: options.templatesDisplayPath)
            output = try OutputFolder(
                checking: options.outputDirectory, displayPath: options.outputDisplayPath,
                protecting: [
                    .init(role: "content", url: options.contentDirectory, displayPath: options.contentDisplayPath),
                    .init(role: "templates", url: options.templatesDirectory, displayPath: options.templatesDisplayPath),
                ])
        } catch {
            throw DiagnosticList([error])
        }
        output.removeAbandonedStaging()

        var diagnostics: [Diagnostic] = []
        var executed: [ExecutedChapter] = []
        for chapter in chapters {
            let text: String
            do {
                text = try SourceFile.readUTF8(chapter.url, displayPath: chapter.displayPath)
            } catch {
                diagnostics.append(error)
                continue
            }
            do {
                executed.append(try ChapterExecutor.execute(chapter, text: text))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        var seenExercises: [String: String] = [:]
        for chapter in executed {
            for exercise in chapter.exercises {
                if let first = seenExercises[exercise.id] {
                    diagnostics.append(Diagnostic(
                        at: nil, "exercise id '\(exercise.id)' is declared twice (\(first) and \(exercise.source ?? chapter.source.displayPath))"))
                }
                seenExercises[exercise.id] = exercise.source ?? chapter.source.displayPath
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }

        var tree = OutputTree()
        let site = SiteAssembler(chapters: executed, templates: templates)
        do {
            try site.assemble(into: &tree)
            try tree.commit(to: output)
        } catch {
            throw DiagnosticList([error])
        }
        return Summary(
            chapters: executed.map(\.source.slug),
            exerciseCount: executed.reduce(0) { $0 + $1.exercises.count },
            files: tree.files.keys.sorted(),
            outputDirectory: options.outputDirectory)
    }
}
