import Diagnostics

/// What `MarkdownDocument.render` produces.
public enum OutputFormat: Sendable {
    /// HTML for the course site (math wrapped in `math inline` / `math display` elements, typeset
    /// by the caller or left as TeX; headings with `id`s).
    case html
    /// GitHub-flavoured Markdown (cmark's CommonMark renderer, no line wrapping), math untouched.
    case gfm
}

/// A fenced or indented code block, in document order.
public struct CodeBlock: Sendable, Hashable {
    /// First word of the info string (`nn` for executable blocks); "" if there is none.
    public var language: String
    /// The whole info string, e.g. `nn run=false`.
    public var info: String
    /// The literal content exactly as cmark gives it (container indentation removed, final newline kept).
    public var code: String
    /// The opening fence (for an indented block: its first content line). `column` counts characters.
    public var location: SourceLocation
    /// 1-based line of the first content line in the file.
    public var firstCodeLine: Int
    /// False for an indented code block.
    public var isFenced: Bool

    public init(language: String, info: String, code: String, location: SourceLocation, firstCodeLine: Int,
                isFenced: Bool = true) {
        self.language = language
        self.info = info
        self.code = code
        self.location = location
        self.firstCodeLine = firstCodeLine
        self.isFenced = isFenced
    }
}

/// A backtick code span, in document order.
public struct InlineCode: Sendable, Hashable {
    /// The span's content as cmark gives it (line endings turned into spaces, one surrounding
    /// space stripped when both sides have one).
    public var code: String
    /// The opening backtick run. `column` counts characters.
    public var location: SourceLocation
    /// Where the first character of `code` is in the file, for diagnostics inside the span.
    public var contentLocation: SourceLocation

    public init(code: String, location: SourceLocation, contentLocation: SourceLocation? = nil) {
        self.code = code
        self.location = location
        self.contentLocation = contentLocation ?? location
    }
}

/// A heading, in document order.
public struct Heading: Sendable, Hashable {
    /// 1 to 6.
    public var level: Int
    /// Plain text: inline markup dropped, code spans' content kept, math kept as its `$…$` source.
    public var text: String
    /// The HTML `id`: a GitHub-like slug, unique in the document (`-1`, `-2` for repeats).
    public var anchor: String

    public init(level: Int, text: String, anchor: String) {
        self.level = level
        self.text = text
        self.anchor = anchor
    }
}

/// A `$…$` or `$$…$$` formula, in document order.
public struct MathSpan: Sendable, Hashable {
    /// `$$…$$`.
    public var isDisplay: Bool
    /// The TeX between the delimiters as a TeX reader should get it: as written, except block
    /// quote markers on later lines, `\|` in a table row (a `|`) and the Markdown escapes that
    /// are no TeX (`\[` `\]` `\(` `\)` `\*` `\+` `\-` `\<` `\?`: the punctuation). `source` keeps
    /// them; docs/markdown.md, "What is math", has the rules.
    public var tex: String
    /// The span as written, delimiters included.
    public var source: String
    /// The opening `$`. `column` counts characters.
    public var location: SourceLocation
    /// `eq-x` for display math followed by `{#eq-x}` on its closing line (Quarto's syntax): the
    /// label is consumed in `.html` (the wrapper gets it as `id`), kept as written in `.gfm`.
    public var label: String? = nil
}

/// A caption paragraph right after a GFM table, in pandoc's syntax: `: Loss per epoch {#tbl-loss}`
/// (or `Table: …`), separated from the table by a blank line. In `.html` it becomes the table's
/// `<caption>` (and the label its `id`); `.gfm` keeps it as written.
public struct TableCaption: Sendable, Hashable {
    /// The caption's Markdown without the `:` and the label.
    public var text: String
    /// `tbl-loss` for a caption ending in `{#tbl-loss}`; any `{#name}` is taken, so the builder
    /// can say that a table's label starts with `tbl-`.
    public var label: String?
    /// The caption's `:`. `column` counts characters.
    public var location: SourceLocation
    /// The label's `{`.
    public var labelLocation: SourceLocation?

    public init(text: String, label: String?, location: SourceLocation, labelLocation: SourceLocation?) {
        self.text = text
        self.label = label
        self.location = location
        self.labelLocation = labelLocation
    }
}

/// A cross-reference in prose, `@fig-xor`, `@tbl-loss` or `@eq-sigmoid` (Quarto's syntax):
/// an `@` not preceded by a letter, digit, `_` or `.`, a kind prefix, then ASCII letters,
/// digits, `-` and `_` (a final `-` or `_` is not part of it). Not found in code, links or images.
public struct CrossReference: Sendable, Hashable {
    /// The label without `@`: `fig-xor`.
    public var label: String
    /// The `@`. `column` counts characters.
    public var location: SourceLocation

    public init(label: String, location: SourceLocation) {
        self.label = label
        self.location = location
    }

    /// The kinds of label a reference can name.
    public static let prefixes = ["fig-", "tbl-", "eq-"]

    /// True when `@label` in prose would be read as a reference to `label` whole.
    public static func isLabel(_ label: String) -> Bool {
        ReferenceScanner.label(at: label.startIndex, in: label) == label
    }
}

/// The cmark-gfm extensions a document is parsed with.
public enum MarkdownExtension: String, Sendable, Hashable, CaseIterable {
    case table, strikethrough, autolink, tagfilter, tasklist
}

/// How a document is parsed and rendered. `.course` is what the course site uses; the others
/// exist so the GFM spec can be run the way cmark-gfm's own test suite runs it.
public struct MarkdownOptions: Sendable, Hashable {
    public var extensions: Set<MarkdownExtension>
    /// GitHub-style footnotes (`[^1]`).
    public var footnotes: Bool
    /// Find `$…$` / `$$…$$` and keep them away from the Markdown parser.
    public var math: Bool
    /// Give HTML headings `id` attributes.
    public var headingAnchors: Bool

    public init(extensions: Set<MarkdownExtension> = Set(MarkdownExtension.allCases), footnotes: Bool = true,
                math: Bool = true, headingAnchors: Bool = true) {
        self.extensions = extensions
        self.footnotes = footnotes
        self.math = math
        self.headingAnchors = headingAnchors
    }

    /// Every GFM extension, footnotes, math and heading anchors.
    public static let course = MarkdownOptions()
}
