import ArgumentParser
import CourseBuilder
import Diagnostics
import Foundation
import MathTypesetting
import PreviewServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the course, serve it on 127.0.0.1 and rebuild and reload open pages after every save.",
        discussion: """
            Builds as `coursegen build` does (into --out, default site, with the build cache), then \
            serves the site at http://127.0.0.1:PORT/ and watches CONTENT and --templates: each save \
            rebuilds what changed and open pages reload. When a build fails, the pages stay those of \
            the last good build, with the diagnostics over them. Only files of the site folder are \
            served (never the grading key, the cache or the sources). Ctrl-C stops.
            """
    )

    @OptionGroup var build: BuildOptions

    @Option(help: "The port on 127.0.0.1.")
    var port: Int = 8000

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let options = build.builderOptions
        let site = LiveSite()
        let builder = LiveBuilder(options: options)
        let server = PreviewServer(siteFolder: options.outputDirectory, site: site, port: port)
        do {
            // Builds start once the port is ours: a port in use fails before anything is written.
            try await server.run { bound in
                DiagnosticOutput.printToStandardError("serving http://127.0.0.1:\(bound)/ (Ctrl-C stops)")
                Thread {
                    builder.run { outcome in
                        WatchReport.print(outcome, builder: builder)
                        site.published(failure: outcome.failureText)
                    }
                }.start()
            }
        } catch {
            DiagnosticOutput.printToStandardError("error: cannot serve on 127.0.0.1:\(port): \(error)")
            throw ExitCode.failure
        }
    }
}

/// What `serve` and `build --watch` print after each build.
enum WatchReport {
    static func print(_ outcome: BuildOutcome, builder: LiveBuilder) {
        let folders = builder.watcher.folders
        switch outcome.result {
        case .success(let summary):
            if !summary.warnings.isEmpty {
                DiagnosticOutput.printToStandardError(DiagnosticList(summary.warnings).description)
            }
        case .failure(let list):
            DiagnosticOutput.printToStandardError(list.description)
        }
        DiagnosticOutput.printToStandardError(outcome.summaryLine(relativeTo: folders))
    }
}
