import Diagnostics
import Foundation
import NNEngine

/// An expression compiled once into flat code over `Double`s: a stack program evaluated at many
/// points (a grader checks a derivative answer at 200) without the tree-walking interpreter,
/// its tape or its dictionaries.
///
/// Only scalar expressions compile: numbers, booleans, the given variables, `pi`/`e`, `-`,
/// arithmetic and comparison operators, `? :`, elementwise catalogue functions, and the
/// built-ins `sin`, `cos`, `max(a, b)`, `min(a, b)`, `where`. Anything else (lists, learning,
/// functions as values, anything that would be an error) is not compiled, and the caller uses
/// the interpreter, which gives the same values.
///
/// Exactly the interpreter's results: every function is the engine catalogue's own scalar
/// formula (or the built-in's, from the same table the interpreter applies), the operators are
/// the same IEEE operations and `pow`, and each instruction charges the steps the interpreter
/// ticks for its node, so a budget is exhausted by both or by neither.
public struct ScalarProgram: Sendable {
    /// The names bound, in the order `evaluate` takes their values.
    public let variables: [String]
    let code: [Instruction]
    let stackSize: Int
    let location: SourceLocation

    /// The value for the variables' values (in `variables`' order).
    /// - Parameter steps: the allowance, decreased by the steps taken (as
    ///   `Expression.evaluate(_:steps:)` does; negative when it ran out).
    /// - Throws: only when the allowance ran out (no other error can happen in compiled code).
    public func evaluate(_ values: [Double], steps: inout Int) throws(Diagnostic) -> Double {
        precondition(values.count == variables.count, "one value per variable: \(variables)")
        let allowance = steps
        var taken = 0
        let result = withUnsafeTemporaryAllocation(of: Double.self, capacity: stackSize) { stack in
            run(values, stack: stack, taken: &taken)
        }
        steps -= taken
        if steps < 0 {
            throw Diagnostic(at: location, "execution budget exhausted: more than \(Machine.grouped(max(allowance, 0))) steps")
        }
        return result
    }

    private func run(_ values: [Double], stack: UnsafeMutableBufferPointer<Double>, taken: inout Int) -> Double {
        var top = -1  // index of the top of the stack
        var pc = 0
        let count = code.count
        while pc < count {
            let instruction = code[pc]
            taken &+= instruction.cost
            pc += 1
            switch instruction.operation {
            case .constant(let c):
                top += 1
                stack[top] = c
            case .variable(let index):
                top += 1
                stack[top] = values[index]
            case .negate:
                stack[top] = -stack[top]
            case .add:
                top -= 1
                stack[top] = stack[top] + stack[top + 1]
            case .subtract:
                top -= 1
                stack[top] = stack[top] - stack[top + 1]
            case .multiply:
                top -= 1
                stack[top] = stack[top] * stack[top + 1]
            case .divide:
                top -= 1
                stack[top] = stack[top] / stack[top + 1]
            case .power:
                top -= 1
                stack[top] = pow(stack[top], stack[top + 1])
            case .compare(let holds):
                top -= 1
                stack[top] = holds(stack[top], stack[top + 1]) ? 1 : 0
            case .function(let formula, let parameters):
                stack[top] = formula(stack[top], parameters).value
            case .functionOfValues(let formula, let parameterCount):
                var parameters: [Double] = []
                parameters.reserveCapacity(parameterCount)
                for i in 0..<parameterCount { parameters.append(stack[top - parameterCount + 1 + i]) }
                top -= parameterCount
                stack[top] = formula(stack[top], parameters).value
            case .pick(let name):
                // The value `Variable.maximum` / `minimum` compute, which `max(a, b)` calls.
                top -= 1
                stack[top] = name == "max" ? Swift.max(stack[top], stack[top + 1]) : Swift.min(stack[top], stack[top + 1])
            case .select:
                // As `Variable.select`: a choice, so an unused infinity stays unused.
                top -= 2
                stack[top] = stack[top] != 0 ? stack[top + 1] : stack[top + 2]
            case .jumpUnless(let target):
                let condition = stack[top]
                top -= 1
                if !(condition != 0) { pc = target }
            case .jump(let target):
                pc = target
            }
        }
        return stack[top]
    }
}

struct Instruction: Sendable {
    enum Operation: Sendable {
        case constant(Double)
        case variable(Int)
        case negate
        case add, subtract, multiply, divide, power
        case compare(@Sendable (Double, Double) -> Bool)
        /// A catalogue function with its parameters known when compiled.
        case function(@Sendable (Double, [Double]) -> (value: Double, derivative: Double), [Double])
        /// A catalogue function whose parameters are computed: they are on the stack above x.
        case functionOfValues(@Sendable (Double, [Double]) -> (value: Double, derivative: Double), Int)
        /// `max(a, b)` or `min(a, b)`, by name.
        case pick(String)
        /// `where(c, a, b)`.
        case select
        /// Pops a condition; jumps when it is 0.
        case jumpUnless(Int)
        case jump(Int)
    }

    var operation: Operation
    /// Steps the interpreter ticks for what this instruction stands for.
    var cost: Int
}

extension Expression {
    /// This expression as a flat program over `variables`, or nil when it uses something only
    /// the interpreter evaluates (see `ScalarProgram`).
    public func scalarProgram(variables: [String]) -> ScalarProgram? {
        guard root.height <= Machine.maxDepth else { return nil }
        var compiler = ProgramCompiler(variables: variables)
        guard compiler.emit(root) else { return nil }
        return ScalarProgram(
            variables: variables, code: compiler.code, stackSize: max(compiler.deepest, 1),
            location: SourceLocation(file: file, line: 1, column: 1))
    }
}

/// Lowers a tree to `Instruction`s, mirroring what `Machine` does for each node (and the steps
/// it ticks); returns false for anything outside the scalar subset.
struct ProgramCompiler {
    let variables: [String]
    var code: [Instruction] = []
    var depth = 0
    var deepest = 0

    init(variables: [String]) { self.variables = variables }

    private mutating func push(_ operation: Instruction.Operation, cost: Int, change: Int) {
        code.append(Instruction(operation: operation, cost: cost))
        depth += change
        deepest = max(deepest, depth)
    }

    /// Each node costs 1 step on entry (`Machine.enter`); operators and functions add what
    /// their `allocate` ticks for a 1-element result.
    mutating func emit(_ e: Expr) -> Bool {
        switch e.kind {
        case .number(let x):
            push(.constant(x), cost: 1, change: 1)
        case .bool(let b):
            push(.constant(b ? 1 : 0), cost: 1, change: 1)
        case .name(let name):
            if let index = variables.firstIndex(of: name) {
                push(.variable(index), cost: 1, change: 1)
            } else if let c = Machine.constants[name] {
                push(.constant(c), cost: 1, change: 1)
            } else {
                return false
            }
        case .unary(_, let operand):
            guard emit(operand) else { return false }
            push(.negate, cost: 2, change: 0)
        case .binary(let op, let lhs, let rhs):
            guard op != "@", emit(lhs), emit(rhs) else { return false }
            let operation: Instruction.Operation
            switch op {
            case "+": operation = .add
            case "-": operation = .subtract
            case "*": operation = .multiply
            case "/": operation = .divide
            case "^": operation = .power
            case "<", "<=", ">", ">=", "==", "!=": operation = .compare(Machine.comparison(op))
            default: return false
            }
            push(operation, cost: 2, change: -1)
        case .conditional(let condition, let then, let otherwise):
            // The node's own step is charged with the condition's last instruction.
            guard emit(condition) else { return false }
            let branch = code.count
            push(.jumpUnless(0), cost: 1, change: -1)
            let before = depth
            guard emit(then) else { return false }
            let skip = code.count
            push(.jump(0), cost: 0, change: 0)
            depth = before
            code[branch].operation = .jumpUnless(code.count)
            guard emit(otherwise) else { return false }
            code[skip].operation = .jump(code.count)
        case .call(let callee, let arguments):
            guard case .name(let name) = callee.kind, !variables.contains(name) else { return false }
            return emitCall(name, arguments)
        case .string, .list, .index, .member, .range, .comprehension:
            return false
        }
        return true
    }

    /// A call as `Machine.call` resolves it: the catalogue first, then the built-ins.
    private mutating func emitCall(_ name: String, _ arguments: [Argument]) -> Bool {
        if let function = Catalogue.function(named: name) {
            return emitCatalogue(function, arguments)
        }
        guard arguments.allSatisfy({ $0.label == nil }) else { return false }
        switch name {
        case "max", "min":
            guard arguments.count == 2, emit(arguments[0].value), emit(arguments[1].value) else { return false }
            push(.pick(name), cost: 2, change: -1)
        case "where":
            guard arguments.count == 3, arguments.allSatisfy({ emit($0.value) }) else { return false }
            push(.select, cost: 4, change: -2)
        default:
            return false
        }
        return true
    }

    /// An elementwise catalogue function with its parameters placed as `applyCatalogue` places
    /// them (positional after the operand, then keywords); anything it would reject is left to it.
    private mutating func emitCatalogue(_ function: CatalogueFunction, _ arguments: [Argument]) -> Bool {
        guard function.operandCount == 1, let formula = function.scalarFormula else { return false }
        let positional = arguments.filter { $0.label == nil }
        guard positional.count >= 1, positional.count <= 1 + function.parameters.count else { return false }
        var slots: [Expr?] = Array(repeating: nil, count: function.parameters.count)
        for (i, argument) in positional.dropFirst().enumerated() { slots[i] = argument.value }
        for argument in arguments {
            guard let label = argument.label else { continue }
            guard let i = function.parameters.firstIndex(where: { $0.name == label }), slots[i] == nil else { return false }
            slots[i] = argument.value
        }
        for (i, slot) in slots.enumerated() where slot == nil && function.parameters[i].defaultValue == nil {
            return false
        }
        guard emit(positional[0].value) else { return false }
        // Literal parameters (and defaults) are resolved and validated now; computed ones only
        // for functions that accept any parameter values.
        let literals = slots.compactMap { slot -> Double? in
            guard let slot, case .number(let value) = slot.kind else { return nil }
            return value
        }
        if literals.count == slots.compactMap({ $0 }).count {
            var literal = literals.makeIterator()
            let resolved = slots.enumerated().map { i, slot in slot == nil ? function.parameters[i].defaultValue! : literal.next()! }
            do {
                try function.validateParameters(resolved)
            } catch {
                return false
            }
            // Each literal still costs its node's step.
            push(.function(formula, resolved), cost: 2 + literals.count, change: 0)
            return true
        }
        guard !function.checksParameters else { return false }
        for (i, slot) in slots.enumerated() {
            if let slot {
                guard emit(slot) else { return false }
            } else {
                push(.constant(function.parameters[i].defaultValue!), cost: 0, change: 1)
            }
        }
        push(.functionOfValues(formula, slots.count), cost: 2, change: -slots.count)
        return true
    }
}
