import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small client for headless Chromium's DevTools protocol over `--remote-debugging-pipe`:
/// Chromium reads commands on fd 3 and writes replies and events on fd 4, each a JSON object
/// ended by a NUL byte. No socket, no port, no third-party package: enough to type into a page,
/// click, and catch a download, as a student would.
final class DevTools {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private let pid: pid_t
    private let commands: Int32
    private let replies: Int32
    private var buffer: [UInt8] = []
    private var nextID = 0
    let profile: URL
    /// The page's session once `open` attached to it.
    private(set) var session: String?

    /// Starts Chromium with an empty profile (its own localStorage) of its own.
    init(chromium: String, width: Int = 1280, height: Int = 1600) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-cdp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var toChrome: [Int32] = [0, 0], fromChrome: [Int32] = [0, 0]
        guard pipe(&toChrome) == 0, pipe(&fromChrome) == 0 else { throw Failure(description: "pipe failed") }
        for fd in toChrome + fromChrome { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // Above 10, so dup2 onto 3 and 4 always makes a fresh descriptor without close-on-exec.
        let childIn = fcntl(toChrome[0], F_DUPFD_CLOEXEC, 10), childOut = fcntl(fromChrome[1], F_DUPFD_CLOEXEC, 10)
        close(toChrome[0]); close(fromChrome[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childIn, 3)
        posix_spawn_file_actions_adddup2(&actions, childOut, 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [chromium] + Chromium.baseArguments + [
            "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, chromium, &actions, nil, &argv, environ)
        close(childIn); close(childOut)
        guard status == 0 else { throw Failure(description: "cannot start \(chromium): \(status)") }
        pid = child
        commands = toChrome[1]
        replies = fromChrome[0]
    }

    deinit {
        _ = try? send("Browser.close", session: nil)
        close(commands)
        close(replies)
        var status: Int32 = 0
        for _ in 0..<50 where waitpid(pid, &status, WNOHANG) == 0 { usleep(100_000) }
        if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command and waits for its reply (events in between are dropped).
    /// - Parameter session: the page's session; nil for a browser-level command.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil, timeout: TimeInterval = 30) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "Chromium closed the pipe") }
            written += n
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline)
            guard reply["id"] as? Int == nextID else { continue }
            if let error = reply["error"] as? [String: Any] { throw Failure(description: "\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            }
            let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            var poller = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            guard left > 0, poll(&poller, 1, left) > 0 else { throw Failure(description: "Chromium did not answer in time") }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(replies, &chunk, chunk.count)
            guard n > 0 else { throw Failure(description: "Chromium closed the pipe") }
            buffer += chunk[..<n]
        }
    }

    /// Opens `url` in a new tab and attaches to it; later commands go to that page.
    func open(_ url: String) throws {
        let target = try send("Target.createTarget", ["url": url])
        let attached = try send("Target.attachToTarget", ["targetId": target["targetId"] as? String ?? "", "flatten": true])
        session = attached["sessionId"] as? String
        try waitFor("document.readyState === 'complete'")
    }

    /// The value of a JavaScript expression in the page (JSON-serialisable values only).
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true], session: session)
        if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits until a JavaScript condition holds in the page.
    func waitFor(_ condition: String, timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? evaluate(condition)) as? Bool == true { return }
            usleep(50_000)
        }
        throw Failure(description: "timed out waiting for \(condition)")
    }

    /// Focuses the element and types `text` into it, as a keyboard would (input events fire).
    func type(_ text: String, into selector: String) throws {
        let found = try evaluate("(() => { const el = document.querySelector(\(Self.js(selector))); if (!el) return false; el.scrollIntoView({block: 'center'}); el.focus(); el.select && el.select(); return true })()")
        guard found as? Bool == true else { throw Failure(description: "no element \(selector)") }
        try send("Input.insertText", ["text": text], session: session)
    }

    /// Clicks the middle of the element with the mouse.
    func click(_ selector: String) throws {
        let box = try evaluate("(() => { const el = document.querySelector(\(Self.js(selector))); if (!el) return null; el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()")
        guard let point = box as? [Double], point.count == 2 else { throw Failure(description: "no element \(selector)") }
        for type in ["mousePressed", "mouseReleased"] {
            try send("Input.dispatchMouseEvent", ["type": type, "x": point[0], "y": point[1], "button": "left", "clickCount": 1], session: session)
        }
    }

    /// A PNG of the page at the window's width, the whole page's height.
    func screenshot(to file: URL) throws {
        let result = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true], session: session)
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else { throw Failure(description: "no screenshot") }
        try data.write(to: file)
    }

    /// A PNG of the page's region from the top of the first element matching `from` to the
    /// bottom of the last matching `to`, at the given window width (a phone: 375).
    func screenshot(from: String, to: String, width: Int, dark: Bool, file: URL) throws {
        try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600], session: session)
        try send("Emulation.setEmulatedMedia", ["features": [["name": "prefers-color-scheme", "value": dark ? "dark" : "light"]]], session: session)
        let box = try evaluate("""
            (() => { const a = document.querySelector(\(Self.js(from))), all = document.querySelectorAll(\(Self.js(to)));
              if (!a || !all.length) return null; const b = all[all.length - 1];
              const top = a.getBoundingClientRect().top + scrollY - 16, bottom = b.getBoundingClientRect().bottom + scrollY + 16;
              return [top, bottom - top, document.documentElement.scrollWidth] })()
            """)
        guard let clip = box as? [Double], clip.count == 3 else { throw Failure(description: "no element \(from) or \(to)") }
        let result = try send("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": clip[0], "width": clip[2], "height": clip[1], "scale": 1]], session: session)
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else { throw Failure(description: "no screenshot") }
        try data.write(to: file)
    }

    /// A Swift string as a JavaScript string literal.
    static func js(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }
}
