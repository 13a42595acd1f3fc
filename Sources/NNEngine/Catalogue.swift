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
        CatalogueFunction(name: name, parameters: parameters, summary: summary) { operands, p in
            operands[0].elementwise(value: { value($0, p) }, derivative: { derivative($0, p) })
        }
    }
}

/// Every function callable by name.
public enum Catalogue {
    /// Looks a function up by its snake_case name.
    public static func function(named name: String) -> CatalogueFunction? { table[name] }

    /// All names, sorted, for suggestions and docs.
    public static var names: [String] { table.keys.sorted() }

    static let table: [String: CatalogueFunction] = {
        var table: [String: CatalogueFunction] = [:]
        for function in entries { table[function.name] = function }
        return table
    }()

    static let entries: [CatalogueFunction] = [
        .elementwise(
            "exp", summary: "e^x", value: { x, _ in exp(x) }, derivative: { x, _ in exp(x) }),
        .elementwise(
            "log", summary: "natural logarithm", value: { x, _ in log(x) }, derivative: { x, _ in 1 / x }),
        .elementwise(
            "identity", summary: "x", value: { x, _ in x }, derivative: { _, _ in 1 }),
        .elementwise(
            "step", summary: "1 for x > 0, else 0 (derivative 0)",
            value: { x, _ in x > 0 ? 1 : 0 }, derivative: { _, _ in 0 }),
        .elementwise(
            "sigmoid", summary: "1 / (1 + e^-x)",
            value: { x, _ in Scalar.sigmoid(x) },
            derivative: { x, _ in let s = Scalar.sigmoid(x); return s * (1 - s) }),
        .elementwise(
            "tanh", summary: "hyperbolic tangent",
            value: { x, _ in tanh(x) },
            derivative: { x, _ in let t = tanh(x); return 1 - t * t }),
        .elementwise(
            "relu", summary: "max(0, x); derivative 0 at 0",
            value: { x, _ in x > 0 ? x : 0 }, derivative: { x, _ in x > 0 ? 1 : 0 }),
    ]
}

/// Numerically careful scalar formulas shared by values and derivatives.
public enum Scalar {
    /// Stable on the whole real line: never computes e^x for large positive x.
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }
}
