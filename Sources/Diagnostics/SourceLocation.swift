/// A place in an author's or student's file, so every message can point at it.
///
/// `line` and `column` are 1-based. `column` counts Unicode characters (grapheme clusters),
/// not bytes: a Japanese character is one column, as an editor shows it.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    /// The location `lineOffset` lines below and, on the first line, `columnOffset` columns right.
    /// Used to map a position inside an embedded block back into the enclosing file.
    public func advanced(lines lineOffset: Int, column columnInLine: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lineOffset, column: columnInLine)
    }
}
