import Foundation
/// What one `nn` block produces, in order; the course builder renders each to HTML and GFM.
public enum BlockOutput: Sendable, Hashable {
    /// A shown value, already formatted; `label` is the author's label or the expression's text.
    case value(label: String?, text: String)
    /// Tables, truth tables and traces.
    case table(Table)
    case plot(Plot)
    case text(String)
}

/// Cells are formatted text so the builder needs no number formatting of its own.
public struct Table: Sendable, Hashable {
    public var caption: String?
    public var header: [String]
    public var rows: [[String]]

    public init(caption: String?, header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }
}

/// A self-contained SVG document; `name` is a slug, unique within the chapter, for a file name.
public struct Plot: Sendable, Hashable {
    public var title: String?
    public var svg: String
    public var name: String

    public init(title: String?, svg: String, name: String) {
        self.title = title
        self.svg = svg
        self.name = name
    }
}

/// Limits on one block (or one answer evaluation), so an author's runaway loop or huge tensor
/// ends with a diagnostic instead of a hung or crashed build.
public struct ExecutionBudget: Sendable, Hashable {
    /// Evaluation steps: one per expression node plus one per scalar an operation computes.
    public var steps: Int
    /// Numbers (Doubles) the block may allocate in total. A chapter keeps what its blocks
    /// computed (later blocks may use it), so a whole chapter may allocate four times this.
    public var scalars: Int
    /// Nesting of user-defined function calls (catches unbounded recursion).
    public var callDepth: Int

    public init(steps: Int, scalars: Int, callDepth: Int) {
        self.steps = steps
        self.scalars = scalars
        self.callDepth = callDepth
    }

    /// Enough for the spiral MLP (a few seconds), small enough that a mistake stops quickly.
    public static let standard = ExecutionBudget(steps: 400_000_000, scalars: 20_000_000, callDepth: 32)
    /// For a student's one-line answer.
    public static let answer = ExecutionBudget(steps: 1_000_000, scalars: 1_000_000, callDepth: 32)
}
