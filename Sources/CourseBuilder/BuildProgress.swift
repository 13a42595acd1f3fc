#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation

/// One status line on a terminal while chapters run, for builds that take more than a moment:
/// `[3/12] running Content/04-training.md:42 (2.4 s)`, naming the block that has been running
/// longest (a long training). Nothing is written when standard error is not a terminal (a log,
/// CI, a test) or before half a second has passed, so quick builds stay silent; the line is
/// erased when the chapters are done, leaving the terminal as the build's messages need it.
final class BuildProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var done = 0
    /// The block each running chapter is in, and since when.
    private var running: [String: (location: SourceLocation, since: DispatchTime)] = [:]
    private let start = DispatchTime.now()
    private var timer: (any DispatchSourceTimer)?
    private var shown = false

    /// Nil unless standard error is a terminal (and `TERM` is not `dumb`).
    init?(chapters total: Int) {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        self.total = total
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(200))
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        self.timer = timer
    }

    /// A block (or inline value) of a chapter starts running.
    func running(_ location: SourceLocation) {
        lock.withLock { running[location.file] = (location, .now()) }
    }

    /// A chapter is done, run or restored from the cache.
    func finished(_ file: String) {
        lock.withLock {
            running[file] = nil
            done += 1
        }
    }

    /// Stops and erases the line.
    func end() {
        timer?.cancel()
        lock.withLock {
            if shown { Self.write("\r\u{1B}[K") }
            shown = false
        }
    }

    private func draw() {
        lock.withLock {
            let now = DispatchTime.now().uptimeNanoseconds
            var line = "[\(done)/\(total)] chapters"
            if let (location, since) = running.values.min(by: { $0.since < $1.since }) {
                let seconds = Double(now - since.uptimeNanoseconds) / 1e9
                line = "[\(done)/\(total)] running \(location.file):\(location.line) (\(String(format: "%.1f", seconds)) s)"
            }
            Self.write("\r\u{1B}[K" + line)
            shown = true
        }
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
