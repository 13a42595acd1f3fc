import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import MathTypesetting
import NNLanguage
import TextEscaping

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
        /// An author's templates, replacing the built-in ones file by file; nil for the built-in ones.
        public var templatesDirectory: URL?
        /// How paths appear in diagnostics (as the user typed them, e.g. `Content`).
        public var contentDisplayPath: String
        public var templatesDisplayPath: String
        public var outputDisplayPath: String
        /// Whether a formula KaTeX cannot parse fails the build or only warns; nil: as the
        /// course file says, else `.error`.
        public var mathErrors: MathErrorPolicy?
        /// Where node's KaTeX, its stylesheet and its fonts are.
        public var katex: KaTeX
        /// Where executed chapters and typeset formulas are kept between builds (`BuildCache`);
        /// nil runs and typesets everything (`--no-cache`).
        public var cacheDirectory: URL?

        public init(
            contentDirectory: URL, outputDirectory: URL, templatesDirectory: URL? = nil,
            contentDisplayPath: String? = nil, templatesDisplayPath: String? = nil,
            outputDisplayPath: String? = nil, mathErrors: MathErrorPolicy? = nil, katex: KaTeX = .debian,
            cacheDirectory: URL? = nil
        ) {
            self.cacheDirectory = cacheDirectory
            self.mathErrors = mathErrors
            self.katex = katex
            self.contentDirectory = contentDirectory
            self.outputDirectory = outputDirectory
            self.templatesDirectory = templatesDirectory
            self.contentDisplayPath = contentDisplayPath ?? contentDirectory.path
            self.templatesDisplayPath = templatesDisplayPath ?? templatesDirectory?.path ?? "(built-in)"
            self.outputDisplayPath = outputDisplayPath ?? outputDirectory.path
        }
    }

    /// What a build produced, for the command line's summary.
    public struct Summary: Sendable {
        public var chapters: [String]
        public var exerciseCount: Int
        public var files: [String]
        public var outputDirectory: URL
        /// The chapters whose `nn` blocks ran in this build; the others came from the build cache.
        public var chaptersRun: [String]
        /// How many formulas went to KaTeX; the others came from the build cache (0: node did not start).
        public var formulasTypeset: Int
        /// True when nothing had changed since the last build of this output: nothing was
        /// written, the site is the one that build wrote (`UnchangedBuild`).
        public var wasUpToDate = false
        /// Warnings of a build that succeeded (formulas shown as TeX with `--math-errors warn`,
        /// links to missing files with `missing-links: warn`).
        public var warnings: [Diagnostic]
        public var indexPage: URL { outputDirectory.appendingPathComponent("index.html") }
    }

    public var options: Options

    public init(options: Options) { self.options = options }

    /// - Throws: `DiagnosticList` with every error of every chapter, located in the Markdown files.
    public func build() throws(DiagnosticList) -> Summary {
        var clock = PhaseClock()
        let found: [ChapterSource]
        let course: CourseFile
        let templates: SiteTemplates
        let output: OutputFolder
        do {
            course = try CourseFile(contentDirectory: options.contentDirectory, displayPrefix: options.contentDisplayPath)
            found = try ChapterDiscovery.chapters(
                in: options.contentDirectory, displayPrefix: options.contentDisplayPath)
            templates = try SiteTemplates(
                overrides: options.templatesDirectory, displayPath: options.templatesDisplayPath)
            var protected: [OutputFolder.Protected] = [
                .init(role: "content", url: options.contentDirectory, displayPath: options.contentDisplayPath)]
            if let directory = options.templatesDirectory {
                protected.append(.init(role: "templates", url: directory, displayPath: options.templatesDisplayPath))
            }
            output = try OutputFolder(
                checking: options.outputDirectory, displayPath: options.outputDisplayPath, protecting: protected)
        } catch {
            throw DiagnosticList([error])
        }
        let chapters = try course.order(found)
        output.removeAbandonedStaging()
        clock.mark("course file, chapters found, templates, output checked")
        let unchanged = options.cacheDirectory.flatMap { UnchangedBuild(cache: BuildCache(folder: $0), options: options) }
        if let summary = unchanged?.summary(of: options.outputDirectory) {
            clock.mark("nothing changed since the last build")
            return summary
        }

        var math = MathCollection()
        let (parsed, parseDiagnostics) = Self.parse(chapters, collectingMath: &math)
        var diagnostics = parseDiagnostics
        clock.mark("chapters read and parsed")
        // KaTeX typesets the formulas while the `nn` blocks run.
        let cache = options.cacheDirectory.map(BuildCache.init(folder:))
        let typesetter = CachedTypesetter(
            MathTypesetter(katex: options.katex, policy: options.mathErrors ?? course.mathErrors ?? .error),
            cache: cache, course: options.contentDisplayPath)
        do {
            try typesetter.submit(math.takePending())
        } catch {
            throw DiagnosticList(diagnostics + [error])
        }
        clock.mark("node started, formulas sent")
        var executed = Self.execute(parsed, cache: cache, collectingMath: &math, diagnostics: &diagnostics)
        clock.mark("nn blocks run")
        diagnostics += Self.duplicateExerciseIDs(in: executed.compactMap { $0 })

        var mathAssets: [(path: String, data: Data)] = []
        do {
            try typesetter.submit(math.takePending())
            let typeset = try typesetter.finish()
            clock.mark("KaTeX answers received")
            diagnostics += typeset.diagnostics
            let filed = math.filed(typeset.html, chapterCount: parsed.count)
            for index in executed.indices { executed[index]?.math = filed[index] }
            if !math.isEmpty { mathAssets = try options.katex.assets() }
        } catch {
            diagnostics.append(error)
        }
        diagnostics = Self.inReadingOrder(diagnostics, chapters: chapters)
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticList(diagnostics) }
        typesetter.save()

        let built = executed.compactMap { $0 }
        var tree = OutputTree()
        let site = SiteAssembler(
            chapters: built, templates: templates, course: course,
            fallbackTitle: options.contentDirectory.standardizedFileURL.lastPathComponent,
            links: LocalLinks(
                pages: Dictionary(built.map { ($0.source.name, "\(Escape.urlPathSegment($0.source.slug)).html") }) { first, _ in first },
                contentDirectory: options.contentDirectory, contentDisplayPath: options.contentDisplayPath,
                missingFiles: course.missingLinks ?? .error),
            mathAssets: mathAssets)
        diagnostics += try site.assemble(into: &tree)
        clock.mark("site assembled (HTML, Markdown, search index)")
        do {
            try tree.commit(to: output)
            clock.mark("files written, site put in place")
        } catch {
            throw DiagnosticList([error])
        }
        let summary = Summary(
            chapters: built.map(\.source.slug),
            exerciseCount: built.reduce(0) { $0 + $1.exercises.count },
            files: tree.files.keys.sorted(),
            outputDirectory: options.outputDirectory,
            chaptersRun: built.map(\.source).filter { cache?.wasRun($0) ?? true }.map(\.slug),
            formulasTypeset: typesetter.typesetCount,
            warnings: diagnostics)
        unchanged?.record(summary)
        return summary
    }

    private struct ParsedChapter: Sendable {
        var source: ChapterSource
        var text: String
        var document: MarkdownDocument
        var lines: [Substring]
        var frontMatter: FrontMatter?
    }

    /// Reads and parses every chapter (cheap), so all their formulas can go to KaTeX at once.
    private static func parse(_ chapters: [ChapterSource], collectingMath math: inout MathCollection)
        -> ([ParsedChapter], [Diagnostic])
    {
        var parsed: [ParsedChapter] = []
        var diagnostics: [Diagnostic] = []
        for chapter in chapters {
            do {
                let file = try SourceFile.readUTF8(chapter.url, displayPath: chapter.displayPath)
                let (frontMatter, text) = try FrontMatter.split(file, file: chapter.displayPath)
                let document = MarkdownDocument(parsing: text, file: chapter.displayPath)
                let lines = MathCollection.lines(of: text)
                math.add(chapter: parsed.count, document: document, lines: lines)
                parsed.append(ParsedChapter(
                    source: chapter, text: text, document: document, lines: lines, frontMatter: frontMatter))
            } catch {
                diagnostics.append(error)
            }
        }
        return (parsed, diagnostics)
    }

    /// Runs every chapter's `nn` blocks; nil for a chapter that failed. Exercise prompts, known
    /// only now, add their formulas.
    ///
    /// Chapters share no state (each has its own session and seeded generators), so they run
    /// side by side on the machine's cores; results are gathered in chapter order, so output
    /// and diagnostics do not depend on which finished first.
    private static func execute(
        _ parsed: [ParsedChapter], cache: BuildCache?, collectingMath math: inout MathCollection,
        diagnostics: inout [Diagnostic]
    ) -> [ExecutedChapter?] {
        let progress = BuildProgress(chapters: parsed.count)
        defer { progress?.end() }
        let results = concurrentMap(parsed) { chapter -> Result<ExecutedChapter, DiagnosticList> in
            defer { progress?.finished(chapter.source.displayPath) }
            do throws(DiagnosticList) {
                var result = if let cache {
                    try cache.executed(chapter.source, text: chapter.text, document: chapter.document, progress: progress)
                } else {
                    try ChapterExecutor.execute(
                        chapter.source, text: chapter.text, document: chapter.document, progress: progress)
                }
                result.frontMatter = chapter.frontMatter
                return .success(result)
            } catch {
                return .failure(error)
            }
        }
        var executed: [ExecutedChapter?] = []
        for (index, (chapter, result)) in zip(parsed, results).enumerated() {
            switch result {
            case .success(let result):
                math.add(chapter: index, prompts: result.exercises, lines: chapter.lines, file: chapter.source.displayPath)
                executed.append(result)
            case .failure(let error):
                diagnostics += error.diagnostics
                executed.append(nil)
            }
        }
        return executed
    }

    /// `inputs.map(body)`, with the calls spread over the machine's cores; results in input order.
    private static func concurrentMap<Input: Sendable, Output>(
        _ inputs: [Input], _ body: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return inputs.map(body) }
        let results = UnsafeMutableBufferPointer<Output>.allocate(capacity: inputs.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        // Each index is written by exactly one iteration; concurrentPerform returns after all.
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            (output.baseAddress! + index).initialize(to: body(inputs[index]))
        }
        let array = Array(results)
        _ = results.deinitialize()
        return array
    }

    /// Chapter by chapter, line by line, as an author fixes them (TeX mistakes come back from
    /// KaTeX after the `nn` errors); diagnostics without a chapter location last, in their order.
    private static func inReadingOrder(_ diagnostics: [Diagnostic], chapters: [ChapterSource]) -> [Diagnostic] {
        var chapterIndex: [String: Int] = [:]
        for (index, chapter) in chapters.enumerated() { chapterIndex[chapter.displayPath] = index }
        func key(_ diagnostic: Diagnostic, _ position: Int) -> [Int] {
            guard let location = diagnostic.location, let chapter = chapterIndex[location.file] else {
                return [Int.max, position]
            }
            return [chapter, location.line, location.column, position]
        }
        return diagnostics.enumerated()
            .sorted { key($0.element, $0.offset).lexicographicallyPrecedes(key($1.element, $1.offset)) }
            .map(\.element)
    }

    private static func duplicateExerciseIDs(in executed: [ExecutedChapter]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
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
        return diagnostics
    }
}
