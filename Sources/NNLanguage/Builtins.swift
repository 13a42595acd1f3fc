import Foundation
import NNEngine

/// Functions of the language itself (not activations: those come from the engine's catalogue,
/// which wins when a name is in both).
enum Builtins {
    static let signatures: [String: String] = [
        "param": "param(value)",
        "grad": "grad(v) or grad(L, v)",
        "sum": "sum(x)",
        "mean": "mean(x)",
        "max": "max(x) or max(a, b)",
        "min": "min(x) or min(a, b)",
        "abs": "abs(x)",
        "sqrt": "sqrt(x)",
        "sin": "sin(x)",
        "cos": "cos(x)",
        "zeros": "zeros(rows, columns?)",
        "ones": "ones(rows, columns?)",
        "linspace": "linspace(from, to, count)",
        "transpose": "transpose(m)",
        "shape": "shape(x)",
        "len": "len(x)",
        "size": "size(x)",
        "derivative": "derivative(f)",
        "where": "where(condition, a, b)",
    ]

    /// Value and derivative of the elementwise built-ins: the one place their math is written,
    /// used by the interpreter and by compiled expressions (`ScalarProgram`).
    static let scalarFormulas: [String: @Sendable (Double) -> (value: Double, derivative: Double)] = [
        "abs": { (Swift.abs($0), $0 > 0 ? 1 : $0 < 0 ? -1 : 0) },
        "sqrt": { (Foundation.sqrt($0), 0.5 / Foundation.sqrt($0)) },
        "sin": { (Foundation.sin($0), Foundation.cos($0)) },
        "cos": { (Foundation.cos($0), -Foundation.sin($0)) },
    ]

    /// `max(a, b)` / `min(a, b)` keep `a` when this holds (ties go to `a`).
    @inline(__always)
    static func keepsFirst(_ name: String, _ a: Double, _ b: Double) -> Bool { name == "max" ? a >= b : a <= b }

    /// `where(c, a, b)` selects, so an unused infinity does not become NaN: the mask, then the
    /// parts from `a` and from `b`, whose sum is the result.
    static func whereMask(_ c: Double) -> Double { c != 0 ? 1 : 0 }
    static func whereFirst(_ a: Double, _ mask: Double) -> Double { mask != 0 ? a : 0 }
    static func whereSecond(_ b: Double, _ mask: Double) -> Double { mask != 0 ? 0 : b }

    static let names: [String] = (Array(signatures.keys) + Array(Learning.signatures.keys)).sorted()

    static func arity(_ name: String, _ arguments: [ArgumentValue], _ counts: ClosedRange<Int>, at position: Position) throws(RuntimeError) {
        let positional = arguments.filter { $0.label == nil }.count
        guard counts.contains(positional) else {
            let expected = counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
            throw RuntimeError(
                position: position,
                message: "'\(name)' takes \(expected) argument\(counts.upperBound == 1 ? "" : "s"), got \(positional)",
                notes: ["usage: \(signatures[name] ?? name)"])
        }
    }

    static func apply(_ name: String, _ arguments: [ArgumentValue], machine m: Machine, at position: Position) throws(RuntimeError) -> Value {
        if Learning.signatures[name] != nil { return try Learning.apply(name, arguments, machine: m, at: position) }
        if name != "max", name != "min", name != "linspace", name != "zeros", name != "ones", name != "grad", name != "where" {
            for argument in arguments where argument.label != nil {
                throw RuntimeError(
                    position: argument.position,
                    message: "'\(name)' has no parameter '\(argument.label!)'", notes: ["usage: \(signatures[name] ?? name)"])
            }
        }
        switch name {
        case "param":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            try m.allocate(v.value.count, at: position)
            return .number(m.tape.parameter(v.value))
        case "grad":
            try arity(name, arguments, 1...2, at: position)
            return .number(try gradient(arguments, machine: m, at: position))
        case "sum", "mean":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            try m.allocate(1, at: position)
            let total = v.sum()
            if name == "sum" { return .number(total) }
            guard v.value.count > 0 else { throw RuntimeError(position: position, message: "mean of an empty vector") }
            return .number(try m.engine(position) { () throws(EngineError) in try total / m.constant(Tensor(Double(v.value.count))) })
        case "max", "min":
            try arity(name, arguments, 1...2, at: position)
            let a = try m.numberArgument(arguments[0], of: name)
            if arguments.count == 2 {
                let b = try m.numberArgument(arguments[1], of: name)
                guard let shape = Machine.broadcastShape(a.shape, b.shape) else {
                    throw m.shapeMismatch(name, arguments[0].expression, a, arguments[1].expression, b, at: position)
                }
                try m.allocate(shape.reduce(1, *), at: position)
                return .number(try m.engine(position) { () throws(EngineError) in
                    try a.broadcasting(
                        b, operation: name, value: { keepsFirst(name, $0, $1) ? $0 : $1 },
                        partials: { keepsFirst(name, $0, $1) ? (1, 0) : (0, 1) })
                })
            }
            guard a.value.count > 0 else { throw RuntimeError(position: position, message: "\(name) of an empty vector") }
            let scalars = a.value.scalars
            var best = 0
            for i in scalars.indices where name == "max" ? scalars[i] > scalars[best] : scalars[i] < scalars[best] { best = i }
            let shape = a.shape
            return .number(m.tape.record(Tensor(scalars[best]), inputs: [a]) { upstream in
                var g = Tensor.zeros(shape)
                g.scalars[best] = upstream.scalars[0]
                return [g]
            })
        case "abs", "sqrt", "sin", "cos":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            try m.allocate(v.value.count, at: position)
            return .number(v.elementwise(scalarFormulas[name]!))
        case "zeros", "ones":
            try arity(name, arguments, 1...2, at: position)
            var shape: [Int] = []
            for argument in arguments {
                let n = try m.integer(argument.expression, "a size")
                guard n >= 1 else { throw RuntimeError(position: argument.expression.position, message: "a size must be at least 1") }
                shape.append(n)
            }
            let (count, overflow) = shape.count == 2 ? shape[0].multipliedReportingOverflow(by: shape[1]) : (shape[0], false)
            try m.allocate(overflow ? Int.max : count, at: position)
            return .number(m.constant(Tensor(repeating: name == "zeros" ? 0 : 1, shape: shape)))
        case "linspace":
            try arity(name, arguments, 3...3, at: position)
            let a = try m.scalarArgument(arguments[0], of: name)
            let b = try m.scalarArgument(arguments[1], of: name)
            let n = try m.integer(arguments[2].expression, "the count")
            guard n >= 2 else { throw RuntimeError(position: arguments[2].expression.position, message: "linspace needs at least 2 points") }
            try m.allocate(n, at: position)
            return .number(m.constant(Tensor(vector: (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) })))
        case "transpose":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            let t = v.value
            if t.rank < 2 { return .number(v) }
            guard t.rank == 2 else { throw RuntimeError(position: position, message: "transpose needs a matrix, got \(Tensor.describe(shape: t.shape))") }
            try m.allocate(t.count, at: position)
            let (r, c) = (t.shape[0], t.shape[1])
            func flip(_ x: Tensor, _ r: Int, _ c: Int) -> Tensor {
                var out = [Double](repeating: 0, count: r * c)
                for i in 0..<r { for j in 0..<c { out[j * r + i] = x.scalars[i * c + j] } }
                return Tensor(shape: [c, r], scalars: out)
            }
            return .number(m.tape.record(flip(t, r, c), inputs: [v]) { upstream in [flip(upstream, c, r)] })
        case "shape":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            guard !v.shape.isEmpty else {
                throw RuntimeError(position: arguments[0].expression.position, message: "'\(arguments[0].expression.text)' is a single number; it has no axes")
            }
            return .number(m.constant(Tensor(vector: v.shape.map(Double.init))))
        case "len":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            return .number(m.constant(Tensor(Double(v.shape.first ?? 1))))
        case "size":
            try arity(name, arguments, 1...1, at: position)
            let v = try m.numberArgument(arguments[0], of: name)
            return .number(m.constant(Tensor(Double(v.value.count))))
        case "derivative":
            try arity(name, arguments, 1...1, at: position)
            guard case .function(let f) = arguments[0].value else {
                throw RuntimeError(
                    position: arguments[0].expression.position,
                    message: "derivative needs a function, got \(arguments[0].value.typeName)")
            }
            if case .derivative = f {
                throw RuntimeError(position: position, message: "only first derivatives are supported")
            }
            return .function(.derivative(f, name: f.name + "'"))
        case "where":
            try arity(name, arguments, 3...3, at: position)
            let c = try m.numberArgument(arguments[0], of: name)
            let a = try m.numberArgument(arguments[1], of: name)
            let b = try m.numberArgument(arguments[2], of: name)
            // c * a + (1 - c) * b would turn an unused infinity into NaN; select instead.
            guard let ab = Machine.broadcastShape(a.shape, b.shape), let shape = Machine.broadcastShape(ab, c.shape) else {
                throw RuntimeError(
                    position: position,
                    message: "shape mismatch in 'where': \(Tensor.describe(shape: c.shape)), \(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape))")
            }
            try m.allocate(shape.reduce(1, *) * 3, at: position)
            let mask = try m.engine(position) { () throws(EngineError) in
                try c.broadcasting(m.constant(Tensor.zeros(shape)), operation: "where", value: { l, _ in whereMask(l) }, partials: { _, _ in (0, 0) })
            }
            let pickA = try m.engine(position) { () throws(EngineError) in
                try a.broadcasting(mask, operation: "where", value: whereFirst, partials: { _, k in (k != 0 ? 1 : 0, 0) })
            }
            let pickB = try m.engine(position) { () throws(EngineError) in
                try b.broadcasting(mask, operation: "where", value: whereSecond, partials: { _, k in (k != 0 ? 0 : 1, 0) })
            }
            return .number(try m.engine(position) { () throws(EngineError) in try pickA + pickB })
        default:
            throw RuntimeError(position: position, message: "unknown function '\(name)'")
        }
    }

    /// `grad(v)` reads the last `backward`; `grad(L, v)` sweeps from `L` directly, so it can sit
    /// inside an expression or a one-line function.
    static func gradient(_ arguments: [ArgumentValue], machine m: Machine, at position: Position) throws(RuntimeError) -> Variable {
        if arguments.count == 2 {
            let loss = try m.numberArgument(arguments[0], of: "grad")
            let v = try m.numberArgument(arguments[1], of: "grad")
            guard loss.value.count == 1 else {
                throw RuntimeError(
                    position: arguments[0].expression.position,
                    message: "grad needs a single number to differentiate, got \(Tensor.describe(shape: loss.shape)) '\(arguments[0].expression.text)'")
            }
            try m.tick(m.tape.count, at: position)
            try m.allocate(v.value.count, at: position)
            return m.constant(m.tape.gradients(of: loss)[v])
        }
        let v = try m.numberArgument(arguments[0], of: "grad")
        guard let last = m.lastBackward, last.loss.tape === m.tape else {
            throw RuntimeError(
                position: position, message: "grad(\(arguments[0].expression.text)) needs a 'backward' first",
                notes: ["write 'backward L' for the loss L, or use grad(L, \(arguments[0].expression.text))"])
        }
        guard v.index <= last.loss.index else {
            throw RuntimeError(
                position: arguments[0].expression.position,
                message: "'\(arguments[0].expression.text)' was computed after 'backward', so it has no gradient",
                notes: ["grad takes the name of a value the loss was computed from"])
        }
        try m.allocate(v.value.count, at: position)
        return m.constant(last.gradients[v])
    }
}
