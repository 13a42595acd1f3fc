import Diagnostics
import Foundation
import NNLanguage
import Testing

@Suite struct LearningTests {
    /// The perceptron rule for AND from w = (0, 0), b = 0, η = 0.1, replayed here in Swift.
    @Test func perceptronTraceForAndMatchesTheRule() throws {
        let session = ChapterSession(file: "Content/03.md")
        let outputs = try session.run(block: """
            trace "AND の学習" p = perceptron(gate("and"), w = [0, 0], b = 0, rate = 0.1, epochs = 20)
            show p.w, p.b
            truth_table p over x1, x2 in {0, 1}
            """, firstLine: 1)
        guard case .table(let trace) = outputs[0], case .table(let truth) = outputs[3] else {
            Issue.record("expected tables")
            return
        }
        #expect(trace.caption == "AND の学習")
        #expect(trace.header == ["epoch", "x", "t", "y", "e", "w", "b"])
        var w = [0.0, 0.0], b = 0.0
        var expected: [[String]] = []
        let samples: [([Double], Double)] = [([0, 0], 0), ([0, 1], 0), ([1, 0], 0), ([1, 1], 1)]
        func g(_ x: Double) -> String { NumberFormat.automatic.format(x) }
        epochs: for epoch in 1...20 {
            var mistakes = 0
            for (x, t) in samples {
                let y: Double = w[0] * x[0] + w[1] * x[1] + b > 0 ? 1 : 0
                let e = t - y
                if e != 0 {
                    mistakes += 1
                    w = [w[0] + 0.1 * e * x[0], w[1] + 0.1 * e * x[1]]
                    b += 0.1 * e
                }
                expected.append(["\(epoch)", "[\(g(x[0])), \(g(x[1]))]", g(t), g(y), g(e), "[\(g(w[0])), \(g(w[1]))]", g(b)])
            }
            if mistakes == 0 { break epochs }
        }
        #expect(trace.rows == expected)
        // The source's first update: after (1, 1) in epoch 1, w = (0.1, 0.1), b = 0.1.
        #expect(trace.rows[3] == ["1", "[1, 1]", "1", "0", "1", "[0.1, 0.1]", "0.1"])
        #expect(shown(outputs).count == 2)
        #expect(truth.rows.map { $0.last! } == ["0", "0", "0", "1"])
    }

    @Test func perceptronTraceEpochByEpoch() throws {
        let outputs = try run("""
            trace p = perceptron(gate("and"), rate = 0.1, rows = "epoch")
            trace q = perceptron(gate("and"), rate = 0.1)
            """)
        guard case .table(let epochs) = outputs[0], case .table(let updates) = outputs[1] else { Issue.record("no tables"); return }
        #expect(epochs.header == ["epoch", "mistakes", "w", "b"])
        // Each epoch row summarises the four update rows of that epoch.
        #expect(epochs.rows.count * 4 == updates.rows.count)
        for (k, row) in epochs.rows.enumerated() {
            let last = updates.rows[4 * k + 3]
            let mistakes = updates.rows[(4 * k)..<(4 * k + 4)].filter { $0[4] != "0" }.count
            #expect(row == [String(k + 1), String(mistakes), last[5], last[6]])
        }
        #expect(epochs.rows.last?[1] == "0")
    }

    @Test func perceptronNeverConvergesOnXor() throws {
        let outputs = try run("""
            trace p = perceptron(gate("xor"), rate = 0.1, epochs = 30)
            show p.history[29]
            """)
        guard case .table(let trace) = outputs[0] else { Issue.record("no table"); return }
        #expect(trace.rows.count == 30 * 4)
        #expect(shown(outputs) != ["p.history[29] = 0"])
    }

    @Test func spiralMlpLearnsWhatALinearModelCannot() throws {
        let session = ChapterSession(file: "Benchmarks/spiral.nn")
        let outputs = try session.run(block: """
            data = spiral(points = 50, classes = 3, seed = 0)
            net = mlp([2, 10, 3], activation = "relu", seed = 1)
            before = accuracy(net, data)
            net = train(net, data, epochs = 400, rate = 1)
            after = accuracy(net, data)
            linear = train(mlp([2, 3], seed = 1), data, epochs = 400, rate = 1)
            show before, after, accuracy(linear, data), len(net.history)
            """, firstLine: 1)
        let values = shown(outputs).map { Double($0.split(separator: "=").last!.trimmingCharacters(in: .whitespaces)) ?? -1 }
        #expect(values[1] > 0.85)
        #expect(values[1] > values[0] + 0.3)
        #expect(values[2] < 0.7)
        #expect(values[3] == 400)
        let history = try session.inline("net.history[399] < net.history[0]", format: nil, at: location(line: 1, column: 1))
        #expect(history == "1")
    }

    @Test func benchmarkScriptRuns() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/spiral.nn")
        let source = try String(contentsOf: url, encoding: .utf8)
        let outputs = try ChapterSession(file: "Benchmarks/spiral.nn").run(block: source, firstLine: 1)
        let plots = outputs.compactMap { if case .plot(let p) = $0 { p.name } else { nil } }
        #expect(plots == ["spiral-loss-per-epoch", "spiral-decision-regions"])
    }

    @Test func regressionModelIsCallableAndPlottable() throws {
        let outputs = try run("""
            data = sine_data(points = 32)
            net = train(mlp([1, 16, 1], activation = "tanh", seed = 2), data, epochs = 300, rate = 0.1, loss = "mse_loss")
            show net(0) | .2f
            plot "sin" x in -3 .. 3: sin(x), net(x)
            plot "data" data
            """)
        #expect(shown(outputs).count == 1)
        #expect(outputs.filter { if case .plot = $0 { true } else { false } }.count == 2)
    }

    @Test func trainingMistakesAreDiagnosed() {
        let text = { (s: String) in diagnostics(s).map(\.description).joined(separator: "\n") }
        #expect(text("net = mlp([2, 3])\nnet = train(net, gate(\"and\"), los = \"mse_loss\")") == """
            Content/03.md:2:31: error: 'train' has no parameter 'los'
            2 | net = train(net, gate("and"), los = "mse_loss")
              |                               ^
            note: did you mean 'loss'?
            """)
        #expect(text("net = mlp([3, 2])\nshow accuracy(net, gate(\"and\"))") == """
            Content/03.md:2:6: error: the model takes 3 inputs but the data set 'AND' has 2
            2 | show accuracy(net, gate("and"))
              |      ^
            """)
        #expect(text("d = gate(\"xnor\")") == """
            Content/03.md:1:10: error: unknown gate 'xnor'
            1 | d = gate("xnor")
              |          ^
            note: did you mean 'nor'?
            """)
    }
}

@Suite struct TraceTests {
    @Test func gradientDescentTraceFollowsTheUpdateRule() throws {
        let outputs = try run("""
            f(x) = (x - 3)^2
            trace x_min = descent(f, start = 0, rate = 0.1, steps = 3)
            show x_min
            """)
        guard case .table(let table) = outputs[0] else { Issue.record("no table"); return }
        #expect(table.header == ["step", "x", "f(x)", "f'(x)"])
        var x = 0.0, expected: [[String]] = []
        for step in 0...3 {
            let f = NumberFormat.automatic
            expected.append([String(step), f.format(x), f.format((x - 3) * (x - 3)), f.format(2 * (x - 3))])
            if step < 3 { x -= 0.1 * 2 * (x - 3) }
        }
        #expect(table.rows == expected)
        #expect(shown(outputs) == ["x_min = \(NumberFormat.automatic.format(x))"])
    }

    @Test func trainingTraceShowsTheLossPerEpoch() throws {
        let outputs = try run("""
            data = gate("xor")
            net = mlp([2, 4, 1], activation = "tanh", output = "sigmoid", seed = 3)
            trace "XOR" net = train(net, data, epochs = 5, rate = 0.5, loss = "binary_cross_entropy")
            trace net = train(net, data, epochs = 3, rate = 0.5, loss = "binary_cross_entropy")
            show len(net.history)
            """)
        guard case .table(let first) = outputs[0], case .table(let second) = outputs[1] else { Issue.record("no tables"); return }
        #expect(first.header == ["epoch", "loss"])
        #expect(first.rows.map(\.first) == ["1", "2", "3", "4", "5"])
        #expect(second.rows.map(\.first) == ["6", "7", "8"])
        #expect(shown(outputs) == ["len(net.history) = 8"])
    }

    @Test func onlyTraceableAlgorithms() {
        #expect(diagnostics("trace y = sigmoid(1)").map(\.message) == [
            "trace needs a call of a traceable algorithm, as in 'trace p = perceptron(gate(\"and\"), rate = 0.1)'",
        ])
    }
}
