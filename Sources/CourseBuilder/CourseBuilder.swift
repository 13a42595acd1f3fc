import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import MathTypesetting
import NNLanguage
import TextEscaping

/// Builds a course: chapters in, HTML site + GFM rendition out, and the grading key (the
/// exercise sheets, reference answers included) into a folder of its own beside the site.
///
/// Everything is computed in memory first; the output folders are replaced only when every
/// chapter ran without error, so an author's mistake never leaves a half-updated site. The
/// output and key folders are checked before anything runs (`OutputFolder`): a build replaces
/// only a new or empty folder or an earlier build's, never the content or the templates, and
/// the key never lies inside the site (nor the site inside the key).
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
        /// Where the grading key goes; by default `grading/` beside the output folder.
        public var keyDirectory: URL
        public var keyDisplayPath: String
        /// Exercises whose per-student numbers may change from the previous key's (`--redeal`).
        public var redeal: Set<String>
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
            outputDisplayPath: String? = nil, keyDirectory: URL? = nil, keyDisplayPath: String? = nil,
            redeal: Set<String> = [], mathErrors: MathErrorPolicy? = nil, katex: KaTeX = .debian,
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
            self.keyDirectory = keyDirectory ?? outputDirectory.standardizedFileURL.deletingLastPathComponent()
                .appendingPathComponent(Self.defaultKeyName)
            self.keyDisplayPath = keyDisplayPath ?? (keyDirectory?.path ?? Self.defaultKeyPath(beside: self.outputDisplayPath))
            self.redeal = redeal
        }

        /// The key folder's name when `--key` is not given: `grading`, beside the site.
        public static let defaultKeyName = "grading"

        /// `site` → `grading`, `out/site` → `out/grading`: the default key as the user would type it.
        public static func defaultKeyPath(beside output: String) -> String {
            var trimmed = Substring(output)
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            guard let slash = trimmed.lastIndex(of: "/") else { return defaultKeyName }
            return trimmed[...slash] + defaultKeyName
        }
    }

    /// What a build produced, for the command line's summary.
    public struct Summary: Sendable {
        public var chapters: [String]
        public var exerciseCount: Int
        public var files: [String]
        public var outputDirectory: URL
        /// Where the grading key went.
        public var keyDirectory: URL
        /// The key's files (`04-backprop.json`), relative to `keyDirectory`.
        public var keyFiles: [String]
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
        let output: OutputFolder, key: OutputFolder
        let previousKey: GradingKey.Previous?
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
            key = try OutputFolder(
                checking: options.keyDirectory, displayPath: options.keyDisplayPath, kind: .key,
                protecting: protected + [.init(role: "site", url: options.outputDirectory, displayPath: options.outputDisplayPath)])
            previousKey = try GradingKey.previous(key: key, site: output)
        } catch {
            throw DiagnosticList([error])
        }
        let chapters = try course.order(found)
        output.removeAbandonedStaging()
        key.removeAbandonedStaging()
        clock.mark("course file, chapters found, templates, output checked")
        let unchanged = options.cacheDirectory.flatMap { UnchangedBuild(cache: BuildCache(folder: $0), options: options) }
        if let summary = unchanged?.summary(of: options.outputDirectory, key: options.keyDirectory) {
            clock.mark("nothing changed since the last build")
            return summary
        }
        let cache = options.cacheDirectory.map(BuildCache.init(folder:))
        let typesetter = CachedTypesetter(
            MathTypesetter(katex: options.katex, policy: options.mathErrors ?? course.mathErrors ?? .error),
            cache: cache, course: options.contentDisplayPath)
        // On a cold build node starts first: its start-up and loading KaTeX overlap parsing the chapters.
        typesetter.startIfCold()

        var math = MathCollection()
        let (parsed, parseDiagnostics) = Self.parse(chapters, collectingMath: &math)
        var diagnostics = parseDiagnostics
        clock.mark("chapters read and parsed")
        // KaTeX typesets the formulas while the `nn` blocks run.
        do {
            try typesetter.submit(math.takePending())
        } catch {
            throw DiagnosticList(diagnostics + [error])
        }
        clock.mark("node started, formulas sent")
        var executed = Self.execute(parsed, cache: cache, collectingMath: &math, diagnostics: &diagnostics)
        clock.mark("nn blocks run")
        diagnostics += Self.duplicateExerciseIDs(in: executed.compactMap { $0 })
        var typesetterFailed = false
        do {
            try typesetter.submit(math.takePending())
        } catch {
            diagnostics.append(error)
            typesetterFailed = true  // `finish` would throw the same error again
        }

        // While node typesets the last formulas: everything of the site but the pages.
        var site = SiteAssembler(
            chapters: executed.compactMap { $0 }, templates: templates, course: course,
            fallbackTitle: options.contentDirectory.standardizedFileURL.lastPathComponent)
        var prepared: Result<SiteAssembler.Prepared, DiagnosticList>?
        if !diagnostics.contains(where: { $0.severity == .error }) {
            prepared = Result { () throws(DiagnosticList) in try site.prepare() }
            clock.mark("search index, Markdown renditions, exercise files")
        }

        var mathAssets: [(path: String, data: Data)] = []
        if !typesetterFailed {
            do {
                let typeset = try typesetter.finish()
                clock.mark("KaTeX answers received")
                diagnostics += typeset.diagnostics
                let filed = math.filed(typeset.html, chapterCount: parsed.count)
                for index in executed.indices { executed[index]?.math = filed[index] }
                if !math.isEmpty { mathAssets = try options.katex.assets() }
            } catch {
                diagnostics.append(error)
            }
        }
        diagnostics = Self.inReadingOrder(diagnostics, chapters: chapters)
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticList(diagnostics) }
        typesetter.save()

        let built = executed.compactMap { $0 }
        let gradingKey = GradingKey(chapters: built, language: course.language)
        // The numbers students were dealt stay put unless the author says otherwise.
        let sites = built.reduce(into: [:]) { sites, chapter in sites.merge(chapter.variationSites) { first, _ in first } }
        diagnostics += gradingKey.stability(
            against: previousKey ?? .init(exercises: [], chapterOf: [:], displayPath: key.displayPath),
            redeal: options.redeal, sites: sites)
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticList(diagnostics) }
        var tree = OutputTree()
        site.chapters = built
        site.links = LocalLinks(
            pages: Dictionary(built.map { ($0.source.name, "\(Escape.urlPathSegment($0.source.slug)).html") }) { first, _ in first },
            contentDirectory: options.contentDirectory, contentDisplayPath: options.contentDisplayPath,
            missingFiles: course.missingLinks ?? .error)
        site.mathAssets = mathAssets
        guard let prepared else { throw DiagnosticList(diagnostics) }
        diagnostics += try site.assemble(prepared.get(), into: &tree)
        clock.mark("pages assembled")
        let keyTree: OutputTree
        do {
            keyTree = try gradingKey.tree()
            try OutputTree.commit([(tree, output), (keyTree, key)])
            clock.mark("files written, site and grading key put in place")
        } catch {
            throw DiagnosticList([error])
        }
        let summary = Summary(
            chapters: built.map(\.source.slug),
            exerciseCount: built.reduce(0) { $0 + $1.exercises.count },
            files: tree.files.keys.sorted(),
            outputDirectory: options.outputDirectory,
            keyDirectory: options.keyDirectory,
            keyFiles: keyTree.files.keys.sorted(),
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
                if let frontMatter, let title = frontMatter.title {
                    math.add(chapter: parsed.count, frontMatterTitle: title, frontMatter: frontMatter.raw, file: chapter.displayPath)
                }
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
            var clock = PhaseClock()
            defer { clock.mark("  \(chapter.source.name): nn blocks run") }
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
                math.add(chapter: index, captions: result.captions, lines: chapter.lines)
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
