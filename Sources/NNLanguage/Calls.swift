import Foundation
import NNEngine

/// An evaluated argument, with its expression kept for messages.
struct ArgumentValue {
    var label: String?
    var value: Value
    var expression: Expr
    var labelPosition: Position? = nil

    /// The keyword's position for a keyword argument, else the value's.
    var position: Position { labelPosition ?? expression.position }
}

extension Machine {
    func call(_ callee: Expr, _ arguments: [Argument], at expression: Expr) throws(RuntimeError) -> Value {
        let function = try resolveFunction(callee)
        var values: [ArgumentValue] = []
        for argument in arguments {
            values.append(ArgumentValue(label: argument.label, value: try evaluate(argument.value), expression: argument.value, labelPosition: argument.labelPosition))
        }
        return try apply(function, values, at: expression.position, calleeText: callee.text)
    }

    func resolveFunction(_ callee: Expr) throws(RuntimeError) -> Callable {
        guard case .name(let name) = callee.kind else {
            let value = try evaluate(callee)
            return try callable(value, text: callee.text, at: callee.position)
        }
        if let value = frames.last?[name] ?? globals[name] {
            do {
                return try callable(value, text: name, at: callee.position)
            } catch {
                var error = error
                if builtinCallable(name) != nil {
                    error.notes.append("the assignment to '\(name)' hides the function '\(name)'; choose another name for the variable")
                }
                throw error
            }
        }
        if let f = builtinCallable(name) { return f }
        let functionNames = Catalogue.names + Builtins.names
            + globals.compactMap { if case .function = $0.value { $0.key } else { nil } }
        let note = Suggest.note(for: name, among: functionNames) ?? Suggest.note(for: name, among: visibleNames)
        throw RuntimeError(
            position: callee.position, message: "unknown function '\(name)'", notes: note.map { [$0] } ?? [])
    }

    func callable(_ value: Value, text: String, at position: Position) throws(RuntimeError) -> Callable {
        switch value {
        case .function(let f): return f
        case .model(let m): return .model(m)
        default:
            throw RuntimeError(position: position, message: "'\(text)' is a \(value.typeName), not a function")
        }
    }

    func apply(_ function: Callable, _ arguments: [ArgumentValue], at position: Position, calleeText: String) throws(RuntimeError) -> Value {
        switch function {
        case .catalogue(let f):
            return .number(try applyCatalogue(f, arguments, at: position))
        case .user(let name, let parameters, let body, let origin):
            return try applyUser(name, parameters, body, origin: origin, arguments, at: position)
        case .derivative(let base, let name):
            guard arguments.count == 1, arguments[0].label == nil else {
                throw RuntimeError(
                    position: position, message: "'\(name)' takes 1 argument, got \(arguments.count)",
                    notes: ["a derivative f' is taken with respect to the one argument of f"])
            }
            let x = try numberArgument(arguments[0], of: name)
            return .number(try derivative(of: base, at: x, argument: arguments[0], at: position))
        case .model(let m):
            // net(x) with x a vector (or rows), or net(x1, x2) with one number per input.
            let inputs = m.sizes[0]
            if arguments.count == inputs, inputs > 1 {
                var xs: [Double] = []
                for a in arguments { xs.append(try scalarArgument(a, of: calleeText)) }
                return .number(constant(try forward(m, Tensor(vector: xs), at: position)))
            }
            guard arguments.count == 1 else {
                throw RuntimeError(
                    position: position,
                    message: "'\(calleeText)' takes its input as 1 vector or \(inputs) numbers, got \(arguments.count) arguments")
            }
            let x = try numberArgument(arguments[0], of: calleeText)
            return .number(constant(try forward(m, x.value, at: arguments[0].expression.position)))
        case .builtin(let name):
            return try Builtins.apply(name, arguments, machine: self, at: position)
        }
    }

    func numberArgument(_ argument: ArgumentValue, of function: String) throws(RuntimeError) -> Variable {
        switch argument.value {
        case .number(let v):
            if v.value.count == 0, function != "len", function != "size", function != "shape" {
                throw RuntimeError(position: argument.expression.position, message: "'\(argument.expression.text)' is empty")
            }
            return v
        case .bool(let b): return constant(Tensor(b ? 1 : 0))
        default:
            throw RuntimeError(
                position: argument.expression.position,
                message: "argument '\(argument.expression.text)' of '\(function)' must be a number, got \(argument.value.typeName)")
        }
    }

    func scalarArgument(_ argument: ArgumentValue, of function: String) throws(RuntimeError) -> Double {
        let v = try numberArgument(argument, of: function)
        guard v.value.count == 1 else {
            throw RuntimeError(
                position: argument.expression.position,
                message: "argument '\(argument.expression.text)' of '\(function)' must be a single number, got \(Tensor.describe(shape: v.shape))")
        }
        return v.value.scalars[0]
    }

    private func applyCatalogue(_ f: CatalogueFunction, _ arguments: [ArgumentValue], at position: Position) throws(RuntimeError) -> Variable {
        let positional = arguments.filter { $0.label == nil }
        let allCount = f.operandCount + f.parameters.count
        let required = f.operandCount + f.parameters.filter { $0.defaultValue == nil }.count
        // Built only for a message: this runs at every call (descent calls f thousands of times).
        var signature: String {
            let operandNames = f.operandCount == 1 ? ["x"] : (0..<f.operandCount).map { ["a", "b", "c", "d"][min($0, 3)] }
            return "(" + (operandNames + f.parameters.map(\.name)).joined(separator: ", ") + ")"
        }
        if positional.count > allCount || arguments.count < required {
            let expected = required == allCount ? "\(required)" : "\(required) to \(allCount)"
            throw RuntimeError(
                position: position,
                message: "'\(f.name)' takes \(expected) argument\(allCount == 1 ? "" : "s") \(signature), got \(arguments.count)")
        }
        guard positional.count >= f.operandCount else {
            throw RuntimeError(
                position: position,
                message: "'\(f.name)' takes \(f.operandCount) operand\(f.operandCount == 1 ? "" : "s") before its parameters \(signature)")
        }
        var operands: [Variable] = []
        for argument in positional.prefix(f.operandCount) { operands.append(try numberArgument(argument, of: f.name)) }
        var parameters: [Double?] = f.parameters.map(\.defaultValue)
        for (i, argument) in positional.dropFirst(f.operandCount).enumerated() {
            parameters[i] = try scalarArgument(argument, of: f.name)
        }
        for argument in arguments where argument.label != nil {
            guard let i = f.parameters.firstIndex(where: { $0.name == argument.label }) else {
                throw RuntimeError(
                    position: argument.position,
                    message: "'\(f.name)' has no parameter '\(argument.label!)'",
                    notes: f.parameters.isEmpty ? [] : ["parameters: " + f.parameters.map(\.name).joined(separator: ", ")])
            }
            parameters[i] = try scalarArgument(argument, of: f.name)
        }
        var resolved: [Double] = []
        for (i, p) in parameters.enumerated() {
            guard let p else {
                throw RuntimeError(position: position, message: "'\(f.name)' needs its parameter '\(f.parameters[i].name)'")
            }
            resolved.append(p)
        }
        let size = operands.map { $0.value.count }.max() ?? 1
        try allocate(size, at: position)
        return try engine(position) { () throws(EngineError) in try f.apply(operands, resolved) }
    }

    private func applyUser(
        _ name: String, _ parameters: [String], _ body: Expr, origin: LocationMap, _ arguments: [ArgumentValue],
        at position: Position
    ) throws(RuntimeError) -> Value {
        let signature = "\(name)(\(parameters.joined(separator: ", ")))"
        var frame: [String: Value] = [:]
        let positional = arguments.filter { $0.label == nil }
        if positional.count > parameters.count || arguments.count != parameters.count {
            throw RuntimeError(
                position: position,
                message: "'\(name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(arguments.count)",
                notes: ["defined as \(signature)"])
        }
        for (parameter, argument) in zip(parameters, positional) { frame[parameter] = argument.value }
        for argument in arguments where argument.label != nil {
            guard parameters.contains(argument.label!), frame[argument.label!] == nil else {
                throw RuntimeError(
                    position: argument.position,
                    message: "'\(name)' has no parameter '\(argument.label!)' left to set",
                    notes: ["defined as \(signature)"])
            }
            frame[argument.label!] = argument.value
        }
        guard frames.count < budget.callDepth else {
            throw RuntimeError(
                position: position,
                message: "function calls nested more than \(budget.callDepth) deep",
                notes: ["does '\(name)' call itself?"])
        }
        frames.append(frame)
        defer { frames.removeLast() }
        do {
            return try evaluate(body)
        } catch {
            throw error.leavingFunction(definedIn: origin, calledAt: position)
        }
    }

    /// f'(x) by reverse mode on a scratch tape; elementwise for an elementwise f. The result is a
    /// constant: second derivatives are not taken.
    func derivative(of function: Callable, at x: Variable, argument: ArgumentValue, at position: Position) throws(RuntimeError) -> Variable {
        let saved = tape
        let scratch = Tape()
        tape = scratch
        defer { tape = saved }
        let input = scratch.parameter(x.value)
        let output = try apply(
            function, [ArgumentValue(label: nil, value: .number(input), expression: argument.expression)],
            at: position, calleeText: function.name)
        guard case .number(let y) = output else {
            throw RuntimeError(position: position, message: "'\(function.name)' does not give a number, so it has no derivative")
        }
        try allocate(x.value.count, at: position)
        let gradient = scratch.gradients(of: y)[input]
        tape = saved
        return saved.constant(gradient)
    }
}
