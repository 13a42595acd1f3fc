#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named parameter of a catalogue function (`alpha` of ELU, `negative_slope` of Leaky ReLU).
public struct FunctionParameter: Sendable, Hashable {
    public var name: String
    /// nil when the caller must give it.
    public var defaultValue: Double?

    public init(_ name: String, default defaultValue: Double? = nil) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

/// A function the `nn` language, `coursegen eval` and the grader can call by name.
///
/// One table serves all three, so a function added here is callable everywhere and "did you
/// mean" suggestions see every name.
public struct CatalogueFunction: Sendable {
    public var name: String
    /// Number of tensor operands before the scalar parameters (1 for activations).
    public var operandCount: Int
    public var parameters: [FunctionParameter]
    /// One line for documentation and `coursegen eval --list`.
    public var summary: String
    /// Applies the function; `parameters` are resolved (defaults filled) in declaration order.
    public var apply: @Sendable (_ operands: [Variable], _ parameters: [Double]) throws(EngineError) -> Variable
    /// For elementwise functions, the scalar formula behind `apply` (value and derivative), so
    /// layers can apply it without building an operand array.
    var formula: (@Sendable (Double, [Double]) -> (value: Double, derivative: Double))?
    var validate: (@Sendable ([Double]) throws(EngineError) -> Void)?

    public init(
        name: String, operandCount: Int = 1, parameters: [FunctionParameter] = [], summary: String,
        apply: @escaping @Sendable (_ operands: [Variable], _ parameters: [Double]) throws(EngineError) -> Variable
    ) {
        self.name = name
        self.operandCount = operandCount
        self.parameters = parameters
        self.summary = summary
        self.apply = apply
    }

    /// An elementwise function from its scalar value and derivative formulas.
    public static func elementwise(
        _ name: String, parameters: [FunctionParameter] = [], summary: String,
        value: @escaping @Sendable (Double, [Double]) -> Double,
        derivative: @escaping @Sendable (Double, [Double]) -> Double
    ) -> CatalogueFunction {
        CatalogueFunction(name: name, parameters: parameters, summary: summary) { (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in
            operands[0].elementwise(value: { value($0, p) }, derivative: { derivative($0, p) })
        }
    }

    /// An elementwise function from one formula giving value and derivative together; `validate`
    /// rejects parameter values the formula is undefined for (CELU's α = 0).
    public static func elementwise(
        _ name: String, parameters: [FunctionParameter] = [], summary: String,
        validate: (@Sendable ([Double]) throws(EngineError) -> Void)? = nil,
        _ formula: @escaping @Sendable (Double, [Double]) -> (value: Double, derivative: Double)
    ) -> CatalogueFunction {
        var function = CatalogueFunction(name: name, parameters: parameters, summary: summary) {
            (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in
            try validate?(p)
            return operands[0].elementwise { formula($0, p) }
        }
        function.formula = formula
        function.validate = validate
        return function
    }

    /// The scalar formula (value and derivative) of an elementwise function, nil for the others:
    /// what a compiled expression calls, so a function's math lives only here.
    public var scalarFormula: (@Sendable (Double, [Double]) -> (value: Double, derivative: Double))? { formula }

    /// Throws what `apply` throws for parameter values the formula is undefined for (CELU's
    /// α = 0); checked once when an expression is compiled, not at every point.
    public func validateParameters(_ parameters: [Double]) throws(EngineError) {
        try validate?(parameters)
    }

    /// Whether some parameter values are rejected (so a compiler knows it must see them).
    public var checksParameters: Bool { validate != nil }

    /// Fills defaults and places keyword arguments, so callers outside the language (tests, the
    /// grader) call a function exactly as a student would write it.
    /// - Parameters:
    ///   - positional: parameter values after the operands, in declaration order.
    ///   - keywords: values by parameter name (`alpha: 1.0`).
    /// - Throws: `invalidArgument` for an unknown name, a parameter given twice, too many
    ///   positional values or a missing required one.
    public func resolveParameters(positional: [Double], keywords: [String: Double] = [:]) throws(EngineError) -> [Double] {
        guard positional.count <= parameters.count else {
            throw .invalidArgument(
                function: name,
                message: "takes \(parameters.count) parameter\(parameters.count == 1 ? "" : "s"), got \(positional.count)")
        }
        for key in keywords.keys where !parameters.contains(where: { $0.name == key }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw .invalidArgument(
                function: name,
                message: "unknown parameter '\(key)'" + (known.isEmpty ? " (it takes none)" : " (parameters: \(known))"))
        }
        var resolved: [Double] = []
        for (i, parameter) in parameters.enumerated() {
            let keyword = keywords[parameter.name]
            if i < positional.count {
                if keyword != nil {
                    throw .invalidArgument(function: name, message: "parameter '\(parameter.name)' given twice")
                }
                resolved.append(positional[i])
            } else if let keyword {
                resolved.append(keyword)
            } else if let fallback = parameter.defaultValue {
                resolved.append(fallback)
            } else {
                throw .invalidArgument(function: name, message: "missing required parameter '\(parameter.name)'")
            }
        }
        return resolved
    }

    /// Calls the function with positional and keyword parameters resolved as the language does.
    public func callAsFunction(
        _ operands: Variable..., positional: [Double] = [], keywords: [String: Double] = [:]
    ) throws(EngineError) -> Variable {
        guard operands.count == operandCount else {
            throw .invalidArgument(
                function: name,
                message: "takes \(operandCount) operand\(operandCount == 1 ? "" : "s"), got \(operands.count)")
        }
        return try apply(operands, try resolveParameters(positional: positional, keywords: keywords))
    }
}

/// Every function callable by name.
///
/// Activations follow PyTorch's definitions, parameter names and defaults (`torch.nn.functional`),
/// including its derivative at kinks (ReLU′(0) = 0, ELU′(0) = α, hardswish′(±3) = 0 and 1); see
/// `Activations` for each formula and `docs` in the reference script for how they were checked.
/// Names not in PyTorch: `step`, `identity`, `bent_identity`, `swish` (SiLU with β), `tanhexp`,
/// and `gelu_tanh`, which is PyTorch's `gelu(approximate='tanh')`; plain `gelu` is the exact
/// x·Φ(x).
public enum Catalogue {
    /// Looks a function up by its snake_case name.
    public static func function(named name: String) -> CatalogueFunction? { table[name] }

    /// All names, sorted, for suggestions and docs.
    public static var names: [String] { table.keys.sorted() }

    /// Every catalogue function, in the order the documentation lists them.
    public static var all: [CatalogueFunction] { entries }

    static let table: [String: CatalogueFunction] = {
        var table: [String: CatalogueFunction] = [:]
        for function in entries { table[function.name] = function }
        return table
    }()

    static let entries: [CatalogueFunction] =
        mathematics + Activations.elementwiseEntries + Activations.axisEntries + Losses.catalogueEntries

    static let mathematics: [CatalogueFunction] = [
        .elementwise("exp", summary: "e^x") { x, _ in let e = exp(x); return (e, e) },
        .elementwise("log", summary: "natural logarithm") { x, _ in (log(x), 1 / x) },
        .elementwise("sqrt", summary: "square root; derivative 1/(2√x)") { x, _ in
            let r = x.squareRoot()
            return (r, 0.5 / r)
        },
        .elementwise("abs", summary: "|x|; derivative sign(x), 0 at 0") { x, _ in
            (Swift.abs(x), x > 0 ? 1 : x < 0 ? -1 : 0)
        },
        .elementwise("log10", summary: "base-10 logarithm; derivative 1/(x ln 10)") { x, _ in (log10(x), 1 / (x * M_LN10)) },
        .elementwise("sin", summary: "sine") { x, _ in (sin(x), cos(x)) },
        .elementwise("cos", summary: "cosine") { x, _ in (cos(x), -sin(x)) },
        // Piecewise constant: derivative 0 everywhere, as in PyTorch.
        .elementwise("round", summary: "nearest whole number, halves to even (round(2.5) = 2, as NumPy and PyTorch)") { x, _ in
            (x.rounded(.toNearestOrEven), 0)
        },
        .elementwise("floor", summary: "largest whole number ≤ x") { x, _ in (x.rounded(.down), 0) },
        .elementwise("ceil", summary: "smallest whole number ≥ x") { x, _ in (x.rounded(.up), 0) },
        .elementwise(
            "clip", parameters: [FunctionParameter("min", default: -.infinity), FunctionParameter("max", default: .infinity)],
            summary: "x held between min and max; derivative 1 inside [min, max] (ends included, as torch.clamp), else 0",
            validate: { (p: [Double]) throws(EngineError) in
                guard !(p[0] > p[1]) else { throw .invalidArgument(function: "clip", message: "min \(Tensor.format(p[0])) is larger than max \(Tensor.format(p[1]))") }
            }
        ) { x, p in x < p[0] ? (p[0], 0) : x > p[1] ? (p[1], 0) : (x, 1) },
        CatalogueFunction(name: "sum", parameters: [FunctionParameter("dim", default: .nan)], summary: "sum of all elements, or along dim") {
            (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in
            p[0].isNaN ? operands[0].sum() : try operands[0].sum(axis: try Activations.axis("sum", p))
        },
        CatalogueFunction(name: "mean", parameters: [FunctionParameter("dim", default: .nan)], summary: "mean of all elements, or along dim") {
            (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in
            p[0].isNaN ? operands[0].mean() : try operands[0].mean(axis: try Activations.axis("mean", p))
        },
        CatalogueFunction(name: "norm", parameters: [FunctionParameter("dim", default: .nan)], summary: "Euclidean length √Σx², of all elements or along dim") {
            (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in
            try operands[0].norm(axis: p[0].isNaN ? nil : try Activations.axis("norm", p))
        },
        CatalogueFunction(name: "argmax", parameters: [FunctionParameter("dim", default: .nan)], summary: "index of the first maximum, in the flattened tensor or along dim; no gradient") {
            (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in
            try operands[0].argmax(axis: p[0].isNaN ? nil : try Activations.axis("argmax", p))
        },
        CatalogueFunction(name: "transpose", summary: "axes reversed (matrix transpose)") { (operands: [Variable], _: [Double]) throws(EngineError) -> Variable in
            operands[0].transposed()
        },
        CatalogueFunction(name: "maximum", operandCount: 2, summary: "elementwise larger of two; ties split the gradient (as max(a, b))") {
            (operands: [Variable], _: [Double]) throws(EngineError) -> Variable in try operands[0].maximum(operands[1])
        },
        CatalogueFunction(name: "minimum", operandCount: 2, summary: "elementwise smaller of two; ties split the gradient") {
            (operands: [Variable], _: [Double]) throws(EngineError) -> Variable in try operands[0].minimum(operands[1])
        },
    ]
}
