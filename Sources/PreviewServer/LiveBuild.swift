import CourseBuilder
import Diagnostics
import Foundation

/// What one build of a watch session gave.
public struct BuildOutcome: Sendable {
    /// The build's summary, or every diagnostic of a failed build.
    public var result: Result<CourseBuilder.Summary, DiagnosticList>
    /// Wall-clock time of the build, for the author's terminal.
    public var duration: Duration
    /// The files whose change started the build (empty for the first).
    public var changed: [String]
}

/// Builds the course, then again after every change to its sources, until stopped: the loop
/// behind `coursegen serve` and `coursegen build --watch`. Each build is a full `CourseBuilder`
/// build, cheap when little changed because the build cache skips every chapter and formula an
/// edit did not touch; a failed build leaves the last good site in place (builds are atomic).
public struct LiveBuilder: Sendable {
    public var options: CourseBuilder.Options
    public var watcher: SourceWatcher

    /// Watches the content folder and, when given, the templates folder.
    public init(options: CourseBuilder.Options) {
        self.options = options
        watcher = SourceWatcher(folders: [options.contentDirectory] + (options.templatesDirectory.map { [$0] } ?? []))
    }

    /// Builds once now and once after each change, calling `report` after each build; returns
    /// when `stop` says so (checked between polls).
    public func run(report: (BuildOutcome) -> Void, stop: @Sendable () -> Bool = { false }) {
        var files = watcher.snapshot()
        report(build(changed: []))
        while let next = watcher.waitForChange(after: files, stop: stop) {
            let changed = Set(next.keys).union(files.keys).filter { next[$0] != files[$0] }.sorted()
            files = next
            report(build(changed: changed))
        }
    }

    /// One build, timed.
    public func build(changed: [String]) -> BuildOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<CourseBuilder.Summary, DiagnosticList>
        do {
            result = .success(try CourseBuilder(options: options).build())
        } catch {
            result = .failure(error)
        }
        return BuildOutcome(result: result, duration: clock.now - start, changed: changed)
    }
}

extension BuildOutcome {
    /// The diagnostics the overlay shows, nil for a build that succeeded.
    public var failureText: String? {
        if case .failure(let list) = result { list.description } else { nil }
    }

    /// One line for the terminal: `rebuilt in 34 ms (01-perceptron.md)` or the failure count.
    public func summaryLine(relativeTo folders: [URL]) -> String {
        let milliseconds = Int((duration.seconds * 1000).rounded())
        let names = changed.map { path in
            folders.lazy.compactMap { folder -> String? in
                let prefix = folder.standardizedFileURL.path + "/"
                return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
            }.first ?? path
        }
        let cause = names.isEmpty ? "" : " (\(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : ""))"
        switch result {
        case .success(let summary):
            let ran = "ran \(summary.chaptersRun.count) of \(summary.chapters.count) chapter(s), typeset \(summary.formulasTypeset) formula(s)"
            return "\(changed.isEmpty ? "built" : "rebuilt") in \(milliseconds) ms: \(ran)\(cause)"
        case .failure(let list):
            let errors = list.diagnostics.filter { $0.severity == .error }.count
            return "build failed with \(errors) error(s) in \(milliseconds) ms\(cause); the last good site stays"
        }
    }
}
