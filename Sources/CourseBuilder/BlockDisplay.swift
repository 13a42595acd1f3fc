import CourseMarkdown
import Diagnostics

/// How a page shows an `nn` block, from the words after `nn` in its info string. The block
/// runs in every case; only what the reader sees changes.
///
/// - ```` ```nn ````: the code, then its results;
/// - ```` ```nn fold ````: the results, with the code folded under "show code";
/// - ```` ```nn hide-code ````: the results only;
/// - ```` ```nn hide ````: nothing (a setup block: data, models, helper functions), except
///   the exercises it declares.
///
/// A word `#fig-x` or `#tbl-x` labels the block's first plot or table (`CrossReferences`).
enum BlockDisplay: String, CaseIterable {
    case full = ""
    case fold
    case hideCode = "hide-code"
    case hide

    /// - Throws: an unknown or repeated option, located at the word in the fence line.
    init(_ block: CodeBlock) throws(Diagnostic) {
        let words = block.info.split(whereSeparator: \.isWhitespace).dropFirst()
        var display = BlockDisplay.full
        for word in words where !word.hasPrefix("#") {
            guard let option = BlockDisplay(rawValue: String(word)), option != .full else {
                throw Diagnostic(
                    at: Self.location(of: word, in: block), "unknown nn block option '\(word)'",
                    notes: ["the options are: fold (code folded), hide-code (results only), hide (nothing shown: a setup block)"])
            }
            guard display == .full else {
                throw Diagnostic(at: Self.location(of: word, in: block), "an nn block takes one display option, not '\(display.rawValue)' and '\(word)'")
            }
            display = option
        }
        self = display
    }

    /// The block's `#fig-…` / `#tbl-…` label, without `#`.
    /// - Throws: a label of another kind, or a second label, located at the word.
    static func label(of block: CodeBlock) throws(Diagnostic) -> String? {
        var label: String?
        for word in block.info.split(whereSeparator: \.isWhitespace).dropFirst() where word.hasPrefix("#") {
            let name = String(word.dropFirst())
            guard name.hasPrefix("fig-") || name.hasPrefix("tbl-"), name.count > 4 else {
                throw Diagnostic(at: location(of: word, in: block), "an nn block label is '#fig-…' (its plot) or '#tbl-…' (its table), not '\(word)'")
            }
            guard label == nil else {
                throw Diagnostic(at: location(of: word, in: block), "an nn block takes one label, not '#\(label!)' and '\(word)'")
            }
            label = name
        }
        return label
    }

    /// The word's column on the fence line, for the usual fence (three backticks or tildes, the
    /// info string right after them); a longer fence or a space before `nn` shifts it right.
    static func location(of word: Substring, in block: CodeBlock) -> SourceLocation {
        let offset = block.info.distance(from: block.info.startIndex, to: word.startIndex)
        var location = block.location
        location.column += 3 + offset
        return location
    }
}
