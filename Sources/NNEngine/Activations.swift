#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every activation function of the course, as PyTorch defines it (value, parameters, defaults,
/// and the derivative it uses where the function has a kink).
///
/// Each formula returns value and derivative together and is written to stay exact over the
/// whole real line (see `Scalar`). Where the source material's table differs from these
/// definitions, the table is wrong: softsign is x/(1+|x|), bent identity is (√(x²+1) − 1)/2 + x,
/// tanhshrink is x − tanh x, hardsigmoid is relu6(x+3)/6 (slope 1/6, not 0.2), and SELU's
/// constants are fixed.
public enum Activations {
    /// SELU's α and λ (scale), from Klambauer et al., as PyTorch hard-codes them.
    public static let seluAlpha = 1.6732632423543772848170429916717
    public static let seluScale = 1.0507009873554804934193349852946
    /// GELU's tanh approximation: √(2/π) and the cubic coefficient.
    static let geluTanhK = 0.79788456080286535587989211986876
    static let geluTanhC = 0.044715

    typealias Formula = @Sendable (Double, [Double]) -> (value: Double, derivative: Double)

    static func step(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) { (x > 0 ? 1 : 0, 0) }

    static func bentIdentity(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        (Scalar.hypotMinusOne(x) / 2 + x, x / (2 * hypot(x, 1)) + 1)
    }

    static func hardshrink(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        let lambda = p[0]
        return x > lambda || x < -lambda ? (x, 1) : (0, 0)
    }

    static func softshrink(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        let lambda = p[0]
        return x > lambda ? (x - lambda, 1) : x < -lambda ? (x + lambda, 1) : (0, 0)
    }

    static func threshold(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        x > p[0] ? (x, 1) : (p[1], 0)
    }

    static func sigmoid(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        (Scalar.sigmoid(x), Scalar.sigmoidDerivative(x))
    }

    static func hardsigmoid(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        x <= -3 ? (0, 0) : x >= 3 ? (1, 0) : ((x + 3) / 6, 1.0 / 6)
    }

    static func logsigmoid(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        (-Scalar.softplus(-x), Scalar.sigmoid(-x))
    }

    static func tanh(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        (Glibc.tanh(x), Scalar.sech2(x))
    }

    static func tanhshrink(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        let t = Glibc.tanh(x)
        return (Scalar.tanhshrink(x), t * t)
    }

    static func hardtanh(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        let low = p[0], high = p[1]
        return x <= low ? (low, 0) : x >= high ? (high, 0) : (x, 1)
    }

    static func relu(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) { x > 0 ? (x, 1) : (0, 0) }

    static func relu6(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        x <= 0 ? (0, 0) : x >= 6 ? (6, 0) : (x, 1)
    }

    static func leakyReLU(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        x > 0 ? (x, 1) : (p[0] * x, p[0])
    }

    static func elu(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        x > 0 ? (x, 1) : (p[0] * expm1(x), p[0] * exp(x))
    }

    static func selu(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        x > 0
            ? (seluScale * x, seluScale)
            : (seluScale * seluAlpha * expm1(x), seluScale * seluAlpha * exp(x))
    }

    static func celu(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        x > 0 ? (x, 1) : (p[0] * expm1(x / p[0]), exp(x / p[0]))
    }

    /// (1/β)·log(1 + e^{βx}), exact on the whole line: PyTorch's `threshold` (x itself once
    /// βx > 20) is not copied, since at x = 20.5 it shows 20.5 for 20.500000001250154.
    static func softplus(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        let beta = p[0], z = beta * x
        return (Scalar.softplus(z) / beta, Scalar.sigmoid(z))
    }

    static func softsign(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        let d = 1 + Swift.abs(x)
        return (x / d, 1 / (d * d))
    }

    /// x·σ(βx); derivative σ(βx)(1 + βx·σ(−βx)), with no 1 − σ that cancels.
    static func swish(_ x: Double, _ p: [Double]) -> (value: Double, derivative: Double) {
        let z = p[0] * x
        let s = Scalar.sigmoid(z)
        return (x * s, s * (1 + z * Scalar.sigmoid(-z)))
    }

    static func hardswish(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        x <= -3 ? (0, 0) : x >= 3 ? (x, 1) : (x * (x + 3) / 6, x / 3 + 0.5)
    }

    static func mish(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        let sp = Scalar.softplus(x)
        let t = Glibc.tanh(sp)
        return (x * t, t + x * Scalar.sigmoid(x) * Scalar.sech2(sp))
    }

    static func tanhexp(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        let u = exp(x)
        let t = Glibc.tanh(u)
        let s = Scalar.sech2(u)
        return (x * t, s == 0 ? t : t + x * u * s)
    }

    static func gelu(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        let phi = Scalar.normalCDF(x)
        return (x * phi, phi + x * Scalar.normalPDF(x))
    }

    /// 0.5x(1 + tanh u) written as x·σ(2u), so the far left does not cancel to 0.
    static func geluTanh(_ x: Double, _: [Double]) -> (value: Double, derivative: Double) {
        let x2 = x * x
        let u = geluTanhK * (x + geluTanhC * x2 * x)
        let s = Scalar.sigmoid(2 * u), sm = Scalar.sigmoid(-2 * u)
        let slope = s == 0 || sm == 0 ? 0 : x * 2 * s * sm * geluTanhK * (1 + 3 * geluTanhC * x2)
        return (x * s, s + slope)
    }

    static func positive(_ name: String, _ index: Int, _ label: String) -> @Sendable ([Double]) throws(EngineError) -> Void {
        { (p: [Double]) throws(EngineError) in
            guard p[index] != 0 else { throw .invalidArgument(function: name, message: "\(label) must not be 0") }
        }
    }

    static let elementwiseEntries: [CatalogueFunction] = [
        .elementwise("step", summary: "1 for x > 0, else 0 (derivative 0)", step),
        .elementwise("identity", summary: "x") { x, _ in (x, 1) },
        .elementwise("bent_identity", summary: "(√(x²+1) − 1)/2 + x", bentIdentity),
        .elementwise(
            "hardshrink", parameters: [FunctionParameter("lambd", default: 0.5)],
            summary: "x where |x| > λ, else 0", hardshrink),
        .elementwise(
            "softshrink", parameters: [FunctionParameter("lambd", default: 0.5)],
            summary: "x − λ above λ, x + λ below −λ, else 0", softshrink),
        .elementwise(
            "threshold", parameters: [FunctionParameter("threshold"), FunctionParameter("value")],
            summary: "x where x > threshold, else value", threshold),
        .elementwise("sigmoid", summary: "1 / (1 + e^−x)", sigmoid),
        .elementwise("hardsigmoid", summary: "relu6(x + 3) / 6", hardsigmoid),
        .elementwise("logsigmoid", summary: "log σ(x) = −softplus(−x)", logsigmoid),
        .elementwise("tanh", summary: "hyperbolic tangent", tanh),
        .elementwise("tanhshrink", summary: "x − tanh x", tanhshrink),
        .elementwise(
            "hardtanh", parameters: [FunctionParameter("min_val", default: -1), FunctionParameter("max_val", default: 1)],
            summary: "x clamped to [min_val, max_val]", hardtanh),
        .elementwise("relu", summary: "max(0, x); derivative 0 at 0", relu),
        .elementwise("relu6", summary: "min(max(0, x), 6)", relu6),
        .elementwise(
            "leaky_relu", parameters: [FunctionParameter("negative_slope", default: 0.01)],
            summary: "x for x > 0, else negative_slope·x", leakyReLU),
        .elementwise(
            "elu", parameters: [FunctionParameter("alpha", default: 1)],
            summary: "x for x > 0, else α(e^x − 1)", elu),
        .elementwise("selu", summary: "λ·elu(x, α) with fixed λ ≈ 1.0507, α ≈ 1.6733", selu),
        .elementwise(
            "celu", parameters: [FunctionParameter("alpha", default: 1)],
            summary: "x for x > 0, else α(e^{x/α} − 1)", validate: positive("celu", 0, "alpha"), celu),
        .elementwise(
            "softplus", parameters: [FunctionParameter("beta", default: 1)],
            summary: "log(1 + e^{βx})/β, exact for every x (no PyTorch threshold)", validate: positive("softplus", 0, "beta"),
            softplus),
        .elementwise("softsign", summary: "x / (1 + |x|)", softsign),
        .elementwise("silu", summary: "x·σ(x) (swish with β = 1)") { x, _ in swish(x, [1]) },
        .elementwise(
            "swish", parameters: [FunctionParameter("beta", default: 1)], summary: "x·σ(βx)", swish),
        .elementwise("hardswish", summary: "x·relu6(x + 3)/6", hardswish),
        .elementwise("mish", summary: "x·tanh(softplus(x))", mish),
        .elementwise("tanhexp", summary: "x·tanh(e^x)", tanhexp),
        .elementwise("gelu", summary: "x·Φ(x), exact (PyTorch gelu)", gelu),
        .elementwise(
            "gelu_tanh", summary: "0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch gelu approximate='tanh')",
            geluTanh),
    ]

    static func axis(_ name: String, _ p: [Double]) throws(EngineError) -> Int {
        let d = p[0]
        guard d == d.rounded(), Swift.abs(d) < 8 else {
            throw .invalidArgument(function: name, message: "dim must be a whole number, got \(d)")
        }
        return Int(d)
    }

    static let axisEntries: [CatalogueFunction] = [
        CatalogueFunction(
            name: "softmax", parameters: [FunctionParameter("dim", default: -1)],
            summary: "e^{x_i} / Σ_k e^{x_k} along dim (default the last)"
        ) { (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in try operands[0].softmax(axis: try axis("softmax", p)) },
        CatalogueFunction(
            name: "softmin", parameters: [FunctionParameter("dim", default: -1)],
            summary: "softmax(−x) along dim (default the last)"
        ) { (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in try operands[0].softmin(axis: try axis("softmin", p)) },
        CatalogueFunction(
            name: "log_softmax", parameters: [FunctionParameter("dim", default: -1)],
            summary: "x_i − log Σ_k e^{x_k} along dim, without overflow"
        ) { (operands: [Variable], p: [Double]) throws(EngineError) -> Variable in try operands[0].logSoftmax(axis: try axis("log_softmax", p)) },
    ]
}

extension Variable {
    /// softmax along `axis` (default the last), shifted by the maximum so large logits do not overflow.
    public func softmax(axis: Int = -1) throws(EngineError) -> Variable {
        try normalized(axis: axis, function: "softmax", negate: false, logarithm: false)
    }

    /// softmax(−x) along `axis`.
    public func softmin(axis: Int = -1) throws(EngineError) -> Variable {
        try normalized(axis: axis, function: "softmin", negate: true, logarithm: false)
    }

    /// x − logΣexp(x) along `axis`: exact for logits of any size (no log of an underflowed 0).
    public func logSoftmax(axis: Int = -1) throws(EngineError) -> Variable {
        try normalized(axis: axis, function: "log_softmax", negate: false, logarithm: true)
    }

    private func normalized(axis: Int, function: String, negate: Bool, logarithm: Bool) throws(EngineError) -> Variable {
        let v = value
        let a = try Tensor.normalize(axis: axis, rank: v.rank, function: function)
        let (outer, length, inner) = v.split(at: a)
        let sign = negate ? -1.0 : 1.0
        var probabilities = [Double](repeating: 0, count: v.count)
        var out = [Double](repeating: 0, count: v.count)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var largest = -Double.infinity
                for l in 0..<length { largest = Swift.max(largest, sign * v.scalars[base + l * inner]) }
                var total = 0.0
                for l in 0..<length {
                    let e = Glibc.exp(sign * v.scalars[base + l * inner] - largest)
                    probabilities[base + l * inner] = e
                    total += e
                }
                let logTotal = Glibc.log(total)
                for l in 0..<length {
                    let k = base + l * inner
                    if logarithm { out[k] = sign * v.scalars[k] - largest - logTotal }
                    probabilities[k] /= total
                    if !logarithm { out[k] = probabilities[k] }
                }
            }
        }
        let p = probabilities
        return tape.record(Tensor(shape: v.shape, scalars: out), inputs: [self]) { upstream in
            var g = [Double](repeating: 0, count: p.count)
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * length * inner + i
                    var dot = 0.0
                    for l in 0..<length {
                        let k = base + l * inner
                        dot += logarithm ? upstream.scalars[k] : upstream.scalars[k] * p[k]
                    }
                    for l in 0..<length {
                        let k = base + l * inner
                        g[k] = logarithm ? upstream.scalars[k] - p[k] * dot : p[k] * (upstream.scalars[k] - dot)
                        g[k] *= sign
                    }
                }
            }
            return [Tensor(shape: v.shape, scalars: g)]
        }
    }

    /// Applies an activation by value (`.relu`, `.leakyReLU(0.2)`), as layers do.
    public func activated(_ activation: Activation) throws(EngineError) -> Variable {
        switch activation.function.name {
        case "identity": return elementwise { x in (x, 1) }
        case "relu": return elementwise { x in x > 0 ? (x, 1) : (0, 0) }
        case "sigmoid": return elementwise { x in (Scalar.sigmoid(x), Scalar.sigmoidDerivative(x)) }
        default: break
        }
        if let formula = activation.function.formula {
            let p = activation.parameters
            return elementwise { formula($0, p) }
        }
        return try activation.function.apply([self], activation.parameters)
    }
}

/// An activation chosen by name with its parameters resolved: what a `Dense` layer applies.
public struct Activation: Sendable, CustomStringConvertible {
    public let function: CatalogueFunction
    public let parameters: [Double]

    /// - Throws: `invalidArgument` for an unknown name or bad parameters.
    public init(_ name: String, positional: [Double] = [], keywords: [String: Double] = [:]) throws(EngineError) {
        guard let function = Catalogue.function(named: name), function.operandCount == 1 else {
            throw .invalidArgument(function: name, message: "no such activation")
        }
        self.function = function
        self.parameters = try function.resolveParameters(positional: positional, keywords: keywords)
        try function.validate?(parameters)
    }

    public var name: String { function.name }
    public var description: String {
        parameters.isEmpty ? name : "\(name)(\(parameters.map { "\($0)" }.joined(separator: ", ")))"
    }

    private static func known(_ name: String, _ positional: [Double] = []) -> Activation {
        try! Activation(name, positional: positional)
    }

    public static let identity = known("identity")
    public static let relu = known("relu")
    public static let sigmoid = known("sigmoid")
    public static let tanh = known("tanh")
    public static let step = known("step")
    public static func leakyReLU(_ negativeSlope: Double = 0.01) -> Activation { known("leaky_relu", [negativeSlope]) }
}
