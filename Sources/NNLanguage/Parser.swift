import Foundation
/// Recursive descent over the tokens of one block (or one answer string). Statement keywords
/// are only keywords at the start of a statement, and not when followed by `=`, so an author
/// may still name a variable `table`.
struct Parser {
    static let statementKeywords: Set<String> = [
        "show", "backward", "table", "truth_table", "plot", "trace", "expect", "exercise",
    ]

    let tokens: [Token]
    let characters: [Character]
    /// The characters as one string and where each starts in it, so a node's text is a slice
    /// (a copy of bytes) rather than a string built character by character: every node keeps
    /// its text, and a 1,000-character chain of 400 operators would otherwise cost quadratic time.
    private let source: String
    private let boundaries: [String.Index]
    let maxDepth: Int
    private var index = 0
    private var depth = 0

    /// `lone`: parsing one expression (an answer, an inline value), where line breaks are spaces.
    init(tokens: [Token], characters: [Character], maxDepth: Int = 64, lone: Bool = false) {
        self.tokens = lone ? tokens.filter { $0.kind != .newline } : tokens
        self.characters = characters
        self.maxDepth = maxDepth
        let source = String(characters)
        var boundaries = Array(source.indices)
        boundaries.append(source.endIndex)
        self.source = source
        // The same characters segment the same way; if not, slices fall back to characters.
        self.boundaries = boundaries.count == characters.count + 1 ? boundaries : []
    }

    // MARK: - Helpers

    private var current: Token { tokens[index] }
    private func peek(_ ahead: Int) -> Token { tokens[min(index + ahead, tokens.count - 1)] }
    private var previousEnd: Int { index > 0 ? tokens[index - 1].end : 0 }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func isSymbol(_ s: String) -> Bool { current.symbol == s }
    private func isWord(_ w: String) -> Bool { current.identifier == w }

    @discardableResult
    private mutating func expect(_ s: String, _ context: String) throws(SyntaxError) -> Token {
        guard isSymbol(s) else { throw unexpected(expected: "'\(s)' \(context)") }
        return advance()
    }

    private mutating func expectWord(_ w: String, _ context: String) throws(SyntaxError) {
        guard isWord(w) else { throw unexpected(expected: "'\(w)' \(context)") }
        _ = advance()
    }

    private mutating func identifier(_ what: String) throws(SyntaxError) -> String {
        guard let name = current.identifier else { throw unexpected(expected: what) }
        _ = advance()
        return name
    }

    private mutating func stringLiteral(_ what: String) throws(SyntaxError) -> String {
        guard case .string(let s) = current.kind else { throw unexpected(expected: what) }
        _ = advance()
        return s
    }

    private func text(from start: Int, to end: Int) -> String {
        let end = max(start, end)
        guard !boundaries.isEmpty else { return String(characters[start..<end]) }
        return String(source[boundaries[start]..<boundaries[end]])
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .number: return "number '\(text(from: token.start.offset, to: token.end))'"
        case .identifier(let s): return "'\(s)'"
        case .string: return "a string"
        case .format(let f): return "'\(f)'"
        case .symbol(let s): return "'\(s)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }

    func unexpected(expected: String) -> SyntaxError {
        SyntaxError(position: current.start, message: "expected \(expected), found \(describe(current))")
    }

    // MARK: - Statements

    mutating func parseBlock() throws(SyntaxError) -> [Statement] {
        var statements: [Statement] = []
        while current.kind != .end {
            if current.kind == .newline { _ = advance(); continue }
            let statement = try parseStatement()
            statements.append(statement)
            guard current.kind == .newline || current.kind == .end else {
                var error = unexpected(expected: "end of line")
                if current.start.line > statement.position.line {
                    error.notes.append("a line indented more than the line above continues it; indent both alike")
                } else if case .expression(let e) = statement.kind, case .name(let word) = e.kind,
                    let note = Suggest.note(for: word, among: Array(Parser.statementKeywords))
                {
                    error.notes.append(note)  // `shwo y`: a misspelt statement keyword
                }
                throw error
            }
        }
        return statements
    }

    private mutating func parseStatement() throws(SyntaxError) -> Statement {
        let start = current.start
        let kind = try parseStatementKind()
        return Statement(kind: kind, position: start, text: text(from: start.offset, to: previousEnd))
    }

    private mutating func parseStatementKind() throws(SyntaxError) -> Statement.Kind {
        if let word = current.identifier, Parser.statementKeywords.contains(word), peek(1).symbol != "=" {
            _ = advance()
            switch word {
            case "show": return .show(try parseItems())
            case "backward": return .backward(try parseExpression())
            case "table": return try parseTable()
            case "truth_table":
                let caption = try optionalString()
                let (functions, variables, domain) = try parseTruthTableBody()
                return .truthTable(caption: caption, functions: functions, variables: variables, domain: domain)
            case "plot": return try parsePlot()
            case "trace":
                let caption = try optionalString()
                let name = try identifier("a name for the result, as in 'trace p = perceptron(...)'")
                try expect("=", "after the name")
                return .trace(caption: caption, name: name, call: try parseExpression())
            case "expect":
                let condition = try parseExpression()
                var tolerance: Expr?
                if isWord("within") {
                    _ = advance()
                    tolerance = try parseExpression()
                }
                return .expect(condition, tolerance: tolerance)
            default: return .exercise(try parseExercise())
            }
        }
        // `name = expr` or `f(x, y) = expr`.
        if let name = current.identifier {
            if peek(1).symbol == "=" {
                _ = advance(); _ = advance()
                return .assign(name, try parseExpression())
            }
            if peek(1).symbol == "(", let parameters = definitionParameters() {
                _ = advance()
                index += parameters.count * 2 + (parameters.isEmpty ? 2 : 1)
                try expect("=", "in the function definition")
                return .define(name, parameters, try parseExpression())
            }
        }
        let expression = try parseExpression()
        if isSymbol("=") {
            throw SyntaxError(
                position: current.start, message: "cannot assign to '\(expression.text)'",
                notes: ["assign to a name ('y = ...') or define a function ('f(x) = ...')"])
        }
        if isSymbol("|") {  // `y | .3f`: a shown expression in a format, as `show y | .3f`
            _ = advance()
            return .show([Item(label: nil, expression: expression, format: try parseFormat())])
        }
        return .expression(expression)
    }

    /// The parameter names when the tokens read `name(a, b) =`, else nil (a call).
    private func definitionParameters() -> [String]? {
        var names: [String] = []
        var i = index + 2
        if tokens[i].symbol == ")" { return tokens[i + 1].symbol == "=" ? [] : nil }
        while true {
            guard let name = tokens[i].identifier else { return nil }
            names.append(name)
            i += 1
            if tokens[i].symbol == "," { i += 1; continue }
            if tokens[i].symbol == ")" && tokens[i + 1].symbol == "=" { return names }
            return nil
        }
    }

    private mutating func optionalString() throws(SyntaxError) -> String? {
        if case .string(let s) = current.kind {
            _ = advance()
            return s
        }
        return nil
    }

    /// `[label:] expr [| format]` separated by commas.
    private mutating func parseItems() throws(SyntaxError) -> [Item] {
        var items: [Item] = []
        repeat {
            var label: String?
            if case .string(let s) = current.kind, peek(1).symbol == ":" {
                label = s
                _ = advance(); _ = advance()
            }
            let expression = try parseExpression()
            var format: NumberFormat?
            if isSymbol("|") {
                _ = advance()
                format = try parseFormat()
            }
            items.append(Item(label: label, expression: expression, format: format))
        } while try consumeComma()
        return items
    }

    private mutating func consumeComma() throws(SyntaxError) -> Bool {
        guard isSymbol(",") else { return false }
        _ = advance()
        return true
    }

    private mutating func parseFormat() throws(SyntaxError) -> NumberFormat {
        guard case .format(let word) = current.kind else { throw unexpected(expected: "a number format") }
        let token = advance()
        guard let format = NumberFormat(word) else {
            throw SyntaxError(
                position: token.start, message: "unknown number format '\(word)'",
                notes: ["formats: .3f  .2e  .2x  .4g  .1%  d"])
        }
        return format
    }

    private mutating func parseDomain() throws(SyntaxError) -> Domain {
        if isSymbol("{") {
            _ = advance()
            var elements: [Expr] = []
            if !isSymbol("}") {
                repeat { elements.append(try parseExpression()) } while try consumeComma()
            }
            try expect("}", "to close the set")
            return .elements(elements)
        }
        let first = try parseExpression()
        if isSymbol("..") {
            _ = advance()
            let last = try parseExpression()
            var step: Expr?
            if isWord("step") {
                _ = advance()
                step = try parseExpression()
            }
            return .range(first, last, step: step)
        }
        return .vector(first)
    }

    private mutating func parseTable() throws(SyntaxError) -> Statement.Kind {
        let caption = try optionalString()
        let variable = try identifier("the row variable, as in 'table v in {a1, h1}: ...'")
        try expectWord("in", "after the row variable")
        let domain = try parseDomain()
        try expect(":", "before the columns")
        return .table(caption: caption, variable: variable, domain: domain, columns: try parseItems())
    }

    private mutating func parseTruthTableBody() throws(SyntaxError) -> ([Expr], [String], Domain) {
        var functions: [Expr] = []
        repeat { functions.append(try parsePostfix()) } while try consumeComma()
        try expectWord("over", "after the functions, as in 'truth_table xor over x1, x2 in {0, 1}'")
        var variables: [String] = []
        repeat { variables.append(try identifier("an input name")) } while try consumeComma()
        try expectWord("in", "after the input names")
        return (functions, variables, try parseDomain())
    }

    private mutating func parsePlot() throws(SyntaxError) -> Statement.Kind {
        let title = try optionalString()
        if let variable = current.identifier, peek(1).identifier == "in" {
            _ = advance(); _ = advance()
            let low = try parseExpression()
            try expect("..", "between the ends of the range")
            let high = try parseExpression()
            try expect(":", "before the curves")
            return .plot(title: title, variable: variable, range: (low, high), series: try parseItems())
        }
        return .plot(title: title, variable: nil, range: nil, series: try parseItems())
    }

    private mutating func parseExercise() throws(SyntaxError) -> ExerciseDeclaration {
        let id = try stringLiteral("the exercise id as a string, as in 'exercise \"backprop-w1\" number'")
        var declaration = ExerciseDeclaration(id: id, variations: [])
        if let kind = current.identifier, !Parser.exerciseClauses.contains(kind) {
            declaration.kindPosition = current.start
            declaration.kind = kind
            _ = advance()
        }
        while let clause = current.identifier {
            let clauseStart = current.start
            _ = advance()
            switch clause {
            case "points": declaration.points = try parseExpression()
            case "prompt":
                declaration.promptPosition = current.start
                declaration.prompt = try stringLiteral("the prompt string after 'prompt'")
            case "answer":
                declaration.answerPosition = current.start
                declaration.answer = try parseAnswer()
            case "tolerance":
                var kind = "relative"
                if let word = current.identifier, ["relative", "absolute", "digits"].contains(word) {
                    kind = word
                    _ = advance()
                }
                declaration.tolerance = (kind, try parseExpression())
            case "domain":
                let low = try parseExpression()
                try expect("..", "between the ends of the domain")
                declaration.domain = (low, try parseExpression())
            case "vary":
                repeat {
                    let position = current.start
                    let name = try identifier("the name of a varied parameter")
                    try expectWord("in", "after '\(name)'")
                    try expect("{", "before the choices")
                    var values: [Expr] = []
                    repeat { values.append(try parseExpression()) } while try consumeComma()
                    try expect("}", "after the choices")
                    declaration.variations.append((name, position, values))
                } while try consumeComma()
            case "partial": declaration.partial = try parseExpression()
            case "hidden": declaration.hidden = try parseExpression()
            case "options":
                declaration.optionsPosition = clauseStart
                var options: [String] = []
                repeat { options.append(try stringLiteral("an option string")) } while try consumeComma()
                declaration.options = options
            default:
                throw SyntaxError(
                    position: clauseStart, message: "unknown exercise clause '\(clause)'",
                    notes: Suggest.note(for: clause, among: Array(Parser.exerciseClauses)).map { [$0] } ?? [])
            }
        }
        return declaration
    }

    static let exerciseClauses: Set<String> = ["points", "prompt", "answer", "tolerance", "domain", "vary", "partial", "hidden", "options"]

    private mutating func parseAnswer() throws(SyntaxError) -> ExerciseDeclaration.Answer {
        // d/dx EXPR
        if isWord("d"), peek(1).symbol == "/", let dx = peek(2).identifier, dx.hasPrefix("d"), dx.count > 1 {
            _ = advance(); _ = advance(); _ = advance()
            return .derivative(variable: String(dx.dropFirst()), function: try parseExpression())
        }
        if isWord("truth_table") {
            _ = advance()
            let (functions, variables, domain) = try parseTruthTableBody()
            return .truthTable(functions: functions, variables: variables, domain: domain)
        }
        if case .string = current.kind {
            var choices: [String] = []
            repeat { choices.append(try stringLiteral("an option string")) } while try consumeComma()
            return .choices(choices)
        }
        return .value(try parseExpression())
    }

    // MARK: - Expressions

    /// The whole input must be one expression (students' answers, inline values).
    mutating func parseLoneExpression() throws(SyntaxError) -> Expr {
        while current.kind == .newline { _ = advance() }
        if current.kind == .end { throw SyntaxError(position: current.start, message: "expected an expression, found nothing") }
        let expression = try parseExpression()
        while current.kind == .newline { _ = advance() }
        guard current.kind == .end else { throw unexpected(expected: "end of the expression") }
        return expression
    }

    private mutating func nested<T>(_ body: (inout Parser) throws(SyntaxError) -> T) throws(SyntaxError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else {
            throw SyntaxError(position: current.start, message: "expression nested too deeply (more than \(maxDepth) levels)")
        }
        return try body(&self)
    }

    /// Evaluation recurses once per level of the tree, so a chain like `1+1+…+1` of ten
    /// thousand terms is refused here rather than overflowing the stack later.
    static let maxHeight = 400

    private func make(_ kind: Expr.Kind, from start: Position) throws(SyntaxError) -> Expr {
        var e = Expr(kind: kind, position: start, text: text(from: start.offset, to: previousEnd))
        e.height = 1 + (e.children.map(\.height).max() ?? 0)
        guard e.height <= Parser.maxHeight else {
            throw SyntaxError(
                position: start, message: "expression too long: more than \(Parser.maxHeight) operations in a row",
                notes: ["split it over several assignments"])
        }
        return e
    }

    mutating func parseExpression() throws(SyntaxError) -> Expr {
        try nested { (p: inout Parser) throws(SyntaxError) -> Expr in try p.parseConditional() }
    }

    private mutating func parseConditional() throws(SyntaxError) -> Expr {
        let start = current.start
        let condition = try parseComparison()
        guard isSymbol("?") else { return condition }
        _ = advance()
        let then = try parseExpression()
        try expect(":", "between the two branches of '? :'")
        let otherwise = try parseExpression()
        return try make(.conditional(condition, then, otherwise), from: start)
    }

    private mutating func parseComparison() throws(SyntaxError) -> Expr {
        let start = current.start
        let lhs = try parseAdditive()
        guard let op = current.symbol, ["<", "<=", ">", ">=", "==", "!="].contains(op) else { return lhs }
        let token = advance()
        let rhs = try parseAdditive()
        if let next = current.symbol, ["<", "<=", ">", ">=", "==", "!="].contains(next) {
            throw SyntaxError(
                position: current.start, message: "comparisons cannot be chained",
                notes: ["use '(a < b) * (b < c)' for 'a < b < c'"])
        }
        var result = try make(.binary(op, lhs, rhs), from: start)
        result.operatorPosition = token.start
        return result
    }

    private mutating func parseAdditive() throws(SyntaxError) -> Expr {
        let start = current.start
        var lhs = try parseMultiplicative()
        while let op = current.symbol, op == "+" || op == "-" {
            let token = advance()
            let rhs = try parseMultiplicative()
            lhs = try make(.binary(op, lhs, rhs), from: start)
            lhs.operatorPosition = token.start
        }
        return lhs
    }

    private mutating func parseMultiplicative() throws(SyntaxError) -> Expr {
        let start = current.start
        var lhs = try parseUnary()
        while let op = current.symbol, op == "*" || op == "/" || op == "@" {
            let token = advance()
            let rhs = try parseUnary()
            lhs = try make(.binary(op, lhs, rhs), from: start)
            lhs.operatorPosition = token.start
        }
        return lhs
    }

    /// Unary minus binds looser than `^`: `-x^2` is `-(x^2)`, as in mathematics.
    private mutating func parseUnary() throws(SyntaxError) -> Expr {
        let start = current.start
        if let op = current.symbol, op == "-" || op == "+" {
            _ = advance()
            let operand = try nested { (p: inout Parser) throws(SyntaxError) -> Expr in try p.parseUnary() }
            return op == "+" ? operand : try make(.unary("-", operand), from: start)
        }
        return try parsePower()
    }

    /// Right-associative: `2^3^2` is `2^(3^2)`; the exponent may carry a sign (`x^-1`).
    private mutating func parsePower() throws(SyntaxError) -> Expr {
        let start = current.start
        let base = try parsePostfix()
        guard isSymbol("^") else { return base }
        let token = advance()
        let exponent = try nested { (p: inout Parser) throws(SyntaxError) -> Expr in try p.parseUnary() }
        var result = try make(.binary("^", base, exponent), from: start)
        result.operatorPosition = token.start
        return result
    }

    private mutating func parsePostfix() throws(SyntaxError) -> Expr {
        let start = current.start
        var expression = try parsePrimary()
        while true {
            if isSymbol("(") {
                _ = advance()
                var arguments: [Argument] = []
                if !isSymbol(")") {
                    repeat {
                        if let label = current.identifier, peek(1).symbol == "=" {
                            let labelToken = advance()
                            _ = advance()
                            arguments.append(Argument(label: label, value: try parseExpression(), labelPosition: labelToken.start))
                        } else {
                            if arguments.contains(where: { $0.label != nil }) {
                                throw SyntaxError(
                                    position: current.start,
                                    message: "positional argument after a keyword argument")
                            }
                            arguments.append(Argument(label: nil, value: try parseExpression()))
                        }
                    } while try consumeComma()
                }
                try expect(")", "to close the argument list")
                expression = try make(.call(expression, arguments), from: start)
            } else if isSymbol("[") {
                _ = advance()
                var subscripts: [Expr] = []
                repeat {
                    let first = try parseExpression()
                    if isSymbol("..") {
                        _ = advance()
                        let last = try parseExpression()
                        subscripts.append(try make(.range(first, last), from: first.position))
                    } else {
                        subscripts.append(first)
                    }
                } while try consumeComma()
                try expect("]", "to close the index")
                expression = try make(.index(expression, subscripts), from: start)
            } else if isSymbol("."), let field = peek(1).identifier {
                _ = advance(); _ = advance()
                expression = try make(.member(expression, field), from: start)
            } else {
                return expression
            }
        }
    }

    private mutating func parsePrimary() throws(SyntaxError) -> Expr {
        let start = current.start
        switch current.kind {
        case .number(let value):
            _ = advance()
            return try make(.number(value), from: start)
        case .string(let s):
            _ = advance()
            return try make(.string(s), from: start)
        case .identifier(let name):
            _ = advance()
            if name == "true" || name == "false" { return try make(.bool(name == "true"), from: start) }
            return try make(.name(name), from: start)
        case .symbol("("):
            _ = advance()
            let inner = try parseExpression()
            try expect(")", "to close '('")
            var grouped = inner
            grouped.position = start
            grouped.text = text(from: start.offset, to: previousEnd)
            return grouped
        case .symbol("["):
            _ = advance()
            var elements: [Expr] = []
            if !isSymbol("]") {
                repeat {
                    if isSymbol("]") { break }  // trailing comma
                    elements.append(try parseExpression())
                    if elements.count == 1, isWord("for"), peek(1).identifier != nil {
                        return try parseComprehension(elements[0], from: start)
                    }
                } while try consumeComma()
            }
            try expect("]", "to close the list")
            return try make(.list(elements), from: start)
        default:
            throw unexpected(expected: "an expression")
        }
    }

    /// `[ELEMENT for NAME in DOMAIN]`, the domain as in `table` (`0 .. 3`, `{…}`, a vector).
    private mutating func parseComprehension(_ element: Expr, from start: Position) throws(SyntaxError) -> Expr {
        _ = advance()
        let variable = advance().identifier!
        guard isWord("in") else { throw unexpected(expected: "'in' after '[… for \(variable)'") }
        _ = advance()
        let domain = try parseDomain()
        try expect("]", "to close the list")
        return try make(.comprehension(element, variable: variable, domain: domain), from: start)
    }
}
