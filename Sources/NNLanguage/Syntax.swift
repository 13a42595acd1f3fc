import Foundation
/// One node of an expression, with where it starts and the source text it spans (labels of
/// `show`, row names of tables and the text of derivative answers are taken from it).
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case name(String)
        /// `[a, b]`; nested lists make matrices.
        case list([Expr])
        case unary(String, Expr)
        case binary(String, Expr, Expr)
        case conditional(Expr, Expr, Expr)
        case call(Expr, [Argument])
        case index(Expr, [Expr])
        case member(Expr, String)
        /// `a .. b` inside an index: elements a to b inclusive.
        case range(Expr, Expr)
        /// `[f(i) for i in 0 .. 3]`: one element per value of the domain, stacked.
        case comprehension(Expr, variable: String, domain: Domain)
    }

    var kind: Kind
    var position: Position
    var text: String
    /// Where the operator of a binary expression is, so a shape mismatch points at `@`.
    var operatorPosition: Position? = nil
    /// Levels of the tree below and including this node: evaluation recurses this deep.
    var height: Int = 1

    var children: [Expr] {
        switch kind {
        case .number, .string, .bool, .name: return []
        case .list(let items): return items
        case .unary(_, let a), .member(let a, _): return [a]
        case .binary(_, let a, let b): return [a, b]
        case .conditional(let a, let b, let c): return [a, b, c]
        case .call(let callee, let arguments): return [callee] + arguments.map(\.value)
        case .index(let a, let subscripts): return [a] + subscripts
        case .range(let a, let b): return [a, b]
        case .comprehension(let element, _, let domain): return [element] + domain.expressions
        }
    }
}

struct Argument: Sendable {
    var label: String?
    var value: Expr
    /// Where the keyword is, so "no parameter 'los'" points at the name, not the value.
    var labelPosition: Position? = nil
}

/// `[label:] expression [| format]`, the item of `show`, `table` columns and `plot` series.
struct Item: Sendable {
    var label: String?
    var expression: Expr
    var format: NumberFormat?
}

/// What a `table` or `truth_table` runs a variable over.
enum Domain: Sendable {
    /// `{a1, h1, 0.5}`: each element's source text labels its row.
    case elements([Expr])
    /// `a .. b step s` (or `a .. b` for plots).
    case range(Expr, Expr, step: Expr?)
    /// Any expression giving a vector.
    case vector(Expr)

    var expressions: [Expr] {
        switch self {
        case .elements(let elements): elements
        case .range(let a, let b, let step): [a, b] + (step.map { [$0] } ?? [])
        case .vector(let e): [e]
        }
    }
}

struct ExerciseDeclaration: Sendable {
    enum Answer: Sendable {
        case value(Expr)
        case derivative(variable: String, function: Expr)
        case truthTable(functions: [Expr], variables: [String], domain: Domain)
        case choices([String])
    }

    var id: String
    var kind: String?
    var kindPosition: Position?
    var points: Expr?
    var prompt: String?
    var promptPosition: Position?
    var answer: Answer?
    var answerPosition: Position?
    var tolerance: (kind: String, value: Expr)?
    var domain: (Expr, Expr)?
    var variations: [(name: String, position: Position, values: [Expr])]
    var partial: Expr?
    /// `hidden N`: the hidden units a network answer must have.
    var hidden: Expr?
    /// `options "a", "b", "c"`: every option a choice exercise offers.
    var options: [String]?
    var optionsPosition: Position?
}

struct Statement: Sendable {
    enum Kind: Sendable {
        case assign(String, Expr)
        case define(String, [String], Expr)
        case expression(Expr)
        case show([Item])
        case backward(Expr)
        case table(caption: String?, variable: String, domain: Domain, columns: [Item])
        case truthTable(caption: String?, functions: [Expr], variables: [String], domain: Domain)
        case plot(title: String?, variable: String?, range: (Expr, Expr)?, series: [Item])
        case trace(caption: String?, name: String, call: Expr)
        case expect(Expr, tolerance: Expr?)
        case exercise(ExerciseDeclaration)
    }

    var kind: Kind
    var position: Position
    /// The statement's source text, for exercises' reference programs.
    var text: String
}
