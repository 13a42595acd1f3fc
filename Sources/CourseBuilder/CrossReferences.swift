import CourseMarkdown
import Diagnostics
import NNLanguage
import TextEscaping

/// Labelled figures, tables and display equations, numbered per chapter, and the references
/// to them in prose (Quarto's syntax: `@fig-xor` names a block written ```` ```nn #fig-xor ````,
/// `@eq-sigmoid` a formula written `$$…$$ {#eq-sigmoid}`). Only labelled items get numbers,
/// each kind counting from 1 in every chapter, in document order: 図 4.1, 表 4.1, 式 (4.1).
struct CrossReferences {
    enum Kind { case figure, table, equation }

    struct Target {
        var kind: Kind
        /// `4.1`: the chapter's number, then the item's among its kind in the chapter.
        var number: String
        /// The chapter's file (`04-backprop.md`), linked as an author links a chapter (`LocalLinks`
        /// points it at the page; the Markdown rendition keeps it, as its neighbour).
        var chapter: String
        var location: SourceLocation
    }

    /// The chapter a target's page belongs to, with its number in the course.
    struct Chapter {
        var number: Int
        var name: String
        var document: MarkdownDocument
        var blockResults: [CodeBlock: BlockResult]

        init(_ number: Int, _ chapter: ExecutedChapter) {
            self.number = number
            name = chapter.source.name
            document = chapter.document
            blockResults = chapter.blockResults
        }
    }

    private(set) var targets: [String: Target] = [:]
    /// The label of each labelled block, for its caption.
    private(set) var blockLabels: [CodeBlock: String] = [:]
    var labels = SiteLabels(language: "en")

    init() {}

    /// Numbers every label of `chapters` and checks every reference.
    /// - Throws: a label that names nothing (no plot or table in its block), a label defined
    ///   twice (at the second definition), a reference to no label (with the closest label).
    init(_ chapters: [Chapter], labels: SiteLabels) throws(DiagnosticList) {
        self.labels = labels
        var diagnostics: [[Diagnostic]] = []
        for chapter in chapters { diagnostics.append(numberLabels(of: chapter)) }
        let known = Array(targets.keys)
        for (index, chapter) in chapters.enumerated() {
            for reference in chapter.document.references where targets[reference.label] == nil {
                diagnostics[index].append(Diagnostic(
                    at: reference.location, "no figure, table or equation is labelled '\(reference.label)'",
                    notes: [Suggest.note(for: reference.label, among: known)
                            ?? "label a plot's block '```nn #fig-…', a table's '```nn #tbl-…' or its caption ': … {#tbl-…}', an equation '$$…$$ {#eq-…}' or '```math {#eq-…}'"]))
            }
        }
        // Each chapter's in reading order, with the line each points at.
        let found = zip(chapters, diagnostics).flatMap { chapter, list in
            list.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
                .map { diagnostic in
                    var diagnostic = diagnostic
                    diagnostic.sourceLine = diagnostic.location.flatMap { chapter.document.sourceLine($0.line) }
                    return diagnostic
                }
        }
        if !found.isEmpty { throw DiagnosticList(found) }
    }

    /// Numbers the chapter's labelled blocks, tables and equations, each kind from 1 in reading
    /// order; returns its mistakes.
    private mutating func numberLabels(of chapter: Chapter) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var labelled: [(label: String, kind: Kind, location: SourceLocation)] = []
        for block in chapter.document.codeBlocks where block.language == "nn" || ChapterMath.isMathFence(block) {
            do {
                let found = block.language == "nn"
                    ? try Self.blockLabel(block, outputs: chapter.blockResults[block]?.outputs ?? [])
                    : try Self.mathFenceLabel(block)
                guard let (label, kind, location) = found else { continue }
                blockLabels[block] = label
                labelled.append((label, kind, location))
            } catch {
                diagnostics.append(error)
            }
        }
        for span in chapter.document.math {
            if let label = span.label { labelled.append((label, .equation, span.location)) }
        }
        for caption in chapter.document.tableCaptions {
            guard let label = caption.label, let location = caption.labelLocation else { continue }
            guard label.hasPrefix("tbl-"), CrossReference.isLabel(label) else {
                diagnostics.append(Diagnostic(at: location, "a table caption's label is '{#tbl-…}', not '{#\(label)}'"))
                continue
            }
            labelled.append((label, .table, location))
        }
        var counts: [Kind: Int] = [:]
        for (label, kind, location) in labelled.sorted(by: { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }) {
            if let first = targets[label] {
                diagnostics.append(Diagnostic(at: location, "the label '\(label)' is defined twice",
                                              notes: ["first defined at \(first.location)"]))
                continue
            }
            counts[kind, default: 0] += 1
            targets[label] = Target(kind: kind, number: "\(chapter.number).\(counts[kind]!)",
                                    chapter: chapter.name, location: location)
        }
        return diagnostics
    }

    /// A ```` ```math {#eq-x} ```` fence's label, as `$$…$$ {#eq-x}` labels an equation.
    /// - Throws: a label that is not `{#eq-…}`, or any other word after `math`.
    private static func mathFenceLabel(_ block: CodeBlock) throws(Diagnostic) -> (String, Kind, SourceLocation)? {
        let words = block.info.split(whereSeparator: \.isWhitespace).dropFirst()
        guard let word = words.first else { return nil }
        let location = BlockDisplay.location(of: word, in: block)
        guard words.count == 1, word.hasPrefix("{#"), word.hasSuffix("}") else {
            throw Diagnostic(at: location, "a math fence takes only a label '{#eq-…}', not '\(words.joined(separator: " "))'")
        }
        let label = String(word.dropFirst(2).dropLast())
        guard label.hasPrefix("eq-"), label.count > 3,
              CrossReference.isLabel(label) else {
            throw Diagnostic(at: location, "a math fence's label is '{#eq-…}', not '\(word)'")
        }
        return (label, .equation, location)
    }

    /// The block's label, the kind it numbers and where it is written.
    /// - Throws: a label on a hidden block, or on a block without the plot or table it names.
    private static func blockLabel(_ block: CodeBlock, outputs: [BlockOutput])
        throws(Diagnostic) -> (String, Kind, SourceLocation)?
    {
        guard let label = try BlockDisplay.label(of: block) else { return nil }
        let location = block.info.firstRange(of: "#" + label).map { BlockDisplay.location(of: block.info[$0], in: block) }
            ?? block.location
        let kind: Kind = label.hasPrefix("fig-") ? .figure : .table
        guard (try? BlockDisplay(block)) != .hide else {
            throw Diagnostic(at: location, "the block labelled '#\(label)' is hidden ('hide'), so the page has nothing to refer to",
                             notes: ["show its results with 'hide-code'"])
        }
        guard outputs.contains(where: { Self.kind(of: $0) == kind }) else {
            throw Diagnostic(at: location, "the block labelled '#\(label)' shows no \(kind == .figure ? "plot" : "table")",
                             notes: ["'#fig-…' labels the block's first plot, '#tbl-…' its first table"])
        }
        return (label, kind, location)
    }

    private static func kind(of output: BlockOutput) -> Kind? {
        switch output {
        case .plot: .figure
        case .table: .table
        default: nil
        }
    }

    /// "図 4.1", "Table 4.2", "Eq. (4.3)".
    func name(_ label: String) -> String? {
        guard let target = targets[label] else { return nil }
        let number = target.kind == .equation ? "(\(target.number))" : target.number
        return labels.numbered(target.kind, number)
    }

    /// The caption's number of the block's first plot (`.figure`) or table (`.table`).
    func caption(of block: CodeBlock, kind: Kind) -> (label: String, name: String)? {
        guard let label = blockLabels[block], targets[label]?.kind == kind, let name = name(label) else { return nil }
        return (label, name)
    }

    /// A reference as a link in chapter `chapter` (its file name).
    func html(_ label: String, inChapter chapter: String) -> String? {
        guard let target = targets[label], let name = name(label) else { return nil }
        let file = target.chapter == chapter ? "" : target.chapter.split(separator: "/").map { Escape.urlPathSegment(String($0)) }.joined(separator: "/")
        return "<a class=\"cross-reference\" href=\"\(Escape.html(file))#\(Escape.html(label))\">\(Escape.html(name))</a>"
    }

    /// A reference in the Markdown rendition: the name, linked to the chapter's rendition when
    /// the target is in another chapter (the rendition has no anchors for figures).
    func gfm(_ label: String, inChapter chapter: String) -> String? {
        guard let target = targets[label], let name = name(label) else { return nil }
        guard target.chapter != chapter else { return MarkdownText.escapeInline(name) }
        let file = target.chapter.split(separator: "/").map { Escape.urlPathSegment(String($0)) }.joined(separator: "/")
        return "[\(MarkdownText.escapeInline(name))](\(file))"
    }

    /// The number shown beside a labelled display equation, as HTML.
    func equationNumber(_ span: MathSpan) -> String { equationNumber(label: span.label) }

    /// The number shown beside an equation labelled `label` (a `$$` span or a `math` fence).
    func equationNumber(label: String?) -> String {
        guard let label, let number = targets[label]?.number else { return "" }
        return "<span class=\"equation-number\">(\(Escape.html(number)))</span>"
    }

    /// The label of a labelled `nn` block or `math` fence.
    func label(of block: CodeBlock) -> String? { blockLabels[block] }

    /// The number a labelled table caption shows first ("表 4.1 "), as HTML.
    func captionNumber(_ caption: TableCaption) -> String? {
        guard let label = caption.label, targets[label]?.kind == .table, let name = name(label) else { return nil }
        return "<span class=\"caption-number\">\(Escape.html(name))</span> "
    }
}
