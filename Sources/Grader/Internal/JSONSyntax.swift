import Diagnostics

/// A JSON syntax error in an answers file, with what was found: worded per language when the
/// diagnostic is made, so a Japanese report is Japanese down to the stray character.
enum JSONSyntax: Sendable, Hashable {
    /// What stands where something else was expected.
    enum Token: Sendable, Hashable {
        case endOfFile
        /// A printable character, as written.
        case character(String)
        /// A byte that does not start a character.
        case byte(UInt8)
        case control(UInt8)

        func text(in language: ReportLanguage) -> String {
            let ja = language == .ja
            switch self {
            case .endOfFile: return ja ? "ファイルの終わり" : "end of file"
            case .character(let character): return "'\(character)'"
            case .byte(let byte): return (ja ? "バイト 0x" : "byte 0x") + String(byte, radix: 16, uppercase: true)
            case .control(let byte): return (ja ? "制御文字 0x" : "control character 0x") + String(byte, radix: 16, uppercase: true)
            }
        }
    }

    case afterEnd(Token), endOfFileExpectingValue, singleQuotes, expectedValue(Token), nonFinite
    case tooDeep(Int)
    /// `opened`: where the object or array began (`a.json:1:5`).
    case endInObject(opened: String), endInArray(opened: String)
    /// `closer`: `}` or `]`.
    case trailingComma(closer: Character)
    case expectedMemberName(Token), expectedColon(Token), expectedCommaOr(closer: Character, Token)
    case digitsAfterMinus, leadingZeros, digitsAfterPoint, digitsInExponent, notANumber(String)
    case notUTF8, stringNeverClosed, unpairedSurrogate, invalidEscape(Token), controlInString(Token), needsFourHexDigits

    func text(in language: ReportLanguage) -> String { language == .ja ? japanese : english }

    func notes(in language: ReportLanguage) -> [String] {
        let ja = language == .ja
        switch self {
        case .nonFinite:
            return [ja ? "有限の数か、\"1/3\" のように文字列に入れた式を書いてください"
                : "write a finite number, or an expression in a string such as \"1/3\""]
        case .controlInString:
            return [ja ? "改行は \\n と書いてください。文字列は複数の行にまたがれません" : "write a line break as \\n; a string cannot span lines"]
        default: return []
        }
    }

    private var english: String {
        switch self {
        case .afterEnd(let token): return "unexpected \(token.text(in: .en)) after the end of the JSON value"
        case .endOfFileExpectingValue: return "unexpected end of file; expected a value"
        case .singleQuotes: return "JSON strings use double quotes (\"), not single quotes"
        case .expectedValue(let token): return "unexpected \(token.text(in: .en)); expected a value"
        case .nonFinite: return "NaN and Infinity are not JSON numbers"
        case .tooDeep(let depth): return "JSON nested more than \(depth) levels deep"
        case .endInObject(let opened): return "unexpected end of file inside the object opened at \(opened)"
        case .endInArray(let opened): return "unexpected end of file inside the array opened at \(opened)"
        case .trailingComma(let closer): return "trailing comma before '\(closer)'"
        case .expectedMemberName(let token): return "unexpected \(token.text(in: .en)); expected a member name in double quotes"
        case .expectedColon(let token): return "unexpected \(token.text(in: .en)); expected ':' after the member name"
        case .expectedCommaOr(let closer, let token): return "unexpected \(token.text(in: .en)); expected ',' or '\(closer)'"
        case .digitsAfterMinus: return "a number needs digits after '-'"
        case .leadingZeros: return "JSON numbers cannot have leading zeros"
        case .digitsAfterPoint: return "a number needs digits after '.'"
        case .digitsInExponent: return "a number needs digits in its exponent"
        case .notANumber(let literal): return "'\(literal)' is not a number"
        case .notUTF8: return "the file is not valid UTF-8"
        case .stringNeverClosed: return "this string is never closed"
        case .unpairedSurrogate: return "unpaired UTF-16 surrogate in \\u escape"
        case .invalidEscape(let token): return "invalid escape '\\\(Self.bare(token, .en))' in a string"
        case .controlInString(let token): return "\(token.text(in: .en)) inside a string"
        case .needsFourHexDigits: return "\\u needs four hex digits"
        }
    }

    private var japanese: String {
        switch self {
        case .afterEnd(let token): return "JSON の値が終わったあとに \(token.text(in: .ja)) があります"
        case .endOfFileExpectingValue: return "値が書かれないままファイルが終わっています"
        case .singleQuotes: return "JSON の文字列は一重引用符（'）ではなく二重引用符（\"）で囲んでください"
        case .expectedValue(let token): return "ここには値を書いてください（\(token.text(in: .ja)) があります）"
        case .nonFinite: return "NaN と Infinity は JSON の数ではありません"
        case .tooDeep(let depth): return "JSON の入れ子が \(depth) 段を超えています"
        case .endInObject(let opened): return "\(opened) で始まったオブジェクトの途中でファイルが終わっています"
        case .endInArray(let opened): return "\(opened) で始まった配列の途中でファイルが終わっています"
        case .trailingComma(let closer): return "'\(closer)' の前に余分なコンマがあります"
        case .expectedMemberName(let token): return "ここには二重引用符で囲んだ項目名を書いてください（\(token.text(in: .ja)) があります）"
        case .expectedColon(let token): return "項目名のあとには ':' を書いてください（\(token.text(in: .ja)) があります）"
        case .expectedCommaOr(let closer, let token): return "ここには ',' か '\(closer)' を書いてください（\(token.text(in: .ja)) があります）"
        case .digitsAfterMinus: return "'-' のあとに数字を書いてください"
        case .leadingZeros: return "JSON の数には先頭に余分な 0 を付けられません"
        case .digitsAfterPoint: return "'.' のあとに数字を書いてください"
        case .digitsInExponent: return "指数部に数字を書いてください"
        case .notANumber(let literal): return "'\(literal)' は数ではありません"
        case .notUTF8: return "このファイルは正しい UTF-8 ではありません"
        case .stringNeverClosed: return "この文字列が閉じられていません"
        case .unpairedSurrogate: return "\\u エスケープに対になっていない UTF-16 サロゲートがあります"
        case .invalidEscape(let token): return "文字列の中ではエスケープ '\\\(Self.bare(token, .ja))' は使えません"
        case .controlInString(let token): return "文字列の中に \(token.text(in: .ja)) があります"
        case .needsFourHexDigits: return "\\u のあとには 16 進数字を 4 つ書いてください"
        }
    }

    /// A token without its quotes, as it follows a backslash.
    private static func bare(_ token: Token, _ language: ReportLanguage) -> String {
        if case .character(let character) = token { return character }
        return token.text(in: language)
    }
}

extension SourceText {
    func diagnostic(at offset: Int, _ syntax: JSONSyntax, in language: ReportLanguage) -> Diagnostic {
        diagnostic(at: offset, syntax.text(in: language), notes: syntax.notes(in: language))
    }
}
