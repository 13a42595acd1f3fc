import Foundation
/// A position inside one block (or one answer string): 1-based line and column, and the
/// offset into the block's characters so a node can quote its own source text as a label.
struct Position: Sendable, Hashable {
    var line: Int
    var column: Int
    var offset: Int
}

enum TokenKind: Sendable, Hashable {
    case number(Double)
    case identifier(String)
    case string(String)
    /// The word after `|` in `show y | .3f`: a number format, read raw.
    case format(String)
    case symbol(String)
    case newline
    case end
}

struct Token: Sendable {
    var kind: TokenKind
    var start: Position
    /// Offset just past the token, for source-text slices.
    var end: Int

    var symbol: String? { if case .symbol(let s) = kind { return s } else { return nil } }
    var identifier: String? { if case .identifier(let s) = kind { return s } else { return nil } }
}

/// A syntax error before it gets a file: the parser and lexer report positions in the block,
/// and the session maps them into the Markdown file.
struct SyntaxError: Error {
    var position: Position
    var message: String
    var notes: [String] = []
}

/// Splits a block into tokens. Newlines end statements, except inside brackets and before a
/// line indented deeper than the statement's first line (a continuation, used by `exercise`).
struct Lexer {
    let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    private var statementIndent = 0
    private(set) var tokens: [Token] = []

    init(_ source: String) {
        // Normalise CRLF so columns and lines agree with editors.
        characters = Array(source.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    static func tokenize(_ source: String) throws(SyntaxError) -> (tokens: [Token], characters: [Character]) {
        var lexer = Lexer(source)
        try lexer.run()
        return (lexer.tokens, lexer.characters)
    }

    private var position: Position { Position(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> Character? {
        index + ahead < characters.count ? characters[index + ahead] : nil
    }

    private mutating func advance() {
        if characters[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func emit(_ kind: TokenKind, _ start: Position) {
        tokens.append(Token(kind: kind, start: start, end: index))
    }

    /// Indentation (in characters) of the line starting at `from`, or nil when the line is blank
    /// or only a comment.
    private func indentation(ofLineAt from: Int) -> Int? {
        var i = from, width = 0
        while i < characters.count, characters[i] == " " || characters[i] == "\t" {
            width += characters[i] == "\t" ? 4 : 1
            i += 1
        }
        if i >= characters.count || characters[i] == "\n" || characters[i] == "#" { return nil }
        return width
    }

    mutating func run() throws(SyntaxError) {
        if let first = firstIndent(from: 0) { statementIndent = first }
        while let c = peek() {
            let start = position
            switch c {
            case " ", "\t":
                advance()
            case "#":
                while let d = peek(), d != "\n" { advance() }
            case "\n":
                advance()
                if depth > 0 { continue }
                // Blank and comment lines never end or continue anything.
                guard let next = firstIndent(from: index) else { continue }
                if next > statementIndent, let last = tokens.last, last.kind != .newline {
                    continue  // continuation line
                }
                if let last = tokens.last, last.kind != .newline { emit(.newline, start) }
                statementIndent = next
            case "0"..."9":
                try number(start)
            case "." where peek(1).map({ $0.isASCII && $0.isNumber }) == true:
                try number(start)
            case "\"":
                try string(start)
            default:
                if c.isLetter || c == "_" {
                    var name = ""
                    while let d = peek(), d.isLetter || d.isNumber || d == "_" {
                        name.append(d)
                        advance()
                    }
                    while peek() == "'" {
                        name.append("'")
                        advance()
                    }
                    emit(.identifier(name), start)
                } else {
                    try symbol(start, c)
                }
            }
        }
        if let last = tokens.last, last.kind != .newline { emit(.newline, position) }
        emit(.end, position)
    }

    /// Indentation of the first non-blank line at or after `from` (which starts a line).
    private func firstIndent(from: Int) -> Int? {
        var i = from
        while i < characters.count {
            if let width = indentation(ofLineAt: i) { return width }
            while i < characters.count, characters[i] != "\n" { i += 1 }
            i += 1
        }
        return nil
    }

    private mutating func number(_ start: Position) throws(SyntaxError) {
        var text = ""
        func isDigit(_ c: Character?) -> Bool { c.map { $0.isASCII && $0.isNumber } ?? false }
        while isDigit(peek()) { text.append(peek()!); advance() }
        if peek() == ".", isDigit(peek(1)) {
            text.append(".")
            advance()
            while isDigit(peek()) { text.append(peek()!); advance() }
        }
        if peek() == "e" || peek() == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if isDigit(peek(signed ? 2 : 1)) {
                text.append("e"); advance()
                if signed { text.append(peek()!); advance() }
                while isDigit(peek()) { text.append(peek()!); advance() }
            }
        }
        if let c = peek(), c.isLetter || c == "_" {
            throw SyntaxError(
                position: position, message: "unexpected '\(c)' after the number '\(text)'",
                notes: ["write a multiplication explicitly, e.g. '2 * x'"])
        }
        guard let value = Double(text) else {
            throw SyntaxError(position: start, message: "malformed number '\(text)'")
        }
        emit(.number(value), start)
    }

    private mutating func string(_ start: Position) throws(SyntaxError) {
        if peek(1) == "\"" && peek(2) == "\"" {
            advance(); advance(); advance()
            var raw = ""
            while true {
                guard let c = peek() else {
                    throw SyntaxError(position: start, message: "unterminated string; close it with '\"\"\"'")
                }
                if c == "\"" && peek(1) == "\"" && peek(2) == "\"" {
                    advance(); advance(); advance()
                    break
                }
                raw.append(c)
                advance()
            }
            emit(.string(Lexer.dedent(raw)), start)
            return
        }
        advance()
        var text = ""
        while true {
            guard let c = peek(), c != "\n" else {
                throw SyntaxError(position: start, message: "unterminated string; close it with '\"' on the same line")
            }
            advance()
            if c == "\"" { break }
            // Only \" is an escape: every other backslash stays, so a prompt's LaTeX
            // (`$\partial L / \partial w$`) is written as it appears in Markdown.
            if c == "\\", peek() == "\"" {
                advance()
                text.append("\"")
            } else {
                text.append(c)
            }
        }
        emit(.string(text), start)
    }

    /// Triple-quoted strings lose their first and last empty lines and their common indentation,
    /// so a prompt can be indented under its `exercise`.
    static func dedent(_ raw: String) -> String {
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        if let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        let indents = lines.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { String($0.dropFirst(min(common, $0.prefix { $0 == " " }.count))) }
            .joined(separator: "\n")
    }

    /// Mathematical spellings a teacher may paste from a formula.
    static let aliases: [Character: String] = [
        "−": "-", "–": "-", "‐": "-", "‑": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*", "∗": "*", "÷": "/", "∕": "/",
        "≤": "<=", "≦": "<=", "≥": ">=", "≧": ">=", "≠": "!=",
    ]

    private mutating func symbol(_ start: Position, _ c: Character) throws(SyntaxError) {
        if let alias = Lexer.aliases[c] {
            advance()
            emit(.symbol(alias), start)
            return
        }
        let two = peek(1).map { String(c) + String($0) }
        if two == "**" {  // Python's power, as students coming from NumPy type it
            advance(); advance()
            emit(.symbol("^"), start)
            return
        }
        if let two, ["==", "!=", "<=", ">=", ".."].contains(two) {
            advance(); advance()
            emit(.symbol(two), start)
            return
        }
        switch c {
        case "+", "-", "*", "/", "^", "@", "<", ">", "=", "?", ":", ",", ".":
            advance()
            emit(.symbol(String(c)), start)
        case "(", "[", "{":
            advance()
            depth += 1
            emit(.symbol(String(c)), start)
        case ")", "]", "}":
            advance()
            depth = max(0, depth - 1)
            emit(.symbol(String(c)), start)
        case "|":
            advance()
            emit(.symbol("|"), start)
            while peek() == " " { advance() }
            let formatStart = position
            var word = ""
            while let d = peek(), !d.isWhitespace, d != ",", d != ")", d != "#" {
                word.append(d)
                advance()
            }
            if word.isEmpty {
                throw SyntaxError(
                    position: formatStart, message: "expected a number format after '|'",
                    notes: ["formats: .3f  .2e  .2x  .4g  .1%  d"])
            }
            emit(.format(word), formatStart)
        default:
            // Japanese input methods produce full-width forms (（ ） ＋ ＝ 　) that look like ASCII.
            if let scalar = c.unicodeScalars.first, (0xFF01...0xFF5E).contains(scalar.value) || scalar.value == 0x3000 {
                let ascii = scalar.value == 0x3000 ? " " : String(UnicodeScalar(scalar.value - 0xFEE0).map(Character.init) ?? c)
                throw SyntaxError(
                    position: start, message: "unexpected full-width character '\(c)'",
                    notes: ["write the half-width '\(ascii)' instead"])
            }
            throw SyntaxError(position: start, message: "unexpected character '\(c)'")
        }
    }
}
