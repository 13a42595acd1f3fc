import Foundation
import NNEngine

/// Data sets, models and training: thin, checked calls into the engine, so a chapter says
/// `train(net, data, epochs = 300)` and gets a diagnostic, not a trap, for a wrong argument.
enum Learning {
    static let signatures: [String: String] = [
        "gate": "gate(\"and\" | \"or\" | \"nand\" | \"nor\" | \"xor\")",
        "spiral": "spiral(points = 100, classes = 3, seed = 0)",
        "sine_data": "sine_data(points = 64, noise = 0, seed = 0)",
        "dataset": "dataset(inputs, targets)",
        "perceptron": "perceptron(data, w = zeros, b = 0, rate = 1, epochs = 100, rows = \"update\" | \"epoch\")",
        "mlp": "mlp([inputs, hidden..., outputs], activation = \"relu\", output = \"identity\", init = \"xavier\", seed = 0)",
        "train": "train(model, data, epochs = 100, rate = 0.1, momentum = 0, loss = \"cross_entropy\", batch = 0, seed = 0)",
        "accuracy": "accuracy(model, data)",
        "predict": "predict(model, data)",
        "boundary": "boundary(model, data)",
        "descent": "descent(f, start = 0, rate = 0.1, steps = 10)",
    ]

    /// Keyword arguments by name, positional ones in `order`; unknown keywords are errors.
    struct Arguments {
        var values: [String: ArgumentValue] = [:]

        init(_ name: String, _ arguments: [ArgumentValue], order: [String], at position: Position) throws(RuntimeError) {
            let positional = arguments.filter { $0.label == nil }
            guard positional.count <= order.count else {
                throw RuntimeError(
                    position: position,
                    message: "'\(name)' takes at most \(order.count) argument\(order.count == 1 ? "" : "s") without names, got \(positional.count)",
                    notes: ["usage: \(Learning.signatures[name] ?? name)"])
            }
            for (key, argument) in zip(order, positional) { values[key] = argument }
            for argument in arguments {
                guard let label = argument.label else { continue }
                guard order.contains(label) else {
                    throw RuntimeError(
                        position: argument.position, message: "'\(name)' has no parameter '\(label)'",
                        notes: [Suggest.note(for: label, among: order) ?? "usage: \(Learning.signatures[name] ?? name)"])
                }
                guard values[label] == nil else {
                    throw RuntimeError(position: argument.position, message: "'\(label)' is given twice")
                }
                values[label] = argument
            }
        }

        func required(_ key: String, _ name: String, at position: Position) throws(RuntimeError) -> ArgumentValue {
            guard let v = values[key] else {
                throw RuntimeError(position: position, message: "'\(name)' needs its argument '\(key)'", notes: ["usage: \(Learning.signatures[name] ?? name)"])
            }
            return v
        }

        func number(_ key: String, default value: Double, _ m: Machine, of name: String) throws(RuntimeError) -> Double {
            guard let a = values[key] else { return value }
            return try m.scalarArgument(a, of: name)
        }

        func count(_ key: String, default value: Int, _ m: Machine, of name: String, range: ClosedRange<Int>) throws(RuntimeError) -> Int {
            guard let a = values[key] else { return value }
            let x = try m.scalarArgument(a, of: name)
            guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
                throw RuntimeError(
                    position: a.expression.position,
                    message: "'\(key)' of '\(name)' must be a whole number from \(range.lowerBound) to \(Machine.grouped(range.upperBound)), got \(NumberFormat.automatic.format(x))")
            }
            return Int(x)
        }

        func string(_ key: String, default value: String, of name: String) throws(RuntimeError) -> String {
            guard let a = values[key] else { return value }
            guard case .string(let s) = a.value else {
                throw RuntimeError(position: a.expression.position, message: "'\(key)' of '\(name)' must be a string, got \(a.value.typeName)")
            }
            return s
        }
    }

    static func dataset(_ a: ArgumentValue, of name: String) throws(RuntimeError) -> Dataset {
        guard case .dataset(let d) = a.value else {
            throw RuntimeError(position: a.expression.position, message: "'\(a.expression.text)' is a \(a.value.typeName), not a data set")
        }
        return d
    }

    static func model(_ a: ArgumentValue, of name: String) throws(RuntimeError) -> Model {
        guard case .model(let m) = a.value else {
            throw RuntimeError(position: a.expression.position, message: "'\(a.expression.text)' is a \(a.value.typeName), not a model")
        }
        return m
    }

    /// Steps charged for any call of these functions before its own work: reading keyword
    /// arguments and building data sets and models cost about that many plain steps, so an
    /// answer that calls `gate("xor")` at every point pays for it.
    static let callCost = 20

    static func apply(_ name: String, _ arguments: [ArgumentValue], machine m: Machine, at position: Position) throws(RuntimeError) -> Value {
        try m.tick(callCost, at: position)
        switch name {
        case "gate":
            let args = try Arguments(name, arguments, order: ["name"], at: position)
            let gateName = try args.string("name", default: "", of: name)
            guard let gate = Dataset.Gate(rawValue: gateName.lowercased()) else {
                let names = Dataset.Gate.allCases.map(\.rawValue)
                throw RuntimeError(
                    position: args.values["name"]?.expression.position ?? position, message: "unknown gate '\(gateName)'",
                    notes: [Suggest.note(for: gateName.lowercased(), among: names) ?? "gates: " + names.joined(separator: ", ")])
            }
            return .dataset(Dataset.logicGate(gate))
        case "spiral":
            let args = try Arguments(name, arguments, order: ["points", "classes", "seed"], at: position)
            let points = try args.count("points", default: 100, m, of: name, range: 1...100_000)
            let classes = try args.count("classes", default: 3, m, of: name, range: 2...10)
            let seed = try args.count("seed", default: 0, m, of: name, range: 0...Int(Int32.max))
            try m.allocate(points * classes * (2 + classes), at: position)
            return .dataset(Dataset.spiral(pointsPerClass: points, classes: classes, seed: UInt64(seed)))
        case "sine_data":
            let args = try Arguments(name, arguments, order: ["points", "noise", "seed"], at: position)
            let points = try args.count("points", default: 64, m, of: name, range: 2...100_000)
            let noise = try args.number("noise", default: 0, m, of: name)
            let seed = try args.count("seed", default: 0, m, of: name, range: 0...Int(Int32.max))
            try m.allocate(points * 2, at: position)
            return .dataset(Dataset.sine(count: points, noise: noise, seed: UInt64(seed)))
        case "dataset":
            let args = try Arguments(name, arguments, order: ["inputs", "targets"], at: position)
            let x = try m.numberArgument(try args.required("inputs", name, at: position), of: name).value
            var t = try m.numberArgument(try args.required("targets", name, at: position), of: name).value
            guard x.rank == 2 else { throw RuntimeError(position: position, message: "the inputs of a data set are a matrix (one row per sample), got \(Tensor.describe(shape: x.shape))") }
            if t.rank == 1 { t = Tensor(shape: [t.count, 1], scalars: t.scalars) }
            guard t.rank == 2, t.shape[0] == x.shape[0] else {
                throw RuntimeError(position: position, message: "a data set needs one target row per input row: \(Tensor.describe(shape: x.shape)) and \(Tensor.describe(shape: t.shape))")
            }
            // Whole 0/1 (or class-number) targets in one column are also class labels.
            let labels = t.shape[1] == 1 && t.scalars.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 < 100 } ? t.scalars.map { Int($0) } : []
            return .dataset(Dataset(name: "data", inputs: x, targets: t, labels: labels))
        case "perceptron":
            let (model, _) = try perceptron(arguments, machine: m, at: position, table: false)
            return .model(model)
        case "mlp":
            let args = try Arguments(name, arguments, order: ["sizes", "activation", "output", "init", "seed"], at: position)
            let sizesArgument = try args.required("sizes", name, at: position)
            let sizesValue = try m.numberArgument(sizesArgument, of: name).value
            let valid = sizesValue.scalars.allSatisfy { $0 == $0.rounded() && $0 >= 1 && $0 <= 4096 }
            let sizes = valid ? sizesValue.scalars.map { Int($0) } : []
            guard sizesValue.rank == 1, sizes.count >= 2 else {
                throw RuntimeError(
                    position: sizesArgument.expression.position,
                    message: "the sizes of an mlp are a list of whole numbers from 1 to 4096, inputs first, e.g. [2, 10, 3]")
            }
            let hidden = try activation(try args.string("activation", default: "relu", of: name), args.values["activation"], m, at: position)
            let output = try activation(try args.string("output", default: "identity", of: name), args.values["output"], m, at: position)
            let initName = try args.string("init", default: "xavier", of: name)
            let initializers: [String: Initializer] = ["xavier": .xavierNormal, "xavier_uniform": .xavierUniform, "he": .heNormal, "zeros": .constant(0)]
            guard let initializer = initializers[initName] else {
                throw RuntimeError(
                    position: args.values["init"]?.expression.position ?? position, message: "unknown initialiser '\(initName)'",
                    notes: ["initialisers: " + initializers.keys.sorted().joined(separator: ", ")])
            }
            let seed = try args.count("seed", default: 0, m, of: name, range: 0...Int(Int32.max))
            var parameterCount = 0
            for i in 0..<(sizes.count - 1) { parameterCount += (sizes[i] + 1) * sizes[i + 1] }
            try m.allocate(parameterCount, at: position)
            return .model(Model(kind: .mlp(MLP(sizes: sizes, hidden: hidden, output: output, initializer: initializer, seed: UInt64(seed)))))
        case "train":
            return .model(try train(arguments, machine: m, at: position))
        case "descent":
            return try descent(arguments, machine: m, at: position, table: false).0
        case "accuracy":
            let args = try Arguments(name, arguments, order: ["model", "data"], at: position)
            let model = try Learning.model(try args.required("model", name, at: position), of: name)
            let data = try dataset(try args.required("data", name, at: position), of: name)
            try checkFits(model, data, at: position)
            guard !data.labels.isEmpty else {
                throw RuntimeError(position: position, message: "accuracy needs a classification data set (with class labels)")
            }
            let predicted = try m.classes(model, data.inputs, at: position)
            let correct = zip(predicted, data.labels).filter { $0 == $1 }.count
            return .number(m.constant(Tensor(Double(correct) / Double(data.count))))
        case "predict":
            let args = try Arguments(name, arguments, order: ["model", "data"], at: position)
            let model = try Learning.model(try args.required("model", name, at: position), of: name)
            let data = try dataset(try args.required("data", name, at: position), of: name)
            try checkFits(model, data, at: position)
            return .number(m.constant(try m.forward(model, data.inputs, at: position)))
        case "boundary":
            let args = try Arguments(name, arguments, order: ["model", "data"], at: position)
            let model = try Learning.model(try args.required("model", name, at: position), of: name)
            let data = try dataset(try args.required("data", name, at: position), of: name)
            try checkFits(model, data, at: position)
            return .boundary(model, data)
        default:
            throw RuntimeError(position: position, message: "unknown function '\(name)'")
        }
    }

    static func activation(_ name: String, _ argument: ArgumentValue?, _ m: Machine, at position: Position) throws(RuntimeError) -> Activation {
        do {
            return try Activation(name)
        } catch {
            let names = Catalogue.names.filter { Catalogue.function(named: $0)?.operandCount == 1 }
            throw RuntimeError(
                position: argument?.expression.position ?? position, message: "unknown activation '\(name)'",
                notes: Suggest.note(for: name, among: names).map { [$0] } ?? [])
        }
    }

    static func checkFits(_ model: Model, _ data: Dataset, at position: Position) throws(RuntimeError) {
        guard model.sizes[0] == data.featureCount else {
            throw RuntimeError(
                position: position,
                message: "the model takes \(model.sizes[0]) input\(model.sizes[0] == 1 ? "" : "s") but the data set '\(data.name)' has \(data.featureCount)")
        }
    }

    static func train(_ arguments: [ArgumentValue], machine m: Machine, at position: Position) throws(RuntimeError) -> Model {
        let name = "train"
        let args = try Arguments(name, arguments, order: ["model", "data", "epochs", "rate", "momentum", "loss", "batch", "seed", "clip"], at: position)
        var model = try Learning.model(try args.required("model", name, at: position), of: name)
        let data = try dataset(try args.required("data", name, at: position), of: name)
        try checkFits(model, data, at: position)
        guard case .mlp(let network) = model.kind else {
            throw RuntimeError(position: position, message: "train takes an mlp; a perceptron learns with 'trace p = perceptron(data, ...)'")
        }
        let epochs = try args.count("epochs", default: 100, m, of: name, range: 1...1_000_000)
        let rate = try args.number("rate", default: 0.1, m, of: name)
        let momentum = try args.number("momentum", default: 0, m, of: name)
        let batch = try args.count("batch", default: 0, m, of: name, range: 0...1_000_000)
        let seed = try args.count("seed", default: 0, m, of: name, range: 0...Int(Int32.max))
        let clip = try args.values["clip"].map { (a) throws(RuntimeError) -> Double in try m.scalarArgument(a, of: name) }
        let lossName = try args.string("loss", default: data.labels.isEmpty ? "mse_loss" : "cross_entropy", of: name)
        guard let loss = LossFunction(rawValue: lossName) else {
            let names = LossFunction.allCases.map(\.rawValue)
            throw RuntimeError(
                position: args.values["loss"]?.expression.position ?? position, message: "unknown loss '\(lossName)'",
                notes: [Suggest.note(for: lossName, among: names) ?? "losses: " + names.joined(separator: ", ")])
        }
        guard rate > 0, rate.isFinite, momentum >= 0, momentum < 1 else {
            throw RuntimeError(position: position, message: "the rate must be positive and the momentum from 0 up to (not including) 1")
        }
        if loss == .softmaxCrossEntropy, data.labels.isEmpty, data.targets.shape[1] != model.sizes.last {
            throw RuntimeError(position: position, message: "cross_entropy needs class labels or one target column per output")
        }
        if loss == .softmaxCrossEntropy, let top = data.labels.max(), top >= model.sizes.last ?? 0 {
            throw RuntimeError(
                position: position,
                message: "the data set '\(data.name)' has class \(top) but the model has only \(model.sizes.last ?? 0) outputs (classes 0 to \((model.sizes.last ?? 1) - 1))")
        }
        if loss != .softmaxCrossEntropy, data.targets.shape[1] != model.sizes.last {
            throw RuntimeError(
                position: position,
                message: "the model has \(model.sizes.last ?? 0) outputs but the data set '\(data.name)' has \(data.targets.shape[1]) target columns")
        }
        // A step holds every layer's activations and their gradients for the batch rows.
        let rows = batch == 0 ? data.count : min(batch, data.count)
        let (activations, big) = rows.multipliedReportingOverflow(by: 4 * model.sizes.reduce(0, +))
        try m.checkTransient(big ? Int.max : activations + 4 * network.parameterCount, at: position)
        // Each epoch costs about 6 multiply-adds per weight per sample (forward, backward, update).
        let perEpoch = 6 * network.parameterCount * data.count + data.count
        let (estimate, overflow) = perEpoch.multipliedReportingOverflow(by: epochs)
        if overflow || m.steps + estimate > m.budget.steps {
            m.exhausted = true
            throw RuntimeError(
                position: position,
                message: "execution budget exhausted: training would take about \(overflow ? "more than \(Machine.grouped(Int.max))" : Machine.grouped(estimate)) steps, more than the \(Machine.grouped(m.budget.steps - m.steps)) left",
                notes: ["use fewer epochs, fewer points or a smaller network"])
        }
        try m.tick(estimate, at: position)
        var trainer = Trainer(model: network, optimizer: SGD(learningRate: rate, momentum: momentum), loss: loss, clipNorm: clip)
        do {
            try trainer.train(on: data, epochs: epochs, batchSize: batch == 0 ? nil : batch, seed: UInt64(seed))
        } catch {
            throw RuntimeError(position: position, message: error.description)
        }
        // The history is one loss per step; report one per epoch (the epoch's mean).
        let steps = trainer.lossHistory
        let perEpochSteps = max(1, steps.count / epochs)
        let history = stride(from: 0, to: steps.count, by: perEpochSteps).map { start in
            let slice = steps[start..<min(start + perEpochSteps, steps.count)]
            return slice.reduce(0, +) / Double(slice.count)
        }
        model.kind = .mlp(trainer.model)
        model.lossHistory += history
        return model
    }

    /// The perceptron learning rule, one row per sample: y = step(w·x + b), e = t − y,
    /// w ← w + η·e·x, b ← b + η·e; stops after the first epoch without an error.
    /// `table: false` skips formatting the trace's rows (a call outside `trace`), so the steps
    /// charged stay proportional to the work done.
    static func perceptron(_ arguments: [ArgumentValue], machine m: Machine, at position: Position, table: Bool = true) throws(RuntimeError) -> (Model, Table) {
        let name = "perceptron"
        let args = try Arguments(name, arguments, order: ["data", "w", "b", "rate", "epochs", "rows"], at: position)
        let data = try dataset(try args.required("data", name, at: position), of: name)
        guard data.targets.shape[1] == 1 else {
            throw RuntimeError(position: position, message: "a perceptron learns one 0/1 output; this data set has \(data.targets.shape[1]) target columns")
        }
        var weights = [Double](repeating: 0, count: data.featureCount)
        if let w = args.values["w"] {
            let v = try m.numberArgument(w, of: name).value
            guard v.count == data.featureCount, v.rank <= 1 else {
                throw RuntimeError(
                    position: w.expression.position,
                    message: "w must have one weight per input (\(data.featureCount)), got \(Tensor.describe(shape: v.shape))")
            }
            weights = v.scalars
        }
        var p = Perceptron(weights: weights, bias: try args.number("b", default: 0, m, of: name))
        let rate = try args.number("rate", default: 1, m, of: name)
        let epochs = try args.count("epochs", default: 100, m, of: name, range: 1...10_000)
        let granularity = try args.string("rows", default: "update", of: name)
        guard granularity == "update" || granularity == "epoch" else {
            throw RuntimeError(
                position: args.values["rows"]?.expression.position ?? position,
                message: "rows of a perceptron trace are \"update\" (one per sample) or \"epoch\" (one per pass), not \"\(granularity)\"")
        }
        var epochRows: [[String]] = []
        let f = NumberFormat.automatic
        func vector(_ v: [Double]) -> String { "[" + v.map(f.format).joined(separator: ", ") + "]" }
        var rows: [[String]] = []
        var history: [Double] = []
        let features = data.featureCount
        for epoch in 1...epochs {
            var mistakes = 0
            for i in 0..<data.count {
                try m.tick(features * 4, at: position)
                let x = Array(data.inputs.scalars[(i * features)..<((i + 1) * features)])
                let t = data.targets.scalars[i]
                let y = p.predict(x)
                let e = t - y
                if e != 0 {
                    mistakes += 1
                    for j in p.weights.indices { p.weights[j] += rate * e * x[j] }
                    p.bias += rate * e
                }
                if table { rows.append([String(epoch), vector(x), f.format(t), f.format(y), f.format(e), vector(p.weights), f.format(p.bias)]) }
            }
            guard epoch * data.count <= 10_000 else {
                throw RuntimeError(position: position, message: "a trace has at most 10,000 rows; use fewer epochs")
            }
            history.append(Double(mistakes))
            if table { epochRows.append([String(epoch), String(mistakes), vector(p.weights), f.format(p.bias)]) }
            if mistakes == 0 { break }
        }
        var model = Model(kind: .perceptron(p))
        model.lossHistory = history
        if granularity == "epoch" {
            return (model, Table(caption: nil, header: ["epoch", "mistakes", "w", "b"], rows: epochRows))
        }
        return (model, Table(caption: nil, header: ["epoch", "x", "t", "y", "e", "w", "b"], rows: rows))
    }
}

extension ChapterSession {
    /// `trace p = perceptron(...)`: the algorithm's steps as a table, its result bound to `p`.
    static let traceable = ["descent", "perceptron", "train"]

    func trace(_ call: Expr, at position: Position) throws(RuntimeError) -> (Value, Table) {
        let m = machine
        guard case .call(let callee, let arguments) = call.kind, case .name(let name) = callee.kind,
            ChapterSession.traceable.contains(name), m.globals[name] == nil
        else {
            throw RuntimeError(
                position: call.position,
                message: "trace needs a call of a traceable algorithm, as in 'trace p = perceptron(gate(\"and\"), rate = 0.1)'",
                notes: ["traceable: " + ChapterSession.traceable.joined(separator: ", ")])
        }
        var values: [ArgumentValue] = []
        for argument in arguments {
            values.append(ArgumentValue(label: argument.label, value: try m.evaluate(argument.value), expression: argument.value, labelPosition: argument.labelPosition))
        }
        switch name {
        case "perceptron":
            let (model, table) = try Learning.perceptron(values, machine: m, at: call.position)
            return (.model(model), table)
        case "train":
            // Rows for this training only, not the history the model already had.
            let given = values.first { $0.label == "model" } ?? values.first { $0.label == nil }
            var before = 0
            if case .model(let earlier)? = given?.value { before = earlier.lossHistory.count }
            let model = try Learning.train(values, machine: m, at: call.position)
            let rows = model.lossHistory.enumerated().dropFirst(before).map { [String($0.offset + 1), NumberFormat.automatic.format($0.element)] }
            guard rows.count <= 10_000 else {
                throw RuntimeError(position: call.position, message: "a trace has at most 10,000 rows; use fewer epochs or train without 'trace'")
            }
            return (.model(model), Table(caption: nil, header: ["epoch", "loss"], rows: rows))
        default:
            return try Learning.descent(values, machine: m, at: call.position)
        }
    }
}

extension Learning {
    /// Steps charged per step of `descent` besides those of f itself (see `descent`).
    static let descentStepCost = 20

    /// Gradient descent on a function of one variable, step by step: x ← x − η·f′(x).
    /// `table: false` skips the trace's rows (a call outside `trace`, as in an answer). Each step
    /// is charged `descentStepCost` on top of what f ticks: two calls, a scratch tape and a
    /// derivative cost about that many plain steps, so the budget tracks the time taken.
    static func descent(_ arguments: [ArgumentValue], machine m: Machine, at position: Position, table: Bool = true) throws(RuntimeError) -> (Value, Table) {
        let name = "descent"
        let args = try Arguments(name, arguments, order: ["f", "start", "rate", "steps"], at: position)
        let fArgument = try args.required("f", name, at: position)
        guard case .function(let f) = fArgument.value else {
            throw RuntimeError(position: fArgument.expression.position, message: "descent needs a function of one variable, got \(fArgument.value.typeName)")
        }
        var x = try args.number("start", default: 0, m, of: name)
        let rate = try args.number("rate", default: 0.1, m, of: name)
        let steps = try args.count("steps", default: 10, m, of: name, range: 1...10_000)
        let format = NumberFormat.automatic
        var rows: [[String]] = []
        for step in 0...steps {
            try m.tick(descentStepCost, at: position)
            let point = ArgumentValue(label: nil, value: .number(m.constant(Tensor(x))), expression: fArgument.expression)
            guard case .number(let y) = try m.apply(f, [point], at: position, calleeText: f.name), y.value.count == 1 else {
                throw RuntimeError(position: fArgument.expression.position, message: "'\(fArgument.expression.text)' must give a single number")
            }
            let slope = try m.derivative(of: f, at: m.constant(Tensor(x)), argument: point, at: position).value.scalars[0]
            if table { rows.append([String(step), format.format(x), format.format(y.value.scalars[0]), format.format(slope)]) }
            if step < steps { x -= rate * slope }
        }
        return (.number(m.constant(Tensor(x))), Table(caption: nil, header: ["step", "x", "f(x)", "f'(x)"], rows: rows))
    }
}
