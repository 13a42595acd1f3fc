/// How bad a diagnostic is: errors fail the job, warnings and notes do not.
public enum Severity: String, Sendable, Hashable, Codable {
    case error, warning, note
}

/// One message for an author or a student, printed like a compiler's.
///
/// Thrown as an error by every stage (parsing, running `nn` blocks, building, grading),
/// so the command line can print it the same way wherever it came from.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    /// The text of the line `location` points into, for the caret excerpt; nil when unknown.
    public var sourceLine: String?
    /// Follow-up notes (e.g. "did you mean 'sigmoid'?" or both shapes of a mismatch).
    public var notes: [String]

    public init(
        _ severity: Severity = .error,
        at location: SourceLocation?,
        _ message: String,
        sourceLine: String? = nil,
        notes: [String] = []
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
        self.notes = notes
    }

    /// The one-line header: `file:line:column: error: message`.
    public var headline: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }

    /// Headline, then the source line with a caret under the column, then the notes.
    public var description: String {
        var lines = [headline]
        if let sourceLine, let location {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            lines.append("\(number) | \(sourceLine)")
            let prefix = caretPrefix(for: sourceLine, column: location.column)
            lines.append("\(gutter) | \(prefix)^")
        }
        for note in notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }

    /// Spaces under the characters before the caret; wide (East Asian) characters take two
    /// terminal cells, so they get two spaces and the caret still lands under its character.
    private func caretPrefix(for line: String, column: Int) -> String {
        var prefix = ""
        for (index, character) in line.enumerated() where index < column - 1 {
            if character == "\t" {
                prefix += "\t"
            } else {
                prefix += String(repeating: " ", count: character.isWide ? 2 : 1)
            }
        }
        return prefix
    }
}

/// Several diagnostics from one run, so an author sees every problem at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension Character {
    /// True for characters a terminal draws two cells wide (CJK, full-width forms, kana).
    var isWide: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
