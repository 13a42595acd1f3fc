import Foundation
import NNEngine

/// Functions of the language itself: what needs the interpreter (a fresh leaf, the last
/// `backward`, a function value, a size checked against the memory budget) or dispatches on its
/// arguments (`max(a, b)` or `max(x, dim = 1)`). All numeric work is the engine's; every other
/// function is in the engine's `Catalogue`, and no name is in both (a test holds this).
enum Builtins {
    static let signatures: [String: String] = [
        "param": "param(value)",
        "grad": "grad(v) or grad(L, v)",
        "max": "max(x), max(x, dim = d) or max(a, b)",
        "min": "min(x), min(x, dim = d) or min(a, b)",
        "zeros": "zeros(rows, columns?)",
        "ones": "ones(rows, columns?)",
        "eye": "eye(n)",
        "onehot": "onehot(labels, classes)",
        "linspace": "linspace(from, to, count)",
        "shape": "shape(x)",
        "len": "len(x)",
        "size": "size(x)",
        "derivative": "derivative(f)",
        "where": "where(condition, a, b)",
    ]

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
        if !["max", "min", "linspace", "zeros", "ones", "grad", "where", "onehot"].contains(name) {
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
        case "max", "min":
            return .number(try extreme(name, arguments, machine: m, at: position))
        case "eye":
            try arity(name, arguments, 1...1, at: position)
            let n = try m.integer(arguments[0].expression, "a size")
            guard n >= 1 else { throw RuntimeError(position: arguments[0].expression.position, message: "a size must be at least 1") }
            let (count, overflow) = n.multipliedReportingOverflow(by: n)
            try m.allocate(overflow ? Int.max : count, at: position)
            return .number(m.constant(Tensor.identity(n)))
        case "onehot":
            return .number(try oneHot(arguments, machine: m, at: position))
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
            try m.allocate([c, a, b].map(\.value.count).max()! * 3, at: position)
            // c * a + (1 - c) * b would turn an unused infinity into NaN; the engine selects.
            return .number(try m.engine(position) { () throws(EngineError) in try Variable.select(where: c, a, b) })
        default:
            throw RuntimeError(position: position, message: "unknown function '\(name)'")
        }
    }

    /// `max(x)` over all elements (ties share the gradient), `max(x, dim = d)` along an axis
    /// (the first maximum gets it), `max(a, b)` elementwise: `maximum(a, b)`, ties split, so
    /// `max(x, 0)` and `maximum(x, 0)` have one derivative at 0 (½, as PyTorch's).
    static func extreme(_ name: String, _ arguments: [ArgumentValue], machine m: Machine, at position: Position) throws(RuntimeError) -> Variable {
        let larger = name == "max"
        if let keyword = arguments.first(where: { $0.label != nil && $0.label != "dim" }) {
            throw RuntimeError(
                position: keyword.position, message: "'\(name)' has no parameter '\(keyword.label!)'", notes: ["usage: \(signatures[name]!)"])
        }
        try arity(name, arguments, 1...2, at: position)
        let a = try m.numberArgument(arguments[0], of: name)
        if let dim = arguments.first(where: { $0.label == "dim" }) {
            guard arguments.count == 2 else {
                throw RuntimeError(position: dim.position, message: "'\(name)' takes dim with one operand", notes: ["usage: \(signatures[name]!)"])
            }
            let axis = try m.integer(dim.expression, "dim")
            try m.allocate(a.value.count, at: position)
            return try m.engine(position) { () throws(EngineError) in larger ? try a.max(axis: axis) : try a.min(axis: axis) }
        }
        if arguments.count == 2 {
            let b = try m.numberArgument(arguments[1], of: name)
            guard let shape = Machine.broadcastShape(a.shape, b.shape) else {
                throw m.shapeMismatch(name, arguments[0].expression, a, arguments[1].expression, b, at: position)
            }
            try m.allocate(shape.reduce(1, *), at: position)
            return try m.engine(position) { () throws(EngineError) in larger ? try a.maximum(b) : try a.minimum(b) }
        }
        try m.allocate(a.value.count, at: position)
        return try m.engine(position) { () throws(EngineError) in larger ? try a.max() : try a.min() }
    }

    /// `onehot(labels, classes)`: checked against the memory budget before the matrix is made.
    static func oneHot(_ arguments: [ArgumentValue], machine m: Machine, at position: Position) throws(RuntimeError) -> Variable {
        if let keyword = arguments.first(where: { $0.label != nil && $0.label != "classes" }) {
            throw RuntimeError(
                position: keyword.position, message: "'onehot' has no parameter '\(keyword.label!)'", notes: ["usage: \(signatures["onehot"]!)"])
        }
        guard arguments.count == 2 else {
            throw RuntimeError(
                position: position, message: "'onehot' takes 2 arguments, got \(arguments.count)", notes: ["usage: \(signatures["onehot"]!)"])
        }
        let labels = try m.numberArgument(arguments[0], of: "onehot")
        let classes = try m.integer(arguments[1].expression, "the number of classes")
        guard classes >= 1 else { throw RuntimeError(position: arguments[1].expression.position, message: "the number of classes must be at least 1") }
        let (count, overflow) = labels.value.count.multipliedReportingOverflow(by: classes)
        try m.allocate(overflow ? Int.max : count, at: position)
        return try m.engine(position) { () throws(EngineError) in try labels.oneHot(classes: classes) }
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
