import Foundation
import Diagnostics
import NNEngine

/// Limits on a student's answer, checked before and while it is evaluated: a pasted essay or
/// `((((…))))` a thousand deep gets a message, not a stack overflow.
public struct ExpressionLimits: Sendable, Hashable {
    /// Characters.
    public var length: Int
    /// Nesting of parentheses, brackets and signs.
    public var depth: Int
    /// Evaluation steps (see `ExecutionBudget.steps`).
    public var steps: Int

    public init(length: Int, depth: Int, steps: Int) {
        self.length = length
        self.depth = depth
        self.steps = steps
    }

    public static let standard = ExpressionLimits(length: 2000, depth: 64, steps: 1_000_000)

    var budget: ExecutionBudget { ExecutionBudget(steps: steps, scalars: 1_000_000, callDepth: 32) }
}

/// One expression of the `nn` language standing alone: what a student types as an answer and
/// what `coursegen eval` reads. Same grammar and messages as in a chapter's blocks.
public struct Expression: Sendable {
    let root: Expr
    public let source: String
    public let file: String
    public let limits: ExpressionLimits

    /// Parses without evaluating, so a grader can reject a malformed answer (with the same
    /// message an author would get) before running anything.
    public static func parse(_ source: String, file: String = "<answer>", limits: ExpressionLimits = .standard) throws(Diagnostic) -> Expression {
        let map = LocationMap(file: file, source: source, firstLine: 1, column: 1)
        guard source.count <= limits.length else {
            throw Diagnostic(
                at: SourceLocation(file: file, line: 1, column: 1),
                "expression too long: \(Machine.grouped(source.count)) characters, at most \(Machine.grouped(limits.length))")
        }
        do {
            let (tokens, characters) = try Lexer.tokenize(source)
            var parser = Parser(tokens: tokens, characters: characters, maxDepth: limits.depth, lone: true)
            return Expression(root: try parser.parseLoneExpression(), source: source, file: file, limits: limits)
        } catch {
            throw map.diagnostic(error.position, error.message, notes: error.notes)
        }
    }

    /// The names the expression reads that are not functions or constants (`x` in `relu(x)`),
    /// so a grader can tell a student which variable their answer must use.
    public var freeVariables: Set<String> {
        var names: Set<String> = []
        func visit(_ e: Expr) {
            switch e.kind {
            case .number, .string, .bool: break
            case .name(let n):
                // A function named as a value (`derivative(relu)`) is not a variable.
                let base = n.hasSuffix("'") ? String(n.dropLast()) : n
                if Machine.constants[n] == nil, Catalogue.function(named: base) == nil, !Builtins.names.contains(base) {
                    names.insert(n)
                }
            case .list(let items): items.forEach(visit)
            case .unary(_, let a): visit(a)
            case .binary(_, let a, let b): visit(a); visit(b)
            case .conditional(let a, let b, let c): visit(a); visit(b); visit(c)
            case .call(let callee, let arguments):
                if case .name = callee.kind {} else { visit(callee) }
                arguments.forEach { visit($0.value) }
            case .index(let a, let subscripts): visit(a); subscripts.forEach(visit)
            case .member(let a, _): visit(a)
            case .range(let a, let b): visit(a); visit(b)
            case .comprehension(let element, let variable, let domain):
                let outer = names
                visit(element)
                names.remove(variable)
                names.formUnion(outer)
                domain.expressions.forEach(visit)
            }
        }
        visit(root)
        return names
    }

    private func diagnostic(_ error: RuntimeError) -> Diagnostic {
        LocationMap(file: file, source: source, firstLine: 1, column: 1).diagnostic(error.position, error.message, notes: error.notes)
    }

    /// The value for the given variables; the result must be a single number.
    public func evaluate(_ bindings: [String: Double] = [:], budget: ExecutionBudget? = nil) throws(Diagnostic) -> Double {
        let machine = Machine(budget: budget ?? limits.budget)
        for (name, value) in bindings { machine.globals[name] = .number(machine.tape.constant(value)) }
        do {
            return try single(machine.evaluate(root), machine)
        } catch {
            throw diagnostic(error)
        }
    }

    /// The value for the given variables, with steps drawn from `steps`, the allowance left for
    /// everything the caller evaluates together (a grader's whole answer: all its check points).
    ///
    /// The budget is deterministic: the same expression and bindings always take the same
    /// steps, so whether an answer is within its allowance never depends on the machine's load.
    /// - Parameter steps: decreased by the steps taken; negative afterwards when the allowance
    ///   ran out (then the error says so), never negative otherwise.
    public func evaluate(_ bindings: [String: Double], steps: inout Int) throws(Diagnostic) -> Double {
        let base = limits.budget
        let machine = Machine(budget: ExecutionBudget(steps: max(steps, 0), scalars: base.scalars, callDepth: base.callDepth))
        for (name, value) in bindings { machine.globals[name] = .number(machine.tape.constant(value)) }
        defer {
            steps -= machine.steps
            if machine.exhausted { steps = min(steps, -1) }
        }
        do {
            return try single(machine.evaluate(root), machine)
        } catch {
            throw diagnostic(error)
        }
    }

    /// The value as a tensor (shape and elements, row-major), for answers that are vectors or
    /// matrices (`tensor` exercises); a number has shape `[]`.
    public func evaluateTensor(_ bindings: [String: Double] = [:], budget: ExecutionBudget? = nil) throws(Diagnostic) -> (shape: [Int], scalars: [Double]) {
        let machine = Machine(budget: budget ?? limits.budget)
        for (name, value) in bindings { machine.globals[name] = .number(machine.tape.constant(value)) }
        do throws(RuntimeError) {
            switch try machine.evaluate(root) {
            case .number(let v): return (v.shape, v.value.scalars)
            case .bool(let b): return ([], [b ? 1 : 0])
            case let other:
                throw RuntimeError(position: root.position, message: "the answer must be numbers, got \(other.typeName)")
            }
        } catch {
            throw diagnostic(error)
        }
    }

    private func single(_ value: Value, _ machine: Machine) throws(RuntimeError) -> Double {
        if case .bool(let b) = value { return b ? 1 : 0 }
        guard case .number(let v) = value, v.value.count == 1 else {
            throw RuntimeError(position: root.position, message: "the answer must be a single number, got \(value.typeName)")
        }
        return v.value.scalars[0]
    }

    /// The value and d/d`variable` at `x` by reverse mode on the engine's tape (the same
    /// derivative the reference answer gets, so a right answer matches to rounding).
    public func valueAndDerivative(at x: Double, variable: String = "x", bindings: [String: Double] = [:]) throws(Diagnostic) -> (value: Double, derivative: Double) {
        let machine = Machine(budget: limits.budget)
        for (name, value) in bindings { machine.globals[name] = .number(machine.tape.constant(value)) }
        let input = machine.tape.parameter(x)
        machine.globals[variable] = .number(input)
        do {
            let value = try machine.evaluate(root)
            let y = try single(value, machine)
            guard case .number(let output) = value else { return (y, 0) }
            return (y, machine.tape.gradients(of: output)[input].scalars[0])
        } catch {
            throw diagnostic(error)
        }
    }
}
