import Diagnostics

/// A JSON value read from an untrusted answers file, with the byte offset it starts at so
/// feedback can point at `file:line:column`.
///
/// Foundation's decoders have no depth or size limit the caller controls and report errors
/// without a line and column; students' files need both, so the grader reads JSON itself.
struct JSONNode: Sendable, Hashable {
    var value: JSONValue
    /// Offset of the value's first byte in the file.
    var offset: Int
}

enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The value and the literal as written, for messages.
    case number(Double, literal: String)
    case string(String)
    case array([JSONNode])
    /// Members in file order; duplicates are kept so the caller can report them.
    case object([JSONMember])
}

struct JSONMember: Sendable, Hashable {
    var key: String
    var keyOffset: Int
    var value: JSONNode
}

/// Turns byte offsets into `line:column` (1-based, columns in characters as
/// `SourceLocation` documents), computed only when a message needs one.
struct SourceText: Sendable {
    let bytes: [UInt8]
    let file: String

    func location(at offset: Int) -> SourceLocation {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        let prefix = String(decoding: bytes[lineStart..<end], as: UTF8.self)
        return SourceLocation(file: file, line: line, column: prefix.count + 1)
    }

    /// The text of the line holding `offset`, for the caret excerpt (`Diagnostic` decides how
    /// much of a long line to show).
    func line(at offset: Int) -> String {
        let clamped = min(max(offset, 0), bytes.count)
        var start = clamped
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = clamped
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A located error; `excerpt: false` for a file that does not look like an answers file,
    /// whose bytes must never be quoted into a report.
    func diagnostic(at offset: Int, _ message: String, notes: [String] = [], excerpt: Bool = true) -> Diagnostic {
        Diagnostic(.error, at: location(at: offset), message, sourceLine: excerpt ? line(at: offset) : nil, notes: notes)
    }
}

/// A strict RFC 8259 reader with a nesting-depth limit, run before anything else looks at a
/// student's file. Rejects what JSON rejects (trailing commas, comments, NaN, bad escapes,
/// invalid UTF-8), each with a located message. A number that overflows a Double is read as
/// ±infinity with its literal, so only the answer holding it is an error (`tooLarge`).
struct JSONReader {
    private let bytes: [UInt8]
    private let text: SourceText
    private let maxDepth: Int
    /// The language its errors are worded in (`FileProblem`, `JSONSyntax`).
    private let language: ReportLanguage
    private var position = 0

    init(bytes: [UInt8], file: String, maxDepth: Int, language: ReportLanguage = .en) {
        self.bytes = bytes
        self.text = SourceText(bytes: bytes, file: file)
        self.maxDepth = maxDepth
        self.language = language
    }

    /// Reads one complete document. - Throws: the first syntax or limit error, located.
    static func parse(_ bytes: [UInt8], file: String, maxDepth: Int, language: ReportLanguage = .en) throws(Diagnostic) -> JSONNode {
        var reader = JSONReader(bytes: bytes, file: file, maxDepth: maxDepth, language: language)
        return try reader.document()
    }

    private mutating func document() throws(Diagnostic) -> JSONNode {
        try checkLooksLikeAnswersFile()
        let node = try value(depth: 1)
        skipWhitespace()
        guard position == bytes.count else {
            throw fail(.afterEnd(token(at: position)), at: position)
        }
        return node
    }

    /// UTF-16 or UTF-32: a byte-order mark, or the NULs of ASCII text widened (`{` is `7B 00`
    /// in UTF-16LE, `00 00 00 7B` in UTF-32BE): among the first 8 bytes, those at one parity
    /// all NUL and the others not all NUL. A file of NULs alone is not text at all.
    private static func looksLikeWideText(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
            return true
        }
        let head = Array(bytes.prefix(8))
        guard head.count >= 2 else { return false }
        let even = stride(from: 0, to: head.count, by: 2).map { head[$0] }
        let odd = stride(from: 1, to: head.count, by: 2).map { head[$0] }
        func allNUL(_ part: [UInt8]) -> Bool { part.allSatisfy { $0 == 0 } }
        return (allNUL(even) && !allNUL(odd)) || (allNUL(odd) && !allNUL(even))
    }

    /// Before any byte is quoted back: a file that is not UTF-8 text starting with '{' (after a
    /// byte-order mark and blanks) is not an answers file (a binary, UTF-16, another file a link
    /// led to) and is refused with a message that shows none of its bytes.
    private mutating func checkLooksLikeAnswersFile() throws(Diagnostic) {
        if Self.looksLikeWideText(bytes) {
            throw text.diagnostic(at: 0, .wideText, in: language, excerpt: false)
        }
        // NULs at the start and not in a wide-text pattern: a binary (later NULs are quoted escaped).
        if bytes.prefix(4).contains(0) {
            throw text.diagnostic(at: 0, .notText, in: language, excerpt: false)
        }
        // A UTF-8 byte-order mark is not JSON but editors write it; skip it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        guard position < bytes.count else {
            throw text.diagnostic(at: position, .empty, in: language, excerpt: false)
        }
        guard bytes[position] == UInt8(ascii: "{") else {
            throw text.diagnostic(at: position, .notAnObject, in: language, excerpt: false)
        }
        if let invalid = Self.firstInvalidUTF8(bytes) {
            throw text.diagnostic(at: invalid, .notUTF8, in: language, excerpt: false)
        }
    }

    /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func token(at offset: Int) -> JSONSyntax.Token {
        guard offset < bytes.count else { return .endOfFile }
        let byte = bytes[offset]
        if byte >= 0x21, byte < 0x7F { return .character(String(Character(Unicode.Scalar(byte)))) }
        if byte >= 0x80 {
            // Show the whole character when the bytes decode as one.
            var end = offset + 1
            while end < bytes.count, end < offset + 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let character = String(validating: bytes[offset..<end], as: UTF8.self) { return .character(character) }
            return .byte(byte)
        }
        return .control(byte)
    }

    private func fail(_ syntax: JSONSyntax, at offset: Int) -> Diagnostic {
        text.diagnostic(at: offset, syntax, in: language)
    }

    private mutating func value(depth: Int) throws(Diagnostic) -> JSONNode {
        guard position < bytes.count else { throw fail(.endOfFileExpectingValue, at: position) }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth <= maxDepth else { throw depthError(at: start) }
            return JSONNode(value: try object(depth: depth), offset: start)
        case UInt8(ascii: "["):
            guard depth <= maxDepth else { throw depthError(at: start) }
            return JSONNode(value: try array(depth: depth), offset: start)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try string()), offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: try number(), offset: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONNode(value: .bool(true), offset: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONNode(value: .bool(false), offset: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONNode(value: .null, offset: start)
        case UInt8(ascii: "N") where follows("NaN", at: start), UInt8(ascii: "I") where follows("Infinity", at: start):
            throw nonFinite(at: start)
        case UInt8(ascii: "'"):
            throw fail(.singleQuotes, at: start)
        default:
            throw fail(.expectedValue(token(at: start)), at: start)
        }
    }

    private func follows(_ word: String, at offset: Int) -> Bool {
        bytes[offset...].starts(with: word.utf8)
    }

    private func nonFinite(at offset: Int) -> Diagnostic {
        fail(.nonFinite, at: offset)
    }

    /// Feedback for a number literal beyond a Double's range, read as ±infinity.
    /// A long literal is shown cut, with a visible `…` and its length, so the cut cannot be
    /// mistaken for the number the student wrote.
    static func tooLarge(_ literal: String) -> String {
        let cut = self.cut(literal)
        guard let length = cut.length else { return "the number \(cut.shown) is too large (beyond ±1.8e308)" }
        let unit = length.digits ? "digits" : "characters"
        return "the number \(cut.shown) (\(Format.grouped(length.count)) \(unit)) is too large (beyond ±1.8e308)"
    }

    /// A literal as feedback shows it: whole up to 40 characters, else its ends around `…` and
    /// its length (in digits when it is all digits).
    static func cut(_ literal: String) -> (shown: String, length: (count: Int, digits: Bool)?) {
        guard literal.count > 40 else { return (literal, nil) }
        let digits = literal.drop { $0 == "-" || $0 == "+" }
        let allDigits = digits.allSatisfy { $0.isASCII && $0.isNumber }
        return ("\(literal.prefix(20))…\(literal.suffix(10))", (allDigits ? digits.count : literal.count, allDigits))
    }

    private func depthError(at offset: Int) -> Diagnostic {
        fail(.tooDeep(maxDepth), at: offset)
    }

    private mutating func literal(_ word: StaticString) throws(Diagnostic) {
        let start = position
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else {
            throw fail(.expectedValue(token(at: start)), at: start)
        }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[position + i] != expected[i] {
            throw fail(.expectedValue(token(at: start)), at: start)
        }
        position += count
    }

    private mutating func object(depth: Int) throws(Diagnostic) -> JSONValue {
        let open = position
        position += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw fail(.endInObject(opened: "\(text.location(at: open))"), at: position)
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                if bytes[position] == UInt8(ascii: "}") {
                    throw fail(.trailingComma(closer: "}"), at: position)
                }
                throw fail(.expectedMemberName(token(at: position)), at: position)
            }
            let keyOffset = position
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail(.expectedColon(token(at: position)), at: position)
            }
            position += 1
            skipWhitespace()
            let member = try value(depth: depth + 1)
            members.append(JSONMember(key: key, keyOffset: keyOffset, value: member))
            skipWhitespace()
            guard position < bytes.count else {
                throw fail(.endInObject(opened: "\(text.location(at: open))"), at: position)
            }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default:
                throw fail(.expectedCommaOr(closer: "}", token(at: position)), at: position)
            }
        }
    }

    private mutating func array(depth: Int) throws(Diagnostic) -> JSONValue {
        let open = position
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                throw fail(.trailingComma(closer: "]"), at: position)
            }
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else {
                throw fail(.endInArray(opened: "\(text.location(at: open))"), at: position)
            }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw fail(.expectedCommaOr(closer: "]", token(at: position)), at: position)
            }
        }
    }

    private mutating func number() throws(Diagnostic) -> JSONValue {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                position += 1
            }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else {
            if follows("Infinity", at: integerStart) { throw nonFinite(at: start) }
            throw fail(.digitsAfterMinus, at: start)
        }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            throw fail(.leadingZeros, at: start)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw fail(.digitsAfterPoint, at: position) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw fail(.digitsInExponent, at: position) }
        }
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(literal) else {
            throw fail(.notANumber(String(literal.prefix(40))), at: start)
        }
        // Past ±1.8e308 Double gives ±infinity: kept, so the answer holding it is the error.
        return .number(value, literal: literal)
    }

    private mutating func string() throws(Diagnostic) -> String {
        let open = position
        position += 1
        var result = ""
        var runStart = position
        // Copy runs of plain bytes at once (ASCII needs no validation); decode escapes one by one.
        func flush(_ end: Int) throws(Diagnostic) {
            guard end > runStart else { return }
            let run = bytes[runStart..<end]
            if run.allSatisfy({ $0 < 0x80 }) {
                result += String(decoding: run, as: UTF8.self)
            } else if let decoded = String(validating: run, as: UTF8.self) {
                result += decoded
            } else {
                throw fail(.notUTF8, at: runStart)
            }
        }
        while true {
            guard position < bytes.count else {
                throw fail(.stringNeverClosed, at: open)
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                try flush(position)
                position += 1
                return result
            case UInt8(ascii: "\\"):
                try flush(position)
                let escape = position
                position += 1
                guard position < bytes.count else { throw fail(.stringNeverClosed, at: open) }
                let code = bytes[position]
                position += 1
                switch code {
                case UInt8(ascii: "\""): result.unicodeScalars.append("\"")
                case UInt8(ascii: "\\"): result.unicodeScalars.append("\\")
                case UInt8(ascii: "/"): result.unicodeScalars.append("/")
                case UInt8(ascii: "b"): result.unicodeScalars.append("\u{08}")
                case UInt8(ascii: "f"): result.unicodeScalars.append("\u{0C}")
                case UInt8(ascii: "n"): result.unicodeScalars.append("\n")
                case UInt8(ascii: "r"): result.unicodeScalars.append("\r")
                case UInt8(ascii: "t"): result.unicodeScalars.append("\t")
                case UInt8(ascii: "u"):
                    let high = try hex4(escapeAt: escape)
                    if (0xD800...0xDBFF).contains(high) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else { throw fail(.unpairedSurrogate, at: escape) }
                        let second = position
                        position += 2
                        let low = try hex4(escapeAt: second)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw fail(.unpairedSurrogate, at: escape)
                        }
                        let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        result.unicodeScalars.append(Unicode.Scalar(value)!)
                    } else if let scalar = Unicode.Scalar(high) {
                        result.unicodeScalars.append(scalar)
                    } else {
                        throw fail(.unpairedSurrogate, at: escape)
                    }
                default:
                    throw fail(.invalidEscape(token(at: position - 1)), at: escape)
                }
                runStart = position
            case 0x00..<0x20:
                throw fail(.controlInString(token(at: position)), at: position)
            default:
                position += 1
            }
        }
    }

    private mutating func hex4(escapeAt escape: Int) throws(Diagnostic) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail(.needsFourHexDigits, at: escape) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail(.needsFourHexDigits, at: escape)
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}

