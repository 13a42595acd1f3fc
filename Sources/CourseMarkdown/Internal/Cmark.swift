import CCmarkGFM
import Foundation

/// The one place that talks to cmark-gfm. Nothing here leaves the module: trees live inside
/// a `CmarkTree` that frees itself, and callers get Swift values.
///
/// Parsing is serialised behind one process-wide lock: cmark-gfm 0.29 switches global character
/// tables during every parse, so concurrent parses silently lose autolinks (see
/// `/work/shared/CMARK-NOTES.md`). Registering the core extensions happens once, under the same lock.
enum Cmark {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered = false

    /// Parses `bytes` with the extensions and options of `options`; the tree is the caller's.
    static func parse(_ bytes: [UInt8], options: MarkdownOptions) -> CmarkTree {
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            cmark_gfm_core_extensions_ensure_registered()
            registered = true
        }
        let flags = options.cmarkFlags
        // CMARK_OPT_SOURCEPOS at parse time only: without it cmark-gfm does not advance inline
        // nodes' line numbers after a code span that spans lines. Rendering without it keeps
        // `data-sourcepos` out of the HTML.
        guard let parser = cmark_parser_new(flags | CMARK_OPT_SOURCEPOS) else { fatalError("cmark_parser_new failed") }
        for name in options.extensions.map(\.rawValue).sorted() {
            guard let extensionPointer = cmark_find_syntax_extension(name) else {
                fatalError("cmark-gfm extension '\(name)' is not registered")
            }
            cmark_parser_attach_syntax_extension(parser, extensionPointer)
        }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { fatalError("cmark_parser_finish failed") }
        return CmarkTree(parser: parser, root: root, flags: flags)
    }
}

extension MarkdownOptions {
    var cmarkFlags: Int32 {
        var flags = CMARK_OPT_UNSAFE
        if footnotes { flags |= CMARK_OPT_FOOTNOTES }
        return Int32(flags)
    }
}

/// A parsed document and the parser that made it (the HTML renderer needs the parser's
/// extension list, so both live and die together). Not `Sendable`: one render call owns it.
final class CmarkTree {
    private let parser: OpaquePointer
    let root: OpaquePointer
    private let flags: Int32

    fileprivate init(parser: OpaquePointer, root: OpaquePointer, flags: Int32) {
        self.parser = parser
        self.root = root
        self.flags = flags
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// Every node in document order (pre-order), collected before anyone edits the tree.
    func nodes() -> [CmarkNode] {
        var result: [CmarkNode] = []
        guard let iterator = cmark_iter_new(root) else { return result }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                result.append(CmarkNode(pointer: node))
            }
        }
        return result
    }

    /// Renders the whole tree; the C string is copied and freed here.
    func render(_ format: OutputFormat) -> [UInt8] {
        let rendered: UnsafeMutablePointer<CChar>?
        switch format {
        case .html: rendered = cmark_render_html(root, flags, cmark_parser_get_syntax_extensions(parser))
        case .gfm: rendered = cmark_render_commonmark(root, flags, 0)
        }
        guard let rendered else { return [] }
        defer { free(rendered) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self),
                                         count: strlen(rendered)))
    }
}

/// The kinds of node this module cares about; everything else is `.other`.
enum CmarkNodeKind: Equatable {
    case codeBlock, htmlBlock, paragraph, heading, blockQuote, table
    case text, code, htmlInline, softBreak, lineBreak, link, image
    case other
}

/// A borrowed pointer into a `CmarkTree`; valid only while the tree is alive and the node linked.
struct CmarkNode {
    let pointer: OpaquePointer

    var kind: CmarkNodeKind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_IMAGE: .image
        default:
            cmark_node_get_type_string(pointer).map { strcmp($0, "table") == 0 } == true ? .table : .other
        }
    }

    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

    var literal: String {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { cmark_node_set_literal(pointer, newValue) }
    }
    /// True when the literal holds `needle`, checked without making a Swift string.
    func literalContains(_ needle: [UInt8]) -> Bool {
        guard let literal = cmark_node_get_literal(pointer) else { return false }
        return needle.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                var terminated = Array(chars)
                terminated.append(0)
                return strstr(literal, terminated) != nil
            }
        }
    }

    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
    var url: String {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { cmark_node_set_url(pointer, newValue) }
    }
    var title: String {
        get { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { cmark_node_set_title(pointer, newValue) }
    }

    /// Fenced or indented; `cmark_node_get_fenced` crashes on NULL out-parameters, so pass real ones.
    var isFenced: Bool {
        var length: Int32 = 0
        var offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(pointer, &length, &offset, &character) != 0
    }

    var parent: CmarkNode? { cmark_node_parent(pointer).map(CmarkNode.init) }
    var previous: CmarkNode? { cmark_node_previous(pointer).map(CmarkNode.init) }

    var children: [CmarkNode] {
        var result: [CmarkNode] = []
        var child = cmark_node_first_child(pointer)
        while let current = child {
            result.append(CmarkNode(pointer: current))
            child = cmark_node_next(current)
        }
        return result
    }

    /// True when an ancestor is of `kind`.
    func isInside(_ kind: CmarkNodeKind) -> Bool {
        var node = parent
        while let current = node {
            if current.kind == kind { return true }
            node = current.parent
        }
        return false
    }

    /// Replaces this node by a raw HTML node carrying `literal` and frees this node.
    func replace(withRaw literal: String, block: Bool) {
        guard let node = cmark_node_new(block ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE) else { return }
        cmark_node_set_literal(node, literal)
        cmark_node_replace(pointer, node)
        cmark_node_free(pointer)
    }

    /// Replaces this node by a sequence of text and raw inline nodes, then frees it.
    func replace(withInlines pieces: [(raw: Bool, literal: String)]) {
        for piece in pieces {
            guard let node = cmark_node_new(piece.raw ? CMARK_NODE_HTML_INLINE : CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(node, piece.literal)
            cmark_node_insert_before(pointer, node)
        }
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    /// Puts a raw inline node first among this node's children.
    func prependRaw(_ literal: String) {
        guard let node = cmark_node_new(CMARK_NODE_HTML_INLINE) else { return }
        cmark_node_set_literal(node, literal)
        cmark_node_prepend_child(pointer, node)
    }
}
