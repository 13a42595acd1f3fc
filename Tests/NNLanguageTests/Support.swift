import Diagnostics
import NNLanguage
import Testing

/// Runs one block as the first block of a fresh chapter file, failing the test on diagnostics.
func run(_ source: String, file: String = "Content/t.md", firstLine: Int = 1, column: Int = 1) throws -> [BlockOutput] {
    try ChapterSession(file: file).run(block: source, firstLine: firstLine, column: column)
}

/// The diagnostics a block produces (empty when it runs cleanly).
func diagnostics(_ source: String, file: String = "Content/03.md", firstLine: Int = 1, column: Int = 1, session: ChapterSession? = nil) -> [Diagnostic] {
    let session = session ?? ChapterSession(file: file)
    do {
        _ = try session.run(block: source, firstLine: firstLine, column: column)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The shown values of a block as `label = text` lines.
func shown(_ outputs: [BlockOutput]) -> [String] {
    outputs.compactMap { if case .value(let label, let text) = $0 { "\(label ?? "") = \(text)" } else { nil } }
}

func location(line: Int, column: Int, file: String = "Content/01.md") -> Diagnostics.SourceLocation {
    Diagnostics.SourceLocation(file: file, line: line, column: column)
}

/// The source material's exercise 3: the linear chain a1 = w1·x, h1 = a1, a2 = w2·h1, y = a2,
/// L = ½(y − t)² at x = 2, t = 5, w1 = w2 = 1, up to `backward L`. Shared by the tests that
/// show it and the tests that declare exercises on it.
let linearChainProgram = """
    x = 2
    t = 5
    w1 = param(1)
    w2 = param(1)
    a1 = w1 * x
    h1 = a1
    a2 = w2 * h1
    y = a2
    L = 1/2 * (y - t)^2
    backward L
    """
