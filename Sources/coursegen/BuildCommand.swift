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

    @OptionGroup var build: BuildOptions

    @Flag(help: "Build, then rebuild after every change to CONTENT or --templates until Ctrl-C (coursegen serve also serves the site).")
    var watch = false

    func run() throws {
        let options = build.builderOptions
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
            print("built \(summary.chapters.count) chapter(s), \(summary.exerciseCount) exercise(s) into \(build.out)/")
            let key = options.keyDisplayPath.hasSuffix("/") ? options.keyDisplayPath : options.keyDisplayPath + "/"
            print("grading key (reference answers; keep it out of the published site): \(key)")
            print("open \(summary.indexPage.path)")
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
    }
}
