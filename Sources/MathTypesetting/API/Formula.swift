import Diagnostics

/// One formula to typeset, with what it takes to point at a mistake inside it.
public struct Formula: Sendable, Hashable {
    /// The TeX KaTeX reads (it ends up in the MathML annotation): CourseMarkdown's `MathSpan.tex`,
    /// which may lack a backslash the author wrote before punctuation (`\[` read as `[`);
    /// `start` and `sourceLines` stay the author's, and a mistake's column counts that backslash.
    public var tex: String
    /// Display style (`$$…$$`, a `math` fence) rather than inline.
    public var isDisplay: Bool
    /// Where the TeX's first character is in the author's file (after `$` or `$$`). `column`
    /// counts characters, as `SourceLocation` does.
    public var start: SourceLocation
    /// The file's lines from `start.line` on, as many as the TeX spans (fewer is fine): for the
    /// caret excerpt and for the column of a mistake on a later line. Slices of the chapter's
    /// text, not copies: a paragraph of 200 000 `$x$` on one line must not copy that line
    /// 200 000 times.
    public var sourceLines: [Substring]

    public init(tex: String, isDisplay: Bool, start: SourceLocation, sourceLines: [Substring]) {
        self.tex = tex
        self.isDisplay = isDisplay
        self.start = start
        self.sourceLines = sourceLines
    }

    public init(tex: String, isDisplay: Bool, start: SourceLocation, sourceLines: [String]) {
        self.init(tex: tex, isDisplay: isDisplay, start: start, sourceLines: sourceLines.map { Substring($0) })
    }
}

/// What a formula KaTeX cannot parse does to a build.
public enum MathErrorPolicy: String, Sendable, CaseIterable {
    /// The build fails with an error at the formula's file:line:column.
    case error
    /// The build goes on with a warning; the page shows the formula's TeX marked as an error.
    case warn
}

/// What KaTeX writes for a formula.
public enum MathOutput: String, Sendable, CaseIterable {
    /// HTML that KaTeX's stylesheet and fonts draw, plus MathML for screen readers: the site.
    case htmlAndMathML = "htmlAndMathml"
    /// MathML alone, which browsers draw themselves (MathML Core) with no stylesheet or font:
    /// a page that must be one self-contained file, such as a handout.
    case mathML = "mathml"
}

/// The typeset formulas of one batch, in the order they were submitted.
public struct TypesetMath: Sendable {
    /// HTML for each submitted formula: KaTeX's HTML + MathML, or for a formula KaTeX could not
    /// parse `<span class="katex-error" title="…">TeX</span>` (its TeX escaped).
    public var html: [String]
    /// One diagnostic per formula KaTeX could not parse, an error or a warning by the policy.
    public var diagnostics: [Diagnostic]
}
