import Diagnostics
import ExerciseModel
import NNEngine

/// The state shared by all `nn` blocks of one chapter (or one standalone `.nn` file): a later
/// block sees the variables, functions and models of the earlier ones, as a reader does.
public final class ChapterSession {
    public let file: String
    public let budget: ExecutionBudget
    let machine: Machine
    private var declared: [Exercise] = []
    private var plotNames: Set<String> = []
    /// The value of the latest bare-expression line, the result of a reference program.
    var lastExpressionValue: Double?

    /// `file` is the path diagnostics name (as the author should see it, e.g. `Content/03.md`);
    /// `budget` applies to each block and inline value separately.
    public init(file: String, budget: ExecutionBudget = .standard) {
        self.file = file
        self.budget = budget
        self.machine = Machine(budget: budget)
    }

    /// Exercises declared so far, in order, with reference answers computed.
    public var exercises: [Exercise] { declared }

    /// Where each exercise with per-student variants has its `vary` clause, by exercise id: the
    /// builder points there when a build would re-deal the numbers students were given.
    public private(set) var variationLocations: [String: SourceLocation] = [:]

    /// Runs one block. `firstLine` is the 1-based line in the Markdown file of the block's first
    /// code line and `column` the 1-based column where its lines start, so every diagnostic
    /// points into the Markdown file. Stops at the first error; failed `expect`s are collected
    /// and reported together at the end of the block.
    public func run(block source: String, firstLine: Int, column: Int = 1) throws(DiagnosticList) -> [BlockOutput] {
        let map = LocationMap(file: file, source: source, firstLine: firstLine, column: column)
        machine.resetBudget(budget)
        let statements: [Statement]
        do {
            let (tokens, characters) = try Lexer.tokenize(source)
            var parser = Parser(tokens: tokens, characters: characters)
            statements = try parser.parseBlock()
        } catch {
            throw DiagnosticList([map.diagnostic(error.position, error.message, notes: error.notes)])
        }
        var outputs: [BlockOutput] = []
        var failures: [Diagnostic] = []
        for (index, statement) in statements.enumerated() {
            do {
                try execute(statement, into: &outputs, failures: &failures, map: map, block: statements[..<index])
            } catch {
                throw DiagnosticList(failures + map.diagnostics(for: error))
            }
        }
        if !failures.isEmpty { throw DiagnosticList(failures) }
        return outputs
    }

    /// A computed value quoted in prose: `{nn} dL_dw1 | .3f`. `location` is where the expression
    /// starts in the Markdown file.
    /// - Throws: the error, located; an error inside a function an `nn` block defined is located
    ///   in that block, followed by a note at each call that led there.
    public func inline(_ expression: String, format: String?, at location: SourceLocation) throws(DiagnosticList) -> String {
        let map = LocationMap(file: location.file, source: expression, firstLine: location.line, column: location.column)
        machine.resetBudget(budget)
        let numberFormat: NumberFormat
        if let format {
            let trimmed = format.trimmingCharacters(in: .whitespaces)
            guard let parsed = NumberFormat(trimmed) else {
                throw DiagnosticList([Diagnostic(
                    at: location, "unknown number format '\(trimmed)'",
                    notes: ["formats: .3f  .2e  .2x  .4g  .1%  d"])])
            }
            numberFormat = parsed
        } else {
            numberFormat = .automatic
        }
        do {
            let (tokens, characters) = try Lexer.tokenize(expression)
            var parser = Parser(tokens: tokens, characters: characters, lone: true)
            let parsed = try parser.parseLoneExpression()
            return machine.format(try machine.evaluate(parsed), numberFormat)
        } catch let error as SyntaxError {
            throw DiagnosticList([map.diagnostic(error.position, error.message, notes: error.notes, quote: false)])
        } catch let error as RuntimeError {
            throw DiagnosticList(map.diagnostics(for: error, quote: false))
        } catch {
            throw DiagnosticList([Diagnostic(at: location, "\(error)")])
        }
    }

    // MARK: - Statements

    private func execute(
        _ statement: Statement, into outputs: inout [BlockOutput], failures: inout [Diagnostic],
        map: LocationMap, block: ArraySlice<Statement>
    ) throws(RuntimeError) {
        let m = machine
        switch statement.kind {
        case .assign(let name, let expression):
            try checkAssignable(name, at: statement.position)
            m.globals[name] = try m.evaluate(expression)
        case .define(let name, let parameters, let body):
            try checkAssignable(name, at: statement.position)
            var seen: Set<String> = []
            for p in parameters where !seen.insert(p).inserted {
                throw RuntimeError(position: statement.position, message: "parameter '\(p)' appears twice in '\(name)'")
            }
            m.globals[name] = .function(.user(name: name, parameters: parameters, body: body, origin: map))
        case .expression(let expression):
            let value = try m.evaluate(expression)
            if case .number(let v) = value, v.value.count == 1 { lastExpressionValue = v.value.scalars[0] } else { lastExpressionValue = nil }
            outputs.append(.value(label: expression.text, text: m.format(value, .automatic)))
        case .show(let items):
            for item in items {
                let value = try m.evaluate(item.expression)
                outputs.append(.value(label: item.label ?? item.expression.text, text: m.format(value, item.format ?? .automatic)))
            }
        case .backward(let expression):
            let loss = try m.number(expression)
            guard loss.value.count == 1 else {
                throw RuntimeError(
                    position: expression.position,
                    message: "backward needs a single number (the loss), got \(Tensor.describe(shape: loss.shape))",
                    notes: ["take sum(...) or mean(...) first"])
            }
            try m.tick(m.tape.count, at: statement.position)
            m.lastBackward = (m.tape.gradients(of: loss), loss)
        case .table(let caption, let variable, let domain, let columns):
            outputs.append(.table(try table(caption: caption, variable: variable, domain: domain, columns: columns)))
        case .truthTable(let caption, let functions, let variables, let domain):
            let result = try truthTable(functions: functions, variables: variables, domain: domain, at: statement.position)
            outputs.append(.table(Table(caption: caption, header: result.header, rows: result.rows)))
        case .plot(let title, let variable, let range, let series):
            outputs.append(.plot(try plot(title: title, variable: variable, range: range, series: series, at: statement.position)))
        case .trace(let caption, let name, let call):
            let (value, table) = try trace(call, at: statement.position)
            m.globals[name] = value
            outputs.append(.table(Table(caption: caption, header: table.header, rows: table.rows)))
        case .expect(let condition, let tolerance):
            if let failure = try expect(condition, tolerance: tolerance) {
                failures.append(map.diagnostic(statement.position, failure.message, notes: failure.notes))
            }
        case .exercise(let declaration):
            declared.append(try exercise(declaration, at: statement.position, map: map, block: block))
            if let vary = declaration.variations.first {
                variationLocations[declaration.id] = map.location(vary.position)
            }
        }
    }

    private func checkAssignable(_ name: String, at position: Position) throws(RuntimeError) {
        if Machine.constants[name] != nil && name != "e" {
            throw RuntimeError(position: position, message: "'\(name)' is a constant and cannot be assigned")
        }
        if name.hasSuffix("'") {
            throw RuntimeError(position: position, message: "'\(name)' names a derivative and cannot be assigned")
        }
    }

    /// The rows a `table` or `truth_table` variable runs over, with each row's label.
    func domainValues(_ domain: Domain) throws(RuntimeError) -> [(label: String, value: Value)] {
        try machine.domainValues(domain, of: "a table", "rows")
    }

    private func table(caption: String?, variable: String, domain: Domain, columns: [Item]) throws(RuntimeError) -> Table {
        let m = machine
        var rows: [[String]] = []
        for (label, value) in try domainValues(domain) {
            var row = [label]
            let saved = m.globals[variable]
            m.globals[variable] = value
            defer { m.globals[variable] = saved }
            for column in columns {
                row.append(m.format(try m.evaluate(column.expression), column.format ?? .automatic))
            }
            rows.append(row)
        }
        return Table(caption: caption, header: [variable] + columns.map { $0.label ?? $0.expression.text }, rows: rows)
    }

    struct TruthTableResult {
        var header: [String]
        var rows: [[String]]
        var inputs: [[Double]]
        /// One column per function.
        var outputs: [[Double]]
    }

    func truthTable(functions: [Expr], variables: [String], domain: Domain, at position: Position) throws(RuntimeError) -> TruthTableResult {
        let m = machine
        var callables: [Callable] = []
        for f in functions { callables.append(try m.resolveFunction(f)) }
        var levels: [Double] = []
        for (_, value) in try domainValues(domain) {
            guard case .number(let v) = value, v.value.count == 1 else {
                throw RuntimeError(position: position, message: "truth table inputs must be single numbers")
            }
            levels.append(v.value.scalars[0])
        }
        let rowCount = pow(Double(levels.count), Double(variables.count))
        guard rowCount <= 4096 else {
            throw RuntimeError(
                position: position,
                message: "a truth table has at most 4,096 rows, this one would have \(rowCount < 1e15 ? Machine.grouped(Int(rowCount)) : "too many")")
        }
        let combinations = Int(rowCount)
        var result = TruthTableResult(
            header: variables + functions.map(\.text), rows: [], inputs: [], outputs: Array(repeating: [], count: functions.count))
        for row in 0..<combinations {
            var inputs: [Double] = []
            var rest = row
            for _ in variables {
                inputs.insert(levels[rest % levels.count], at: 0)
                rest /= levels.count
            }
            var cells = inputs.map { NumberFormat.automatic.format($0) }
            for (k, (callable, expression)) in zip(callables, functions).enumerated() {
                let arguments = inputs.map { ArgumentValue(label: nil, value: .number(m.constant(Tensor($0))), expression: expression) }
                let value = try m.apply(callable, arguments, at: expression.position, calleeText: expression.text)
                guard case .number(let v) = value, v.value.count == 1 else {
                    throw RuntimeError(
                        position: expression.position,
                        message: "'\(expression.text)' must give a single number for a truth table, got \(value.typeName)")
                }
                result.outputs[k].append(v.value.scalars[0])
                cells.append(m.format(value, .automatic))
            }
            result.inputs.append(inputs)
            result.rows.append(cells)
        }
        return result
    }

    /// nil when the expectation holds, else the message and notes of the failure.
    private func expect(_ condition: Expr, tolerance: Expr?) throws(RuntimeError) -> (message: String, notes: [String])? {
        let m = machine
        if case .binary(let op, let lhs, let rhs) = condition.kind, ["==", "<", "<=", ">", ">=", "!="].contains(op) {
            let lv = try m.number(lhs), rv = try m.number(rhs)
            try m.nonEmpty(lv, lhs)
            try m.nonEmpty(rv, rhs)
            let l = lv.value, r = rv.value
            let absolute = try tolerance.map { (e) throws(RuntimeError) -> Double in try m.scalar(e) }
            let holds: Bool
            if op == "==" {
                guard l.count == r.count || l.count == 1 || r.count == 1 else {
                    return ("expectation failed: '\(lhs.text)' is \(Tensor.describe(shape: l.shape)), '\(rhs.text)' is \(Tensor.describe(shape: r.shape))", [])
                }
                let n = max(l.count, r.count)
                holds = (0..<n).allSatisfy { i in
                    let a = l.scalars[l.count == 1 ? 0 : i], b = r.scalars[r.count == 1 ? 0 : i]
                    if let absolute { return abs(a - b) <= absolute }
                    return abs(a - b) <= 1e-9 + 1e-9 * max(abs(a), abs(b))
                }
            } else {
                let t = m.tape
                let c = try m.engine(condition.position) { () throws(EngineError) in
                    try t.constant(l).broadcasting(t.constant(r), operation: op, value: { a, b in
                        switch op {
                        case "<": return a < b ? 1 : 0
                        case "<=": return a <= b ? 1 : 0
                        case ">": return a > b ? 1 : 0
                        case ">=": return a >= b ? 1 : 0
                        default: return a != b ? 1 : 0
                        }
                    }, partials: { _, _ in (0, 0) })
                }
                holds = c.value.scalars.allSatisfy { $0 != 0 }
            }
            if holds { return nil }
            let show: (Tensor) -> String = { Machine.format($0, .significant(10)) }
            if op == "==" {
                let within = absolute.map { "within \(NumberFormat.automatic.format($0))" } ?? "within 1e-9 (absolute and relative)"
                return ("expectation failed: '\(lhs.text)' is \(show(l)), expected \(show(r))", ["allowed difference: \(within)"])
            }
            return ("expectation failed: '\(condition.text)'", ["'\(lhs.text)' is \(show(l))", "'\(rhs.text)' is \(show(r))"])
        }
        if tolerance != nil {
            throw RuntimeError(position: condition.position, message: "'within' needs a comparison 'a == b'")
        }
        return try m.truth(condition) ? nil : ("expectation failed: '\(condition.text)' is false", [])
    }

    /// A slug from the title (ASCII letters and digits), made unique within the chapter.
    func plotName(_ title: String?) -> String {
        var slug = ""
        for c in (title ?? "plot").lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.hasSuffix("-") { slug.append("-") }
        }
        slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if slug.isEmpty { slug = "plot" }
        var name = slug, n = 2
        while plotNames.contains(name) {
            name = "\(slug)-\(n)"
            n += 1
        }
        plotNames.insert(name)
        return name
    }
}

/// Maps block positions into the Markdown file and quotes the file's line for the caret.
struct LocationMap {
    var file: String
    var source: String
    var firstLine: Int
    var column: Int

    init(file: String, source: String, firstLine: Int, column: Int) {
        self.file = file
        self.source = source
        self.firstLine = firstLine
        self.column = column
    }

    /// Split only when a diagnostic quotes a line: a parse that succeeds (every graded answer)
    /// never needs them.
    var lines: [String] {
        source.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func location(_ p: Position) -> SourceLocation {
        SourceLocation(file: file, line: firstLine + p.line - 1, column: column - 1 + p.column)
    }

    func diagnostic(_ p: Position, _ message: String, notes: [String], quote: Bool = true) -> Diagnostic {
        let lines = self.lines
        let line = p.line - 1 < lines.count ? lines[p.line - 1] : ""
        return Diagnostic(
            at: location(p), message,
            sourceLine: quote ? String(repeating: " ", count: column - 1) + line : nil, notes: notes)
    }

    /// A runtime error of this block (or inline value), located where it happened: in the block
    /// that defined the failing function if it is one, then a note at each call that led there,
    /// innermost first (a recursive call once). `quote`: for this block's own lines.
    func diagnostics(for error: RuntimeError, quote: Bool = true) -> [Diagnostic] {
        let origin = error.origin ?? self
        var result = [origin.diagnostic(error.position, error.message, notes: error.notes, quote: error.origin != nil || quote)]
        var noted: Set<SourceLocation> = [origin.location(error.position)]
        for call in error.calls {
            let map = call.origin ?? self
            guard noted.insert(map.location(call.position)).inserted else { continue }
            var note = map.diagnostic(call.position, "called here", notes: [], quote: call.origin != nil || quote)
            note.severity = .note
            result.append(note)
        }
        return result
    }
}

import Foundation
