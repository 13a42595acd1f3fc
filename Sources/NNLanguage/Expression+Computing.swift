/// The parts of the language that compute an answer rather than state one: a grader must not
/// let a student write `relu'(x)` for "the derivative of ReLU", nor have `grad` or `train` work
/// out a number they were asked to work out.
extension Expression {
    /// Functions that differentiate (`derivative`, `grad`, `param` to mark what `grad` reads,
    /// `descent`) or train (`train`, `perceptron`, which differentiate inside); `backward` is a
    /// statement, named here so it is refused by name wherever it appears.
    public static let computingNames: Set<String> = ["derivative", "grad", "param", "backward", "descent", "train", "perceptron"]

    /// The first name in the expression that computes rather than states: a derivative `f'`,
    /// or one of `computingNames`; nil when there is none.
    public var computingUse: String? { Self.computingUse(in: root) }

    /// Depth-first, without building child arrays: it runs on every answer the grader compiles.
    private static func computingUse(in e: Expr) -> String? {
        switch e.kind {
        case .number, .string, .bool: return nil
        case .name(let name): return name.hasSuffix("'") || computingNames.contains(name) ? name : nil
        case .list(let items): return first(items)
        case .unary(_, let a), .member(let a, _): return computingUse(in: a)
        case .binary(_, let a, let b), .range(let a, let b): return computingUse(in: a) ?? computingUse(in: b)
        case .conditional(let a, let b, let c): return computingUse(in: a) ?? computingUse(in: b) ?? computingUse(in: c)
        case .call(let callee, let arguments):
            if let found = computingUse(in: callee) { return found }
            for argument in arguments { if let found = computingUse(in: argument.value) { return found } }
            return nil
        case .index(let a, let subscripts): return computingUse(in: a) ?? first(subscripts)
        case .comprehension(let element, _, let domain): return computingUse(in: element) ?? first(domain.expressions)
        }
    }

    private static func first(_ items: [Expr]) -> String? {
        for item in items { if let found = computingUse(in: item) { return found } }
        return nil
    }

    /// The same rule on text that may not parse (`d/dx relu(x)` is a clause of an exercise
    /// declaration, not an expression): the first `f'`, computing name, or `d/dx`.
    public static func computingUse(in source: String) -> String? {
        guard let tokens = try? Lexer.tokenize(source).0 else { return nil }
        for (index, token) in tokens.enumerated() {
            guard let name = token.identifier else { continue }
            if name.hasSuffix("'") || computingNames.contains(name) { return name }
            if name == "d", index + 2 < tokens.count, tokens[index + 1].symbol == "/",
                let dx = tokens[index + 2].identifier, dx.hasPrefix("d"), dx.count > 1
            {
                return "d/\(dx)"
            }
        }
        return nil
    }
}
