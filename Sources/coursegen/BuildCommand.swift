import ArgumentParser
import CourseBuilder
import Diagnostics
import Foundation
import MathTypesetting
import PreviewServer

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run every chapter's nn blocks and write the HTML site, the Markdown rendition and the grading key.",
        discussion: """
            Chapters are the *.md files of CONTENT in file-name order, or in the order CONTENT/course.yml \
            lists them (the course file also gives the title, description, author and language). \
            Output goes to --out \
            (default: site): index.html and one page per chapter, markdown/, plots/. The grading key \
            (one exercise sheet per chapter, reference answers included; `coursegen grade` and \
            `coursegen handout` read it) goes to --key (default: grading, beside the site), never \
            into the site. The folders are replaced only when the whole build succeeds. Each must \
            be a new or empty folder, or one an earlier build wrote (it holds a .coursegen-site or \
            .coursegen-key file); neither may be, contain or lie inside the content or templates \
            folder or the other. A build that would change the numbers an exercise's 'vary' deals \
            students, against the key's, is refused unless --redeal names the exercise. Math ($…$, $$…$$, \
            ```math fences) is typeset with KaTeX (node; scripts/setup.sh installs it); a TeX \
            mistake fails the build at its file:line:column unless --math-errors warn. The templates, \
            stylesheet and scripts are built in; --templates DIR replaces them file by file.
            """
    )

    @Argument(help: "The folder that holds the chapters.")
    var content: String = "Content"

    @Option(name: .shortAndLong, help: "Where to write the site.")
    var out: String = "site"

    @Option(help: "Where to write the grading key (default: grading, beside the site). Keep it private.")
    var key: String?

    @Option(help: ArgumentHelp("Let this exercise deal students new numbers (its 'vary' choices changed since the key was written); repeatable.", valueName: "id"))
    var redeal: [String] = []

    @Option(help: "A folder whose Mustache templates and assets (page.mustache, style.css, …) replace the built-in ones of the same name.")
    var templates: String?

    @Option(help: "What a formula KaTeX cannot parse does: 'error' fails the build, 'warn' prints a warning and shows its TeX marked as an error.")
    var mathErrors: MathErrorPolicy?

    @Flag(help: "Run every chapter and typeset every formula, neither reading nor writing the build cache (.coursegen-cache beside --out).")
    var noCache = false

    @Flag(help: "Build, then rebuild after every change to CONTENT or --templates until Ctrl-C (coursegen serve also serves the site).")
    var watch = false

    func run() throws {
        let options = Self.builderOptions(
            content: content, out: out, templates: templates, mathErrors: mathErrors, noCache: noCache,
            key: key, redeal: redeal)
        if watch {
            let builder = LiveBuilder(options: options)
            builder.run { WatchReport.print($0, builder: builder) }
            return
        }
        do {
            let summary = try CourseBuilder(options: options).build()
            if !summary.warnings.isEmpty {
                DiagnosticOutput.printToStandardError(DiagnosticList(summary.warnings).description)
            }
            print("built \(summary.chapters.count) chapter(s), \(summary.exerciseCount) exercise(s) into \(out)/")
            let key = options.keyDisplayPath.hasSuffix("/") ? options.keyDisplayPath : options.keyDisplayPath + "/"
            print("grading key (reference answers; keep it out of the published site): \(key)")
            print("open \(summary.indexPage.path)")
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
    }
}

extension BuildCommand {
    /// The builder's options from the command line's, shared by `build` and `serve`; the cache
    /// is `.coursegen-cache` beside the output unless `--no-cache`.
    static func builderOptions(
        content: String, out: String, templates: String?, mathErrors: MathErrorPolicy?, noCache: Bool,
        key: String? = nil, redeal: [String] = []
    ) -> CourseBuilder.Options {
        CourseBuilder.Options(
            contentDirectory: URL(fileURLWithPath: content),
            outputDirectory: URL(fileURLWithPath: out),
            templatesDirectory: templates.map { URL(fileURLWithPath: $0) },
            contentDisplayPath: content.hasSuffix("/") ? String(content.dropLast()) : content,
            templatesDisplayPath: templates,
            outputDisplayPath: out,
            keyDirectory: key.map { URL(fileURLWithPath: $0) },
            keyDisplayPath: key ?? CourseBuilder.Options.defaultKeyPath(beside: out),
            redeal: Set(redeal),
            mathErrors: mathErrors,
            cacheDirectory: noCache ? nil : BuildCache.folder(besideOutput: URL(fileURLWithPath: out)))
    }
}

extension MathErrorPolicy: ExpressibleByArgument {}
