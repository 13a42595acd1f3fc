import Diagnostics

/// Turns KaTeX's position (a UTF-16 offset in the TeX, as JavaScript counts) into a place in
/// the author's file.
enum ErrorLocation {
    /// - Returns: the location of `offset` (nil: the formula's start) and the text of its line.
    static func locate(utf16Offset offset: Int?, in formula: Formula) -> (location: SourceLocation, line: String?) {
        let units = Array(formula.tex.utf16)
        let clamped = min(max(offset ?? 0, 0), units.count)
        let before = String(decoding: units[..<clamped], as: UTF16.self)
        var lineIndex = 0
        var characters = 0
        for character in before {
            if isLineBreak(character) {
                lineIndex += 1
                characters = 0
            } else {
                characters += 1
            }
        }
        let sourceLine = lineIndex < formula.sourceLines.count ? String(formula.sourceLines[lineIndex]) : nil
        var location = formula.start
        location.line += lineIndex
        if lineIndex == 0 {
            location.column += characters
        } else {
            let texLines = formula.tex.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak)
            let texLine = texLines.dropFirst(lineIndex).first ?? ""  // past the end: an offset inside "\r\n"
            location.column = containerWidth(of: texLine, in: sourceLine) + characters + 1
        }
        return (location, sourceLine)
    }

    /// Where cmark ends a line (and the author's editor): not at U+2028 or NEL, which `isNewline` counts.
    private static func isLineBreak(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n" || character == "\r"
    }

    /// How many characters of the file's line come before the TeX's line: the `>` markers and
    /// indentation a block quote or a list put there (nothing, usually).
    private static func containerWidth(of texLine: Substring, in sourceLine: String?) -> Int {
        guard let sourceLine else { return 0 }
        var rest = Substring(sourceLine)
        var width = 0
        while !rest.hasPrefix(texLine), let first = rest.first, first == " " || first == "\t" || first == ">" {
            rest = rest.dropFirst()
            width += 1
        }
        return rest.hasPrefix(texLine) ? width : 0
    }
}
