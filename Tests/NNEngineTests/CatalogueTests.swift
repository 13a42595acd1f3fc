import NNEngine
import Testing

/// The catalogue is the language's only way to reach an activation: every name the course uses
/// must be there with PyTorch's parameter names and defaults.
@Suite struct CatalogueTests {
    /// (name, [(parameter, default or nil when required)]) as issue 3 and PyTorch specify them.
    static let expected: [(String, [(String, Double?)])] = [
        ("step", []), ("identity", []), ("bent_identity", []),
        ("hardshrink", [("lambd", 0.5)]), ("softshrink", [("lambd", 0.5)]),
        ("threshold", [("threshold", nil), ("value", nil)]),
        ("sigmoid", []), ("hardsigmoid", []), ("logsigmoid", []), ("tanh", []), ("tanhshrink", []),
        ("hardtanh", [("min_val", -1), ("max_val", 1)]), ("relu", []), ("relu6", []),
        ("leaky_relu", [("negative_slope", 0.01)]), ("elu", [("alpha", 1)]), ("selu", []),
        ("celu", [("alpha", 1)]), ("softmax", [("dim", -1)]), ("softmin", [("dim", -1)]),
        ("log_softmax", [("dim", -1)]), ("softplus", [("beta", 1)]), ("softsign", []),
        ("swish", [("beta", 1)]), ("silu", []), ("hardswish", []), ("mish", []), ("tanhexp", []),
        ("gelu", []), ("gelu_tanh", []),
    ]

    @Test func everyActivationIsRegisteredWithPyTorchParameters() throws {
        for (name, parameters) in Self.expected {
            let function = try #require(Catalogue.function(named: name), "missing \(name)")
            #expect(function.operandCount == 1)
            #expect(function.parameters.map(\.name) == parameters.map(\.0), "\(name)")
            #expect(function.parameters.map(\.defaultValue) == parameters.map(\.1), "\(name)")
            #expect(!function.summary.isEmpty)
        }
        #expect(Catalogue.names == Catalogue.names.sorted())
    }

    @Test func positionalAndKeywordCallsAgree() throws {
        let tape = Tape()
        let x = tape.constant(Tensor(vector: [-2, -0.5, 0.5, 2]))
        let leaky = try #require(Catalogue.function(named: "leaky_relu"))
        let byPosition = try leaky(x, positional: [0.2])
        let byKeyword = try leaky(x, keywords: ["negative_slope": 0.2])
        #expect(byPosition.value == byKeyword.value)
        #expect(byPosition.value.scalars[0] == -2 * 0.2)
        let elu = try #require(Catalogue.function(named: "elu"))
        #expect(try elu(x, keywords: ["alpha": 1.0]).value == (try elu(x)).value)
    }

    @Test func badParametersAreReportedByName() throws {
        let tape = Tape()
        let x = tape.constant(Tensor(vector: [1]))
        let threshold = try #require(Catalogue.function(named: "threshold"))
        #expect(throws: EngineError.invalidArgument(function: "threshold", message: "missing required parameter 'value'")) {
            try threshold(x, positional: [0.5])
        }
        let elu = try #require(Catalogue.function(named: "elu"))
        #expect(throws: EngineError.invalidArgument(function: "elu", message: "unknown parameter 'beta' (parameters: alpha)")) {
            try elu(x, keywords: ["beta": 1])
        }
        #expect(throws: EngineError.invalidArgument(function: "elu", message: "parameter 'alpha' given twice")) {
            try elu(x, positional: [1], keywords: ["alpha": 2])
        }
        #expect(throws: EngineError.invalidArgument(function: "celu", message: "alpha must not be 0")) {
            try Catalogue.function(named: "celu")!(x, positional: [0])
        }
        #expect(throws: EngineError.self) { try Activation("no_such_function") }
    }

    /// Far out on the real line nothing overflows or turns into nan.
    @Test func extremeInputsStayFinite() throws {
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [-1e300, -800, -40, 40, 800, 1e300]))
        for function in Catalogue.all where function.operandCount == 1 && !["log", "log10", "sqrt", "exp"].contains(function.name) {
            let parameters = try function.resolveParameters(positional: function.parameters.map { $0.defaultValue ?? 0.5 })
            let y = try function.apply([x], parameters)
            let gradient = tape.gradients(of: y.sum())[x]
            let finiteValues = y.value.scalars.allSatisfy { $0.isFinite }
            let finiteDerivatives = gradient.scalars.allSatisfy { $0.isFinite }
            #expect(finiteValues, "\(function.name) values \(y.value)")
            #expect(finiteDerivatives, "\(function.name) derivatives \(gradient)")
        }
    }

    @Test func largeLogitsStayExactInLogSoftmax() throws {
        let tape = Tape()
        let logits = tape.constant(Tensor(vector: [1000, 0, -1000]))
        let out = try logits.logSoftmax()
        #expect(out.value.scalars == [0, -1000, -2000])
    }
}
