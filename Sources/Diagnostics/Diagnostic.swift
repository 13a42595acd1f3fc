import TextEscaping

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
            let excerpt = Excerpt(line: sourceLine, column: location.column)
            lines.append("\(number) | \(excerpt.text)")
            lines.append("\(gutter) | \(excerpt.caretPrefix)^")
        }
        for note in notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}

/// The quoted line of a caret excerpt and the padding that puts the caret under `column`.
///
/// The one place that decides how a source line is shown: control characters by
/// `Escape.visible` (a student's file must not drive the terminal), and a line longer than
/// `maxCharacters` as a window around the column with `…` at the cut ends, so the caret is
/// shown however far right the error is.
struct Excerpt {
    /// Lines up to this many characters are shown whole.
    static let maxCharacters = 200
    /// Characters shown of a longer line, and how many of them come before the column.
    static let window = 160, before = 60

    var text = ""
    var caretPrefix = ""

    init(line: String, column: Int) {
        let characters = Array(line)
        let index = max(column - 1, 0)
        var range = 0..<characters.count
        if characters.count > Self.maxCharacters {
            let start = max(0, min(index - Self.before, characters.count - Self.window))
            range = start..<min(characters.count, start + Self.window)
        }
        if range.lowerBound > 0 {
            text = "…"
            caretPrefix = " "
        }
        for position in range {
            let shown = Self.shown(characters[position])
            text += shown
            if position < index { caretPrefix += Self.padding(under: shown, characters[position]) }
        }
        if range.upperBound < characters.count { text += "…" }
    }

    /// A character as the excerpt prints it.
    private static func shown(_ character: Character) -> String {
        character == "\t" ? "\t" : Escape.visible(String(character))
    }

    /// Blanks as wide as `shown` on a terminal: a tab stays a tab, wide (East Asian)
    /// characters take two cells, an escaped control as many as its `\u{…}`.
    private static func padding(under shown: String, _ character: Character) -> String {
        if character == "\t" { return "\t" }
        if shown.count > 1 { return String(repeating: " ", count: shown.count) }
        return String(repeating: " ", count: character.isWide ? 2 : 1)
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
