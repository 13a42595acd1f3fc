import Diagnostics
import Foundation

/// The node process running `Driver`: formulas go in on a background queue, answers are read on
/// another, so neither side can block the other on a full pipe and the caller never waits
/// until `finish`.
final class RunningDriver {
    private let process: Process
    private let node: URL
    private let input: FileHandle
    private let writer = DispatchQueue(label: "coursegen.katex.writer")
    private let writeFailure = LockedBox<String?>(nil)
    private let output: PipeReader
    private let errors: PipeReader

    init(katex: KaTeX) throws(Diagnostic) {
        node = try katex.nodeExecutable()
        let process = Process()
        process.executableURL = node
        process.arguments = Driver.nodeOptions + ["-e", Driver.source]
        var environment = ProcessInfo.processInfo.environment
        environment["NODE_PATH"] = [katex.nodeModules.path, environment["NODE_PATH"]]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
        // Node reads and parses this whole CA bundle at start-up (~40 ms of a ~60 ms start on the
        // project machine, whose environment sets it); the driver never opens a connection.
        environment["NODE_EXTRA_CA_CERTS"] = nil
        process.environment = environment
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        _ = Self.ignoreBrokenPipes
        do {
            try process.run()
        } catch {
            throw Diagnostic(at: nil, "cannot typeset math: cannot start '\(node.path)': \(error.localizedDescription)",
                             notes: [KaTeX.setupHint])
        }
        self.process = process
        input = stdin.fileHandleForWriting
        output = PipeReader(stdout.fileHandleForReading)
        errors = PipeReader(stderr.fileHandleForReading)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// A write to a pipe whose reader died must fail with EPIPE, not kill coursegen with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Queues formulas for node; returns without waiting for node to read them.
    func send(_ requests: [Request]) throws(Diagnostic) {
        guard !requests.isEmpty else { return }
        var data = Data()
        let encoder = JSONEncoder()
        do {
            for request in requests {
                data += try encoder.encode(request)
                data.append(0x0A)
            }
        } catch {
            throw Diagnostic(at: nil, "cannot typeset math: cannot encode a formula: \(error)")
        }
        let (input, failure, bytes) = (self.input, self.writeFailure, data)
        writer.async {
            guard failure.value == nil else { return }
            do { try input.write(contentsOf: bytes) } catch { failure.value = "\(error)" }
        }
    }

    /// Ends node without waiting for it to load KaTeX: nothing was sent.
    func stop() {
        writer.sync {}
        if process.isRunning { process.terminate() }
        try? input.close()
        process.waitUntilExit()
    }

    /// Closes node's input and reads one answer per request sent.
    func finish(expecting count: Int) throws(Diagnostic) -> [DriverReply] {
        writer.sync {}
        try? input.close()
        let answers = output.wait()
        let messages = String(decoding: errors.wait(), as: UTF8.self)
        process.waitUntilExit()

        let decoder = JSONDecoder()
        var replies: [DriverReply] = []
        for line in answers.split(separator: 0x0A) where !line.isEmpty {
            guard let reply = try? decoder.decode(DriverReply.self, from: Data(line)) else { break }
            if let fatal = reply.fatal {
                throw Diagnostic(at: nil, "cannot typeset math: node cannot load KaTeX: \(fatal)", notes: [KaTeX.setupHint])
            }
            replies.append(reply)
        }
        guard replies.count == count, process.terminationStatus == 0 else {
            let detail = messages.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw Diagnostic(
                at: nil,
                "cannot typeset math: '\(node.path)' running KaTeX stopped after \(replies.count) of \(count) formulas (exit status \(process.terminationStatus))",
                notes: [detail.isEmpty ? (writeFailure.value ?? "it wrote nothing on standard error") : detail])
        }
        return replies
    }
}

/// Reads a pipe to its end on a background thread.
final class PipeReader: @unchecked Sendable {
    private let done = DispatchGroup()
    private var data = Data()

    init(_ handle: FileHandle) {
        done.enter()
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()  // published by `leave`, read after `wait`
            self.done.leave()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// A value shared between the caller and the writer queue.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
