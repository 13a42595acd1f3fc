extension MarkdownDocument {
    /// Renders the document without replacing anything.
    ///
    /// The replacing variants are overloads rather than default arguments: Swift 6.3.1 crashes
    /// (SILGen, signal 11) compiling a call that takes a default value for a `throws(E)` closure
    /// parameter.
    public func render(_ format: OutputFormat) -> String {
        render(format, replacingCodeBlock: { (_: CodeBlock) throws(Never) -> String? in nil },
               replacingInlineCode: { (_: InlineCode) throws(Never) -> String? in nil })
    }

    /// Renders the document, replacing the code blocks `replacingCodeBlock` chooses.
    public func render<E: Error>(
        _ format: OutputFormat, replacingCodeBlock: (CodeBlock) throws(E) -> String?
    ) throws(E) -> String {
        try render(format, replacingCodeBlock: replacingCodeBlock,
                   replacingInlineCode: { (_: InlineCode) throws(E) -> String? in nil })
    }

    /// Renders the document, replacing the code spans `replacingInlineCode` chooses.
    public func render<E: Error>(
        _ format: OutputFormat, replacingInlineCode: (InlineCode) throws(E) -> String?
    ) throws(E) -> String {
        try render(format, replacingCodeBlock: { (_: CodeBlock) throws(E) -> String? in nil },
                   replacingInlineCode: replacingInlineCode)
    }

    /// Renders the document, replacing code blocks and code spans the closures choose; math
    /// comes out as TeX for a script to typeset.
    public func render<E: Error>(
        _ format: OutputFormat,
        replacingCodeBlock: (CodeBlock) throws(E) -> String?,
        replacingInlineCode: (InlineCode) throws(E) -> String?
    ) throws(E) -> String {
        try render(format, replacingCodeBlock: replacingCodeBlock, replacingInlineCode: replacingInlineCode,
                   typesettingMath: { _ in nil })
    }

    /// Renders the document, replacing code blocks and code spans the closures choose; references
    /// (`@fig-x`) stay as written.
    public func render<E: Error>(
        _ format: OutputFormat,
        replacingCodeBlock: (CodeBlock) throws(E) -> String?,
        replacingInlineCode: (InlineCode) throws(E) -> String?,
        typesettingMath: (MathSpan) -> String?
    ) throws(E) -> String {
        try render(format, replacingCodeBlock: replacingCodeBlock, replacingInlineCode: replacingInlineCode,
                   typesettingMath: typesettingMath, replacingReference: { _ in nil })
    }

    /// Renders the document, replacing code blocks, code spans and references the closures
    /// choose; table captions get no number.
    public func render<E: Error>(
        _ format: OutputFormat,
        replacingCodeBlock: (CodeBlock) throws(E) -> String?,
        replacingInlineCode: (InlineCode) throws(E) -> String?,
        typesettingMath: (MathSpan) -> String?,
        replacingReference: (String) -> String?
    ) throws(E) -> String {
        try render(format, replacingCodeBlock: replacingCodeBlock, replacingInlineCode: replacingInlineCode,
                   typesettingMath: typesettingMath, replacingReference: replacingReference, numberingTable: { _ in nil })
    }

    /// Renders the document, replacing code blocks and code spans the closures choose.
    ///
    /// The closures are called in document order (blocks and spans interleaved), outside the
    /// parser lock. A non-nil result replaces the block or span and is inserted raw: HTML when
    /// rendering `.html`, Markdown when rendering `.gfm`. In HTML, inserted text is not passed
    /// through the tagfilter extension (it is the builder's output, not the author's).
    /// - Parameters:
    ///   - format: `.html` for the site, `.gfm` for the Markdown rendition.
    ///   - replacingCodeBlock: Called with each element of `codeBlocks`.
    ///   - replacingInlineCode: Called with each element of `inlineCodes`.
    ///   - typesettingMath: Called in `.html` only, with each element of `math`: typeset HTML
    ///     (inserted raw inside the wrapper below, in place of `\(…\)` / `\[…\]`), or nil for
    ///     the TeX.
    ///   - replacingReference: Called with the label of each reference (`fig-x` for `@fig-x`) in
    ///     text outside code, links and images: inserted raw (HTML or Markdown), or nil to keep it.
    ///   - numberingTable: Called in `.html` only, with each element of `tableCaptions`: HTML put
    ///     first in the table's `<caption>` (its number), or nil for none.
    /// - Returns: The rendering; math comes out as written in `.gfm`, and as
    ///   `<span class="math inline">\(…\)</span>` / `<div class="math display">\[…\]</div>`
    ///   (`<span class="math display">` inside running text) in `.html`.
    /// - Throws: Whatever a closure throws; rendering stops there.
    public func render<E: Error>(
        _ format: OutputFormat,
        replacingCodeBlock: (CodeBlock) throws(E) -> String?,
        replacingInlineCode: (InlineCode) throws(E) -> String?,
        typesettingMath: (MathSpan) -> String?,
        replacingReference: (String) -> String?,
        numberingTable: (TableCaption) -> String?
    ) throws(E) -> String {
        let tree = Cmark.parse(format == .html ? ZennContainers.html(layout.substituted) : layout.substituted,
                               options: options)
        var replacements: [[UInt8]] = []
        var blockIndex = 0
        var inlineIndex = 0
        var headingIndex = 0
        var captionIndex = 0
        let escapeDollars = format == .gfm && options.math

        func restoreLiteral(_ node: CmarkNode) {
            guard node.literalContains(placeholders.prefix) else { return }
            let literal = node.literal
            let restored = restoringMathSource(literal)
            if restored != literal { node.literal = restored }
        }
        func insert(_ text: String, for node: CmarkNode, block: Bool) {
            switch format {
            case .gfm:
                var literal = Substring(text)
                while block, literal.last == "\n" { literal = literal.dropLast() }
                node.replace(withRaw: String(literal), block: block)
            case .html:
                node.replace(withRaw: placeholders.string("r", replacements.count), block: block)
                replacements.append(Array(text.utf8))
            }
        }

        for node in tree.nodes() {
            switch node.kind {
            case .codeBlock:
                defer { blockIndex += 1 }
                if blockIndex < codeBlocks.count, let text = try replacingCodeBlock(codeBlocks[blockIndex]) {
                    insert(text, for: node, block: true)
                } else {
                    restoreLiteral(node)
                }
            case .code:
                defer { inlineIndex += 1 }
                if inlineIndex < inlineCodes.count, let text = try replacingInlineCode(inlineCodes[inlineIndex]) {
                    insert(text, for: node, block: false)
                } else {
                    restoreLiteral(node)
                }
            case .paragraph where format == .html && TableCaptionSyntax.isCaption(node):
                // The marker and label go; `movingTableCaptions` puts the rest into the table.
                let children = node.children
                if let first = children.first, let marker = TableCaptionSyntax.markerLength(first.literal) {
                    first.literal = String(decoding: Array(first.literal.utf8).dropFirst(marker), as: UTF8.self)
                }
                if let last = children.last, last.kind == .text, let label = TableCaptionSyntax.label(atEndOf: last.literal) {
                    last.literal = String(decoding: Array(last.literal.utf8)[..<label.start], as: UTF8.self)
                }
                node.prependRaw(placeholders.string("t", captionIndex))
                captionIndex += 1
            case .heading:
                if format == .html, options.headingAnchors {
                    node.prependRaw(placeholders.string("h", headingIndex))
                }
                headingIndex += 1
            case .htmlBlock where format == .html && options.extensions.contains(.tagfilter)
                && node.literal.prefix(6).lowercased() == "<style":
                // A `<style>` block (Marp's slide CSS in imported notes) would restyle the site, and
                // tagfilter would show it as text: the page leaves it out, the GFM rendition keeps it.
                node.replace(withRaw: "", block: true)
            case .htmlBlock, .htmlInline:
                restoreLiteral(node)
            case .link, .image:
                let url = node.url
                let restoredURL = restoringMathSource(url)
                if restoredURL != url { node.url = restoredURL }
                let title = node.title
                let restoredTitle = restoringMathSource(title)
                if restoredTitle != title { node.title = restoredTitle }
            case .text:
                if node.isInside(.image) {
                    restoreLiteral(node)  // alt text is plain text: math stays as written
                } else if !node.isInside(.link), node.literalContains([UInt8(ascii: "@")]),
                          let pieces = referencePieces(node.literal, replacingReference) {
                    node.replace(withInlines: pieces.flatMap { piece in
                        guard piece.raw else { return escapeDollars ? dollarPieces(piece.literal) : [piece] }
                        switch format {
                        case .gfm: return [piece]
                        case .html:
                            defer { replacements.append(Array(piece.literal.utf8)) }
                            return [(raw: true, literal: placeholders.string("r", replacements.count))]
                        }
                    })
                } else if escapeDollars {
                    escapeDollarSigns(node)
                }
            default:
                break
            }
        }

        let rendered = tree.render(format)
        let output = placeholders.expand(rendered) { found, output, rest in
            switch found {
            case .math(let index, let joined):
                guard index < layout.spans.count else {  // a token forged with an entity (`CgM&#107;s9e`)
                    output += placeholders.token("s", index)
                    return 0
                }
                let typeset = format == .html ? typesettingMath(math[index]) : nil
                return appendMath(layout.spans[index], label: math[index].label, typeset: typeset, joined: joined,
                                  format: format, to: &output, rest: rest)
            case .heading(let index):
                guard index < headings.count, output.last == UInt8(ascii: ">") else { return 0 }
                output.removeLast()
                output += Array(" id=\"\(headings[index].anchor)\">".utf8)
                return 0
            case .replacement(let index):
                output += index < replacements.count ? replacements[index] : placeholders.token("r", index)
                return 0
            case .tableCaption(let index):
                output += placeholders.token("t", index)  // for `movingTableCaptions`
                return 0
            }
        }
        guard captionIndex > 0 else { return String(decoding: output, as: UTF8.self) }
        return String(decoding: movingTableCaptions(output, count: captionIndex, numbering: numberingTable), as: UTF8.self)
    }

    /// Each caption paragraph (`<p>` + its `t` token + content + `</p>`, right after its table)
    /// moved into the table before it: `<table id="tbl-x">` + `<caption>` + number + content.
    /// `count`: the captions this rendering found (those of `tableCaptions`, unless a Zenn
    /// container changed the tree; one without its `TableCaption` gets no label or number).
    private func movingTableCaptions(_ html: [UInt8], count: Int, numbering: (TableCaption) -> String?) -> [UInt8] {
        var output = html
        for index in 0..<count {
            let caption = index < tableCaptions.count ? tableCaptions[index] : nil
            let token = placeholders.token("t", index)
            guard let tokenEnd = output.endOfFirst(token, from: 0) else { continue }
            let tokenStart = tokenEnd - token.count
            let paragraphOpen = Array("<p>".utf8), tableOpen = Array("<table>".utf8)
            guard tokenStart >= paragraphOpen.count,
                  Array(output[(tokenStart - paragraphOpen.count)..<tokenStart]) == paragraphOpen,
                  let paragraphEnd = output.endOfFirst(Array("</p>".utf8), from: tokenEnd),
                  let table = output.startOfLast(tableOpen, before: tokenStart - paragraphOpen.count)
            else {
                output.removeSubrange(tokenStart..<tokenEnd)
                continue
            }
            var after = paragraphEnd
            if after < output.count, output[after] == 0x0A { after += 1 }
            let id = caption?.label.map { " id=\"\($0)\"" } ?? ""
            var moved = Array("<table\(id)>\n<caption>".utf8)
            moved += (caption.flatMap(numbering) ?? "").utf8
            moved += output[tokenEnd..<(paragraphEnd - 4)]
            moved += "</caption>".utf8
            moved += output[(table + tableOpen.count)..<(tokenStart - paragraphOpen.count)]
            output.replaceSubrange(table..<after, with: moved)
        }
        return output
    }

    private func restoringMathSource(_ string: String) -> String {
        layout.restoringSource(string, placeholders: placeholders)
    }

    /// The text split around its references, each replaced as `replace` says; nil when none is.
    private func referencePieces(_ literal: String, _ replace: (String) -> String?) -> [(raw: Bool, literal: String)]? {
        var pieces: [(raw: Bool, literal: String)] = []
        var copied = literal.startIndex
        for (range, label) in ReferenceScanner.references(in: literal) {
            guard let replacement = replace(label) else { continue }
            if copied < range.lowerBound { pieces.append((false, String(literal[copied..<range.lowerBound]))) }
            pieces.append((true, replacement))
            copied = range.upperBound
        }
        guard !pieces.isEmpty else { return nil }
        if copied < literal.endIndex { pieces.append((false, String(literal[copied...]))) }
        return pieces
    }

    /// A literal `$` in text (written `\$`, or a lone dollar) stays escaped in `.gfm`, so a
    /// math-aware reader of the Markdown (GitHub) does not pair it with another dollar.
    private func escapeDollarSigns(_ node: CmarkNode) {
        guard node.literalContains([UInt8(ascii: "$")]) else { return }
        node.replace(withInlines: dollarPieces(node.literal))
    }

    private func dollarPieces(_ literal: String) -> [(raw: Bool, literal: String)] {
        var pieces: [(raw: Bool, literal: String)] = []
        for (index, part) in literal.split(separator: "$", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { pieces.append((raw: true, literal: "\\$")) }
            if !part.isEmpty { pieces.append((raw: false, literal: String(part))) }
        }
        return pieces
    }

    /// Appends one formula; returns how many bytes after it were consumed (the `</p>` of a
    /// paragraph that held only display math, which becomes a `<div>`).
    /// `joined`: cmark put the formula's lines on one line (an ATX heading cannot hold a line
    /// break), so in `.gfm` its line breaks become spaces, which TeX does not tell apart.
    /// `typeset`: HTML that stands for the formula inside its wrapper, instead of the TeX.
    /// `label`: the formula's `{#eq-x}`, which follows it in `rest`: consumed, and the wrapper's `id`.
    private func appendMath(_ span: MathLayout.Span, label: String?, typeset: String?, joined: Bool,
                            format: OutputFormat, to output: inout [UInt8], rest: ArraySlice<UInt8>) -> Int {
        func appendBody(_ open: String, _ close: String) {
            if let typeset {
                output += typeset.utf8
            } else {
                output += open.utf8
                appendEscapedHTML(span.tex, to: &output)
                output += close.utf8
            }
        }
        switch format {
        case .gfm:
            if joined {
                output += span.source.utf8.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }
            } else {
                output += span.source.utf8
            }
            return 0
        case .html:
            guard span.raw.display else {
                output += #"<span class="math inline">"#.utf8
                appendBody(#"\("#, #"\)"#)
                output += "</span>".utf8
                return 0
            }
            let labelLength = label.flatMap { _ in ReferenceScanner.equationLabel(after: rest)?.length } ?? 0
            let id = label.map { " id=\"\($0)\"" } ?? ""
            let open = Array("<p>".utf8)
            let close = Array("</p>".utf8)
            if output.hasSuffix(open), rest.dropFirst(labelLength).hasPrefix(close) {
                output.removeLast(open.count)
                output += #"<div class="math display"\#(id)>"#.utf8
                appendBody(#"\["#, #"\]"#)
                output += "</div>".utf8
                return labelLength + close.count
            }
            output += #"<span class="math display"\#(id)>"#.utf8
            appendBody(#"\["#, #"\]"#)
            output += "</span>".utf8
            return labelLength
        }
    }

    /// `&`, `<` and `>` escaped, everything else of the TeX untouched.
    private func appendEscapedHTML(_ string: String, to output: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: ">"): output += "&gt;".utf8
            default: output.append(byte)
            }
        }
    }
}
