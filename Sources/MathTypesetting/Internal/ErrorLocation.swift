import Diagnostics

/// Turns KaTeX's position (a UTF-16 offset in the TeX, as JavaScript counts) into a place in
/// the author's file.
enum ErrorLocation {
    /// - Returns: the location of `offset` (nil: the formula's start) and the text of its line.
    static func locate(utf16Offset offset: Int?, in formula: Formula) -> (location: SourceLocation, line: String?) {
        let units = Array(formula.tex.utf16)
        let clamped = min(max(offset ?? 0, 0), units.count)
        let before = String(decoding: units[..<clamped], as: UTF16.self)
        let lineIndex = before.count(where: isLineBreak)
        let onLine = before.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak).last ?? ""
        let sourceLine = lineIndex < formula.sourceLines.count ? String(formula.sourceLines[lineIndex]) : nil
        var location = formula.start
        location.line += lineIndex
        if lineIndex == 0 {
            let rest = sourceLine.map { $0.dropFirst(max(formula.start.column - 1, 0)) } ?? ""
            location.column += sourceWidth(of: onLine, in: rest) ?? onLine.count
        } else {
            let texLines = formula.tex.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak)
            let texLine = texLines.dropFirst(lineIndex).first ?? ""  // past the end: an offset inside "\r\n"
            let container = containerWidth(of: texLine, in: sourceLine)
            let rest = sourceLine.map { $0.dropFirst(container) } ?? ""
            location.column = container + (sourceWidth(of: onLine, in: rest) ?? onLine.count) + 1
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
        while sourceWidth(of: texLine, in: rest) == nil, let first = rest.first, first == " " || first == "\t" || first == ">" {
            rest = rest.dropFirst()
            width += 1
        }
        return sourceWidth(of: texLine, in: rest) == nil ? 0 : width
    }

    /// How many characters at the start of `source` the TeX characters `tex` were read from:
    /// as many, plus each backslash the reading dropped (`\[` read as `[`, `\|` in a table
    /// cell as `|`); nil when `tex` was not read from there.
    static func sourceWidth(of tex: Substring, in source: Substring) -> Int? {
        var index = source.startIndex
        var width = 0
        for character in tex {
            guard index < source.endIndex else { return nil }
            if source[index] == character {
                index = source.index(after: index)
                width += 1
                continue
            }
            let next = source.index(after: index)
            guard source[index] == "\\", next < source.endIndex, source[next] == character else { return nil }
            index = source.index(after: next)
            width += 2
        }
        return width
    }
}
