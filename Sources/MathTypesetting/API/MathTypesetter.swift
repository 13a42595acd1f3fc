import Diagnostics
import Foundation
import TextEscaping

/// Typesets every formula of a build with KaTeX in one node process.
///
/// Node starts with the first `submit` and typesets while the caller does other work (the
/// builder runs the chapters' `nn` blocks meanwhile); `finish` collects everything. One process
/// for all formulas, because node takes ~60 ms to start and KaTeX ~0.6 ms a formula.
/// A formula written several times (`$x$`) is typeset once.
/// Not thread-safe: one owner submits and finishes.
public final class MathTypesetter {
    public let katex: KaTeX
    public let policy: MathErrorPolicy
    public let output: MathOutput
    private var submitted: [Formula] = []
    /// For each submitted formula, the request node answers it with.
    private var requestOfFormula: [Int] = []
    private var requestOfTeX: [Request: Int] = [:]
    private var running: RunningDriver?
    private var failure: Diagnostic?
    /// Why `start` could not start node; thrown by the first `submit`.
    private var startFailure: Diagnostic?

    public init(katex: KaTeX = .debian, policy: MathErrorPolicy = .error, output: MathOutput = .htmlAndMathML) {
        self.katex = katex
        self.policy = policy
        self.output = output
    }

    /// Starts node now, before any formula is known, so its start-up (~20 ms) and loading
    /// KaTeX overlap the caller's work. Does not throw: a node that cannot start is reported
    /// by the first `submit`, so work without formulas never needs node.
    public func start() {
        guard running == nil, failure == nil, startFailure == nil else { return }
        do {
            running = try RunningDriver(katex: katex)
        } catch {
            startFailure = error
        }
    }

    /// Sends formulas to KaTeX, starting node if this is the first batch. Returns at once.
    /// - Throws: a diagnostic when node or KaTeX is missing or node cannot be started.
    public func submit(_ formulas: [Formula]) throws(Diagnostic) {
        guard !formulas.isEmpty else { return }
        if let failure { throw failure }
        var requests: [Request] = []
        for formula in formulas {
            let request = Request(tex: formula.tex, display: formula.isDisplay,
                                  output: output == .htmlAndMathML ? nil : output.rawValue)
            if let known = requestOfTeX[request] {
                requestOfFormula.append(known)
            } else {
                requestOfTeX[request] = requestOfTeX.count
                requestOfFormula.append(requestOfTeX.count - 1)
                requests.append(request)
            }
        }
        submitted += formulas
        do throws(Diagnostic) {
            if let startFailure { throw startFailure }
            if running == nil { running = try RunningDriver(katex: katex) }
            try running?.send(requests)
        } catch {
            failure = error
            throw error
        }
    }

    /// Waits for node to typeset everything submitted.
    /// - Returns: HTML for each formula in submission order, and a diagnostic (error or
    ///   warning by `policy`) for each formula KaTeX could not parse.
    /// - Throws: a diagnostic when node failed (KaTeX missing, node crashed).
    public func finish() throws(Diagnostic) -> TypesetMath {
        if let failure { throw failure }
        guard let running else { return TypesetMath(html: [], diagnostics: []) }
        self.running = nil
        guard !submitted.isEmpty else {
            running.stop()  // started early, but there was nothing to typeset
            return TypesetMath(html: [], diagnostics: [])
        }
        let replies = try running.finish(expecting: requestOfTeX.count)
        var html: [String] = []
        var diagnostics: [Diagnostic] = []
        for (formula, request) in zip(submitted, requestOfFormula) {
            let reply = replies[request]
            if let typeset = reply.html {
                html.append(typeset)
                continue
            }
            let message = reply.error ?? "KaTeX gave no result"
            html.append(#"<span class="katex-error" title="\#(Escape.html(message))">\#(Escape.html(formula.tex))</span>"#)
            diagnostics.append(diagnostic(message, position: reply.position, in: formula))
        }
        submitted = []
        requestOfFormula = []
        requestOfTeX = [:]
        return TypesetMath(html: html, diagnostics: diagnostics)
    }

    func diagnostic(_ message: String, position: Int?, in formula: Formula) -> Diagnostic {
        let (location, line) = ErrorLocation.locate(utf16Offset: position, in: formula)
        let note = switch policy {
        case .error: "build with --math-errors warn to publish the page with this formula's TeX marked as an error"
        case .warn: "the page shows this formula's TeX marked as an error"
        }
        return Diagnostic(policy == .error ? .error : .warning, at: location, "cannot typeset math: \(message)",
                          sourceLine: line, notes: [note])
    }
}

/// One question to the node driver (see `Driver`).
struct Request: Encodable, Hashable {
    var tex: String
    var display: Bool
    /// KaTeX's `output` option; nil (left out of the JSON) for the driver's default, HTML + MathML.
    var output: String? = nil
}

/// One answer of the node driver (see `Driver`).
struct DriverReply: Decodable {
    var html: String?
    var error: String?
    var position: Int?
    var fatal: String?
}
