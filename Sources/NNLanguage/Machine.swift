import Foundation
import NNEngine

/// Evaluates expressions and holds a chapter's variables. Every number lives on `tape`, so
/// `backward`/`grad` can differentiate anything computed so far; values read from another tape
/// (a finished derivative, an earlier scratch evaluation) are brought over as constants.
final class Machine {
    var tape = Tape()
    var globals: [String: Value] = [:]
    var frames: [[String: Value]] = []
    var budget: ExecutionBudget
    var steps = 0
    var scalars = 0
    /// Numbers allocated by all blocks of the chapter so far (never reset).
    var chapterScalars = 0
    var lastBackward: (gradients: Gradients, loss: Variable)?
    /// Set when the step budget stopped the evaluation, so a caller drawing several evaluations
    /// from one allowance (a grader checking an answer at many points) can tell "out of steps"
    /// from an error in the expression.
    var exhausted = false

    /// Steps charged for making a tensor by a list or an index, on top of one per element: its
    /// arrays and gradient closure cost about that many plain steps.
    static let tensorCost = 4

    static let constants: [String: Double] = ["pi": Double.pi, "π": Double.pi, "e": M_E]

    init(budget: ExecutionBudget) {
        self.budget = budget
    }

    func resetBudget(_ budget: ExecutionBudget) {
        self.budget = budget
        steps = 0
        scalars = 0
    }

    // MARK: - Budget

    func tick(_ count: Int, at position: Position) throws(RuntimeError) {
        steps += count
        if steps > budget.steps {
            exhausted = true
            throw RuntimeError(
                position: position,
                message: "execution budget exhausted: more than \(Machine.grouped(budget.steps)) steps",
                notes: ["a block may run at most \(Machine.grouped(budget.steps)) steps; reduce epochs, points or sizes"])
        }
    }

    /// Called before an operation creates `count` numbers, so a huge tensor is refused before
    /// it is allocated.
    func allocate(_ count: Int, at position: Position) throws(RuntimeError) {
        try checkTransient(count, at: position)
        scalars += count
        chapterScalars += count
        if chapterScalars > budget.scalars.multipliedReportingOverflow(by: 4).partialValue {
            throw RuntimeError(
                position: position,
                message: "memory budget exhausted: this chapter would hold more than \(Machine.grouped(budget.scalars * 4)) numbers",
                notes: ["the value being computed has \(Machine.grouped(count)) elements"])
        }
        try tick(count, at: position)
    }

    /// For memory an operation needs only while it runs (a training step's activations): it
    /// must fit in what the block has left, but is not kept.
    func checkTransient(_ count: Int, at position: Position) throws(RuntimeError) {
        let (sum, overflow) = scalars.addingReportingOverflow(count)
        if overflow || count < 0 || sum > budget.scalars {
            throw RuntimeError(
                position: position,
                message: "memory budget exhausted: this block would hold more than \(Machine.grouped(budget.scalars)) numbers",
                notes: ["the value being computed has \(overflow || count < 0 ? "too many" : Machine.grouped(count)) elements"])
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    // MARK: - Names

    var visibleNames: [String] {
        Array(globals.keys) + (frames.last.map { Array($0.keys) } ?? []) + Array(Machine.constants.keys)
    }

    func onTape(_ v: Variable) -> Variable { v.tape === tape ? v : tape.constant(v.value) }

    func constant(_ t: Tensor) -> Variable { tape.constant(t) }

    func lookup(_ name: String, at position: Position) throws(RuntimeError) -> Value {
        if let frame = frames.last, let value = frame[name] { return imported(value) }
        if let value = globals[name] { return imported(value) }
        if let c = Machine.constants[name] { return .number(tape.constant(c)) }
        if let callable = builtinCallable(name) { return .function(callable) }
        let suggestion = Suggest.note(for: name, among: visibleNames + Catalogue.names + Builtins.names)
        throw RuntimeError(position: position, message: "unknown name '\(name)'", notes: suggestion.map { [$0] } ?? [])
    }

    func imported(_ value: Value) -> Value {
        if case .number(let v) = value { return .number(onTape(v)) }
        return value
    }

    /// A function known by name without an assignment: the catalogue, built-ins, and `f'`.
    func builtinCallable(_ name: String) -> Callable? {
        if let f = Catalogue.function(named: name) { return .catalogue(f) }
        if Builtins.names.contains(name) { return .builtin(name) }
        if name.hasSuffix("'"), !name.dropLast().hasSuffix("'") {
            let base = String(name.dropLast())
            if let frame = frames.last, case .function(let f)? = frame[base] { return .derivative(f, name: name) }
            if case .function(let f)? = globals[base] { return .derivative(f, name: name) }
            if let f = builtinCallable(base) { return .derivative(f, name: name) }
        }
        return nil
    }

    // MARK: - Expressions

    /// Nesting of `evaluate` calls right now (expression levels across function calls).
    var depth = 0
    /// Deep enough for any formula; about 1 MiB of stack in a debug build, far less in release.
    static let maxDepth = 400

    /// Only the common case (operators) is handled in this frame, which is on the stack once per
    /// level of a nested expression; everything else is in `evaluateOther`.
    func evaluate(_ expression: Expr) throws(RuntimeError) -> Value {
        try enter(expression)
        defer { depth -= 1 }
        if case .binary(let op, let lhs, let rhs) = expression.kind {
            return try binary(op, lhs, rhs, at: expression)
        }
        return try evaluateOther(expression)
    }

    @inline(never)
    private func enter(_ expression: Expr) throws(RuntimeError) {
        try tick(1, at: expression.position)
        depth += 1
        guard depth <= Machine.maxDepth else {
            depth -= 1
            throw RuntimeError(
                position: expression.position,
                message: "evaluation nested more than \(Machine.maxDepth) levels deep",
                notes: ["a long chain of operations inside a function called from another; split it over several assignments"])
        }
    }

    @inline(never)
    private func evaluateOther(_ expression: Expr) throws(RuntimeError) -> Value {
        switch expression.kind {
        case .number(let x):
            return .number(tape.constant(x))
        case .string(let s):
            return .string(s)
        case .bool(let b):
            return .bool(b)
        case .name(let name):
            return try lookup(name, at: expression.position)
        case .list(let elements):
            return .number(try list(elements, at: expression.position))
        case .unary(_, let operand):
            return .number(try negate(try number(operand), at: expression.position))
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, at: expression)
        case .conditional(let condition, let then, let otherwise):
            return try truth(condition) ? try evaluate(then) : try evaluate(otherwise)
        case .call(let callee, let arguments):
            return try call(callee, arguments, at: expression)
        case .index(let base, let subscripts):
            return try index(base, subscripts, at: expression.position)
        case .member(let base, let field):
            return try member(try evaluate(base), field, base: base, at: expression.position)
        case .range:
            throw RuntimeError(position: expression.position, message: "a range 'a .. b' is only allowed inside [ ]")
        case .comprehension(let element, let variable, let domain):
            return .number(try comprehension(element, variable, domain, at: expression.position))
        }
    }

    @inline(never)
    private func negate(_ v: Variable, at position: Position) throws(RuntimeError) -> Variable {
        try allocate(v.value.count, at: position)
        return -v
    }

    func number(_ expression: Expr) throws(RuntimeError) -> Variable {
        let value = try evaluate(expression)
        switch value {
        case .number(let v): return v
        case .bool(let b): return tape.constant(b ? 1 : 0)
        default:
            throw RuntimeError(
                position: expression.position,
                message: "'\(expression.text)' is a \(value.typeName), not a number")
        }
    }

    func scalar(_ expression: Expr) throws(RuntimeError) -> Double {
        let v = try number(expression)
        guard v.value.isScalar || v.value.count == 1 else {
            throw RuntimeError(
                position: expression.position,
                message: "'\(expression.text)' must be a single number, got \(Tensor.describe(shape: v.shape))")
        }
        return v.value.scalars[0]
    }

    func integer(_ expression: Expr, _ what: String) throws(RuntimeError) -> Int {
        let x = try scalar(expression)
        guard x.rounded() == x, abs(x) < 1e12 else {
            throw RuntimeError(position: expression.position, message: "\(what) must be a whole number, got \(NumberFormat.automatic.format(x))")
        }
        return Int(x)
    }

    func truth(_ expression: Expr) throws(RuntimeError) -> Bool {
        let value = try evaluate(expression)
        switch value {
        case .bool(let b): return b
        case .number(let v) where v.value.count == 1: return v.value.scalars[0] != 0
        default:
            throw RuntimeError(
                position: expression.position,
                message: "the condition '\(expression.text)' must be a single number or boolean, got \(value.typeName)",
                notes: ["use where(c, a, b) to choose elementwise"])
        }
    }

    /// The values a `table` or `truth_table` variable, or a list's `for`, runs over, each with
    /// its label (at most 10,000; `owner` and `parts` name them in the message).
    func domainValues(_ domain: Domain, of owner: String, _ parts: String) throws(RuntimeError) -> [(label: String, value: Value)] {
        let m = self
        switch domain {
        case .elements(let elements):
            var rows: [(String, Value)] = []
            for e in elements { rows.append((e.text, try m.evaluate(e))) }
            return rows
        case .range(let low, let high, let step):
            let a = try m.scalar(low), b = try m.scalar(high)
            let s = try step.map { (e) throws(RuntimeError) -> Double in try m.scalar(e) } ?? 1
            guard s > 0, s.isFinite else {
                throw RuntimeError(position: step?.position ?? low.position, message: "the step must be a positive number")
            }
            guard a.isFinite, b.isFinite else {
                throw RuntimeError(position: low.position, message: "the range's ends must be finite numbers")
            }
            let steps = ((b - a) / s + 1e-9).rounded(.down)
            // A NaN or infinite count (a step far below the range's width) never reaches Int().
            guard steps.isFinite, steps < 10_000 else {
                throw RuntimeError(
                    position: low.position,
                    message: "\(owner) has at most 10,000 \(parts), this range has \(steps.isFinite && steps < 1e15 ? Machine.grouped(Int(steps) + 1) : "too many")")
            }
            guard steps >= 0 else { return [] }  // a range that runs backwards is empty
            let count = Int(steps) + 1
            return (0..<count).map { i in
                let x = a + Double(i) * s
                return (NumberFormat.automatic.format(x), .number(m.constant(Tensor(x))))
            }
        case .vector(let e):
            let v = try m.number(e)
            guard v.value.count <= 10_000 else {
                throw RuntimeError(position: e.position, message: "\(owner) has at most 10,000 \(parts)")
            }
            return v.value.scalars.map { x in (NumberFormat.automatic.format(x), .number(m.constant(Tensor(x)))) }
        }
    }

    /// `[element for variable in domain]`: the variable is bound in a copy of the current
    /// frame, so a function's parameters stay visible inside the element.
    private func comprehension(_ element: Expr, _ variable: String, _ domain: Domain, at position: Position) throws(RuntimeError) -> Variable {
        let values = try domainValues(domain, of: "a list", "elements")
        guard !values.isEmpty else { throw RuntimeError(position: position, message: "the list's range is empty; a vector needs at least one element") }
        guard frames.count < budget.callDepth else {
            throw RuntimeError(position: position, message: "function calls nested more than \(budget.callDepth) deep")
        }
        frames.append(frames.last ?? [:])
        defer { frames.removeLast() }
        var items: [Variable] = []
        for (_, value) in values {
            frames[frames.count - 1][variable] = value
            let v = try number(element)
            try nonEmpty(v, element)
            items.append(v)
        }
        return try stack(items, Array(repeating: element, count: items.count), at: position)
    }

    private func list(_ elements: [Expr], at position: Position) throws(RuntimeError) -> Variable {
        // Empty tensors are refused: nothing in the course needs one, and every operation can
        // then assume at least one element.
        if elements.isEmpty { throw RuntimeError(position: position, message: "an empty list '[]' has no elements; a vector needs at least one") }
        let values = try elements.map { (e) throws(RuntimeError) -> Variable in
            let v = try number(e)
            try nonEmpty(v, e)
            return v
        }
        return try stack(values, elements, at: position)
    }

    /// Elements of one shape stacked along a new first axis, gradients flowing back to each.
    private func stack(_ values: [Variable], _ elements: [Expr], at position: Position) throws(RuntimeError) -> Variable {
        let shape = values[0].shape
        for (value, element) in zip(values, elements) where value.shape != shape {
            throw RuntimeError(
                position: element.position,
                message: "list elements must all have the same shape: \(Tensor.describe(shape: shape)) and \(Tensor.describe(shape: value.shape))",
                notes: shape.count == 1 && value.shape.count == 1 ? ["matrix rows must have the same length"] : [])
        }
        guard shape.count < 4 else { throw RuntimeError(position: position, message: "tensors have at most 4 axes") }
        let count = values.count * values[0].value.count
        try allocate(count + Machine.tensorCost, at: position)
        let output = Tensor(shape: [values.count] + shape, scalars: values.flatMap { $0.value.scalars })
        // Stacking keeps gradients: each element's slice of the upstream gradient flows back.
        let width = values[0].value.count
        return tape.record(output, inputs: values) { upstream in
            (0..<values.count).map { i in
                Tensor(shape: shape, scalars: Array(upstream.scalars[(i * width)..<((i + 1) * width)]))
            }
        }
    }

    // MARK: Operators

    static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        let rank = max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let l = axis < rank - lhs.count ? 1 : lhs[axis - (rank - lhs.count)]
            let r = axis < rank - rhs.count ? 1 : rhs[axis - (rank - rhs.count)]
            guard l == r || l == 1 || r == 1 else { return nil }
            result[axis] = max(l, r)
        }
        return result
    }

    func shapeMismatch(_ op: String, _ lhs: Expr, _ l: Variable, _ rhs: Expr, _ r: Variable, at position: Position) -> RuntimeError {
        var notes = [
            "left operand '\(lhs.text)' is \(Tensor.describe(shape: l.shape))",
            "right operand '\(rhs.text)' is \(Tensor.describe(shape: r.shape))",
        ]
        if op == "@" { notes.append("'A @ B' needs the columns of A to equal the rows of B") }
        return RuntimeError(
            position: position,
            message: "shape mismatch in '\(op)': \(Tensor.describe(shape: l.shape)) and \(Tensor.describe(shape: r.shape))",
            notes: notes)
    }

    /// Kept small: it is on the stack once per level of a nested expression; the work is in
    /// `combine`, which is not.
    private func binary(_ op: String, _ lhs: Expr, _ rhs: Expr, at expression: Expr) throws(RuntimeError) -> Value {
        let l = try number(lhs)
        let r = try number(rhs)
        return .number(try combine(op, l, r, lhs, rhs, at: expression))
    }

    @inline(never)
    private func combine(_ op: String, _ l: Variable, _ r: Variable, _ lhs: Expr, _ rhs: Expr, at expression: Expr) throws(RuntimeError) -> Variable {
        let position = operatorPosition(expression, lhs)
        try nonEmpty(l, lhs)
        try nonEmpty(r, rhs)
        if op == "@" {
            let a = l.shape, b = r.shape
            guard (1...2).contains(a.count), (1...2).contains(b.count), a.last! == b.first! else {
                throw shapeMismatch(op, lhs, l, rhs, r, at: position)
            }
            let m = a.count == 2 ? a[0] : 1, n = b.count == 2 ? b[1] : 1
            try allocate(m * n, at: position)
            try tick(m * n * a.last!, at: position)
            return try engine(position) { () throws(EngineError) in try l.matmul(r) }
        }
        guard let shape = Machine.broadcastShape(l.shape, r.shape) else {
            throw shapeMismatch(op, lhs, l, rhs, r, at: position)
        }
        try allocate(shape.reduce(1, *), at: position)
        let result: Variable = try engine(position) { () throws(EngineError) -> Variable in
            switch op {
            case "+": return try l + r
            case "-": return try l - r
            case "*": return try l * r
            case "/": return try l / r
            case "^": return try l.power(r)
            default:
                let compare = Machine.comparison(op)
                return try l.broadcasting(
                    r, operation: op, value: { compare($0, $1) ? 1 : 0 }, partials: { _, _ in (0, 0) })
            }
        }
        return result
    }

    /// The test behind a comparison operator (1 where it holds, else 0), shared with
    /// compiled expressions.
    static func comparison(_ op: String) -> @Sendable (Double, Double) -> Bool {
        switch op {
        case "<": return { $0 < $1 }
        case "<=": return { $0 <= $1 }
        case ">": return { $0 > $1 }
        case ">=": return { $0 >= $1 }
        case "==": return { $0 == $1 }
        default: return { $0 != $1 }
        }
    }

    /// The engine assumes at least one element; an empty vector (an untrained model's history)
    /// gets a message instead.
    func nonEmpty(_ v: Variable, _ e: Expr) throws(RuntimeError) {
        if v.value.count == 0 {
            throw RuntimeError(position: e.position, message: "'\(e.text)' is empty")
        }
    }

    /// Errors in `a + b` point at the operator.
    func operatorPosition(_ expression: Expr, _ lhs: Expr) -> Position {
        expression.operatorPosition ?? expression.position
    }

    func engine<T>(_ position: Position, _ body: () throws(EngineError) -> T) throws(RuntimeError) -> T {
        do {
            return try body()
        } catch {
            if case let .shapeMismatch(op, lhs, rhs) = error {
                throw RuntimeError(
                    position: position,
                    message: "shape mismatch in '\(op)': \(Tensor.describe(shape: lhs)) and \(Tensor.describe(shape: rhs))")
            }
            throw RuntimeError(position: position, message: error.description)
        }
    }

    // MARK: Indexing and fields

    private func index(_ base: Expr, _ subscripts: [Expr], at position: Position) throws(RuntimeError) -> Value {
        let v = try number(base)
        let shape = v.shape
        guard subscripts.count <= shape.count else {
            throw RuntimeError(
                position: position,
                message: "too many indices for '\(base.text)': it is \(Tensor.describe(shape: shape))")
        }
        var offset = 0
        var resultShape = Array(shape.dropFirst(subscripts.count))
        for (axis, s) in subscripts.enumerated() {
            let stride = shape.dropFirst(axis + 1).reduce(1, *)
            if case .range(let low, let high) = s.kind {
                guard axis == subscripts.count - 1 else {
                    throw RuntimeError(position: s.position, message: "only the last index may be a range 'a .. b'")
                }
                let a = try indexValue(low, length: shape[axis]), b = try indexValue(high, length: shape[axis])
                guard a <= b else {
                    throw RuntimeError(position: s.position, message: "the range '\(s.text)' is empty: it runs from \(a) down to \(b)")
                }
                offset += a * stride
                resultShape = [b - a + 1] + Array(shape.dropFirst(axis + 1))
            } else {
                offset += try indexValue(s, length: shape[axis]) * stride
            }
        }
        let count = resultShape.reduce(1, *)
        try tick(Machine.tensorCost, at: position)
        try allocate(count, at: position)
        let slice = Tensor(shape: resultShape, scalars: Array(v.value.scalars[offset..<(offset + count)]))
        let start = offset
        return .number(tape.record(slice, inputs: [v]) { upstream in
            var g = Tensor.zeros(shape)
            for k in 0..<count { g.scalars[start + k] = upstream.scalars[k] }
            return [g]
        })
    }

    /// An index from 0, or from the end when negative (`v[-1]` is the last element).
    private func indexValue(_ e: Expr, length: Int) throws(RuntimeError) -> Int {
        let i = try integer(e, "an index")
        guard length > 0 else { throw RuntimeError(position: e.position, message: "cannot index an empty vector") }
        let j = i < 0 ? i + length : i
        guard j >= 0 && j < length else {
            throw RuntimeError(
                position: e.position,
                message: "index \(i) is out of range for an axis of length \(length)",
                notes: ["indices count from 0; negative ones count from the end"])
        }
        return j
    }

    func member(_ value: Value, _ field: String, base: Expr, at position: Position) throws(RuntimeError) -> Value {
        switch value {
        case .model(let m):
            if let v = try modelField(m, field, at: position) { return v }
        case .dataset(let d):
            switch field {
            case "x", "inputs": return .number(tape.constant(d.inputs))
            case "t", "targets": return .number(tape.constant(d.targets))
            case "labels" where !d.labels.isEmpty: return .number(tape.constant(Tensor(vector: d.labels.map(Double.init))))
            case "count": return .number(tape.constant(Double(d.count)))
            default: break
            }
        default: break
        }
        throw RuntimeError(position: position, message: "'\(base.text)' (a \(value.typeName)) has no field '\(field)'")
    }

    // MARK: - Formatting

    func format(_ value: Value, _ format: NumberFormat) -> String {
        switch value {
        case .number(let v): return Machine.format(v.value, format)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .function(let f): return "<function \(f.name)>"
        case .model(let m): return "<\(m.name) \(m.sizes.map(String.init).joined(separator: "-"))>"
        case .dataset(let d): return "<data set \(d.name): \(d.count) points>"
        case .boundary: return "<decision boundary>"
        }
    }

    static func format(_ t: Tensor, _ format: NumberFormat) -> String {
        switch t.rank {
        case 0: return format.format(t.scalars[0])
        case 1: return "[" + t.scalars.map(format.format).joined(separator: ", ") + "]"
        default:
            let inner = Array(t.shape.dropFirst())
            let width = inner.reduce(1, *)
            return "[" + (0..<t.shape[0]).map { i in
                Machine.format(Tensor(shape: inner, scalars: Array(t.scalars[(i * width)..<((i + 1) * width)])), format)
            }.joined(separator: ", ") + "]"
        }
    }
}
