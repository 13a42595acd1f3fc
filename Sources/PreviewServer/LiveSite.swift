import Foundation
import TextEscaping

/// The state open pages follow: a generation number raised by every build, and the diagnostics
/// of the latest build when it failed. Shared by the build loop (writer) and the HTTP handlers.
public final class LiveSite: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private var failure: String?
    private var subscribers: [Int: AsyncStream<Int>.Continuation] = [:]
    private var nextSubscriber = 0
    private var closed = false

    public init() {}

    /// The current generation and, when the latest build failed, its diagnostics as text.
    public var current: (generation: Int, failure: String?) {
        lock.withLock { (generation, failure) }
    }

    /// Records a build: `failure` is its diagnostics text, nil when it succeeded. Every open
    /// page is told the new generation and reloads.
    public func published(failure: String?) {
        let (generation, listeners) = lock.withLock {
            self.generation += 1
            self.failure = failure
            return (self.generation, Array(subscribers.values))
        }
        for listener in listeners { listener.yield(generation) }
    }

    /// A stream of generations, starting with the current one (a page loaded just before a
    /// build compares and reloads, so no build is missed); ends when the site closes.
    func subscribe() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id: Int? = lock.withLock {
            guard !closed else { return nil }
            nextSubscriber += 1
            subscribers[nextSubscriber] = continuation
            continuation.yield(generation)
            return nextSubscriber
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.lock.withLock { _ = self?.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every event stream (the server is stopping).
    public func close() {
        let listeners = lock.withLock {
            closed = true
            defer { subscribers = [:] }
            return Array(subscribers.values)
        }
        for listener in listeners { listener.finish() }
    }

    // MARK: - What served pages carry

    /// The path of the event stream; no site file can have it (the site has no `__` folder).
    static let eventsPath = "/__coursegen/events"

    /// The script and, after a failed build, the overlay, put before `</body>` of every served
    /// page (never into the built site): the page reloads when the server's generation is no
    /// longer the one it was served with.
    func injection() -> String {
        let (generation, failure) = current
        var html = """
            <script>(()=>{const g="\(generation)";const s=new EventSource("\(Self.eventsPath)");\
            s.onmessage=e=>{if(e.data!==g){s.close();location.reload();}};})();</script>
            """
        if let failure {
            html = Self.overlay(failure) + html
        }
        return html
    }

    /// The failed build's diagnostics over the last good page: file:line:col, excerpt, caret.
    static func overlay(_ diagnostics: String) -> String {
        """
        <div id="coursegen-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;\
        overflow:auto;background:rgba(20,20,20,.92);color:#f8f8f2;padding:2em;font:14px/1.5 monospace">\
        <p style="color:#ff6b6b;font-weight:bold;margin:0 0 1em">The build failed; this page is the last \
        good build. Fix the source and save: the page reloads.</p>\
        <pre style="white-space:pre-wrap;margin:0;padding:0;border:0;background:none;color:inherit;font:inherit">\(Escape.html(diagnostics))</pre></div>
        """
    }

    /// `page` with the injection before its last `</body>` (or at its end).
    func served(_ page: String) -> String {
        let injection = injection()
        guard let range = page.range(of: "</body>", options: [.backwards, .caseInsensitive]) else {
            return page + injection
        }
        var page = page
        page.insert(contentsOf: injection, at: range.lowerBound)
        return page
    }

    /// What `/` shows before any build succeeded (no site yet): the overlay and the script.
    func placeholder() -> String {
        served("<!doctype html><html><head><meta charset=\"utf-8\"><title>coursegen</title></head>"
            + "<body><p>No site has been built yet.</p></body></html>")
    }
}
