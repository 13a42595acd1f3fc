/// The TeX of a formula as a TeX reader should get it, from the bytes between its delimiters.
///
/// Three things in those bytes belong to the Markdown around the formula, not to the TeX (the
/// source, `MathSpan.source`, keeps them all):
/// - the `>` markers of a block quote on a multi-line formula's later lines;
/// - in a table row, `\|`: GFM unescapes pipes in cells before anything else reads them;
/// - a backslash before punctuation that is no TeX command (`\[`, `\*`): authors writing for
///   renderers that apply Markdown's escapes inside math write `W^{\[1]}` for `W^{[1]}`.
enum TeXReading {
    /// Punctuation that a backslash escapes in Markdown and that makes no TeX command after a
    /// backslash, in math or in text mode (KaTeX rejects every one of them; in LaTeX `\(` `\)`
    /// `\[` `\]` open and close math, an error inside it, `\-` and `\*` are line-break hints,
    /// `\+` `\<` `\?` are not defined in math). Left out: the control symbols TeX has (`\_` `\{` `\}` `\|` `\,` `\!` `\;` `\:`
    /// `\>` `\\` `\#` `\$` `\%` `\&` `\ `), the accents valid in `\text{}` (`\'` `` \` `` `\^`
    /// `\"` `\~` `\=` `\.`), and LaTeX's `\/` and `\@`.
    static let markdownOnlyEscapes: Set<UInt8> = Set("()*+-<?[]".utf8)

    /// - Parameters:
    ///   - content: The bytes between the delimiters, as written.
    ///   - quoteDepth: Block-quote depth of the formula's first line (0: none).
    ///   - inTableRow: The formula is in a GFM table row.
    static func tex(_ content: String, quoteDepth: Int, inTableRow: Bool) -> String {
        var tex = content
        if quoteDepth > 0 { tex = strippingQuoteMarkers(tex, depth: quoteDepth) }
        if inTableRow { tex = tex.replacing(#"\|"#, with: "|") }
        return readingEscapes(tex)
    }

    /// `\` + one of `markdownOnlyEscapes` becomes the punctuation; every other `\` + character
    /// pair is kept as one unit, so `\\[4pt]` stays a line break with a skip.
    static func readingEscapes(_ tex: String) -> String {
        let bytes = Array(tex.utf8)
        guard bytes.contains(UInt8(ascii: "\\")) else { return tex }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if !markdownOnlyEscapes.contains(next) { output.append(byte) }
            output.append(next)
            index += 2
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Drops up to `depth` block-quote markers (`>` after at most 3 spaces, and one space after
    /// it) from every line but the first, whatever ends the lines (`\n`, `\r\n`, `\r`: Swift
    /// counts `\r\n` as one character).
    static func strippingQuoteMarkers(_ tex: String, depth: Int) -> String {
        var result = ""
        var lineStart = tex.startIndex
        var first = true
        while true {
            let end = tex[lineStart...].firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) ?? tex.endIndex
            result += first ? tex[lineStart..<end] : withoutMarkers(tex[lineStart..<end], depth: depth)
            guard end < tex.endIndex else { return result }
            result.append(tex[end])
            lineStart = tex.index(after: end)
            first = false
        }
    }

    private static func withoutMarkers(_ line: Substring, depth: Int) -> Substring {
        var line = line
        for _ in 0..<depth {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.first == ">", line.count - trimmed.count <= 3 else { break }
            line = trimmed.dropFirst()
            if line.first == " " { line = line.dropFirst() }
        }
        return line
    }
}
