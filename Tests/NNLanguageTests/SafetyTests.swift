import Diagnostics
import Foundation
import NNLanguage
import Testing

/// Budgets, limits and determinism: a block never hangs, never exhausts memory, and gives the
/// same bytes twice.
@Suite struct SafetyTests {
    func messages(_ source: String, budget: ExecutionBudget = .standard) -> [String] {
        do {
            _ = try ChapterSession(file: "Content/x.md", budget: budget).run(block: source, firstLine: 1)
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.message)  // not the "called here" notes
        }
    }

    @Test func hugeTensorIsRefusedBeforeAllocation() {
        #expect(messages("z = zeros(100000, 100000)") == [
            "memory budget exhausted: this block would hold more than 20,000,000 numbers",
        ])
        // Broadcasting a column against a row would make 10¹² numbers: refused up front.
        #expect(messages("a = zeros(1000000, 1)\nb = zeros(1000000)\nc = a + b") == [
            "memory budget exhausted: this block would hold more than 20,000,000 numbers",
        ])
    }

    @Test func trainingActivationsAndChapterMemoryAreBounded() throws {
        #expect(messages("data = spiral(points = 100000, classes = 2)\nnet = train(mlp([2, 4000, 2]), data, epochs = 1)") == [
            "memory budget exhausted: this block would hold more than 20,000,000 numbers",
        ])
        // Each block may allocate 20 million numbers, but the chapter keeps them: the fifth fails.
        let session = ChapterSession(file: "Content/x.md")
        var failures: [String] = []
        for i in 1...5 {
            do {
                _ = try session.run(block: "big\(i) = zeros(4000, 4500)", firstLine: i)
            } catch {
                failures += error.diagnostics.map(\.message)
            }
        }
        #expect(failures == ["memory budget exhausted: this chapter would hold more than 80,000,000 numbers"])
    }

    @Test func stepBudgetStopsLongComputations() {
        let small = ExecutionBudget(steps: 10_000, scalars: 1_000_000, callDepth: 32)
        #expect(messages("v = ones(5000)\nw = v * v * v", budget: small) == [
            "execution budget exhausted: more than 10,000 steps",
        ])
        let training = messages("data = spiral()\nnet = train(mlp([2, 100, 3]), data, epochs = 1000000)")
        #expect(training.count == 1 && training[0].hasPrefix("execution budget exhausted: training would take about "))
    }

    @Test func recursionIsBoundedEvenThroughBranches() {
        // A recursive factorial stops at the call depth instead of overflowing the stack.
        #expect(messages("fact(n) = n <= 1 ? 1 : n * fact(n - 1)\nshow fact(5)\nshow fact(100)") == [
            "function calls nested more than 32 deep",
        ])
        #expect(try! run("fact(n) = n <= 1 ? 1 : n * fact(n - 1)\nshow fact(5)").count == 1)
    }

    @Test func deeplyNestedAnswersAreRejectedNotCrashed() throws {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        do {
            _ = try Expression.parse(deep, limits: ExpressionLimits(length: 20000, depth: 64, steps: 1000))
            Issue.record("parsed")
        } catch {
            #expect(error.message == "expression nested too deeply (more than 64 levels)")
        }
        do {
            _ = try Expression.parse(String(repeating: "x+", count: 1500) + "x")
            Issue.record("parsed")
        } catch {
            #expect(error.message == "expression too long: 3,001 characters, at most 2,000")
        }
        let longSum = String(repeating: "1+", count: 300) + "1"
        #expect(try Expression.parse(longSum).evaluate() == 301)
    }

    @Test func sameSourceGivesIdenticalOutputs() throws {
        let source = """
            data = spiral(points = 30, classes = 3, seed = 4)
            net = train(mlp([2, 8, 3], seed = 3), data, epochs = 50, rate = 0.5)
            show net.history[49], accuracy(net, data) | .1%
            plot "loss" net.history
            plot "regions" boundary(net, data)
            plot "curves" x in -3 .. 3: tanh(x), tanh'(x)
            trace p = perceptron(gate("or"), rate = 0.5)
            """
        let first = try run(source)
        let second = try run(source)
        #expect(first == second)
        #expect(first.count == 6)
    }

    @Test func noFileNetworkProcessOrClockNames() {
        // None of these exist in the language; each is an unknown function.
        for name in ["open", "read_file", "system", "exec", "now", "time", "http_get", "import"] {
            #expect(messages("x = \(name)(\"/etc/passwd\")") == ["unknown function '\(name)'"], "\(name)")
        }
    }
}

@Suite struct StackSafetyTests {
    @Test func longChainsAreRefusedAtParseTime() {
        let chain = "y = " + String(repeating: "1 + ", count: 5000) + "1"
        let found = diagnostics(chain).map(\.message)
        #expect(found == ["expression too long: more than 400 operations in a row"])
    }

    @Test func deepEvaluationAcrossCallsIsRefusedAtRunTime() {
        let body = String(repeating: "x + ", count: 300) + "x"
        let source = "f(x) = \(body)\ng(x) = f(x) + \(body)\nshow g(1)"
        // On a thread with a small stack, to prove the limit comes before the stack runs out.
        final class Box: @unchecked Sendable { var messages: [String] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.messages = diagnostics(source).filter { $0.severity == .error }.map(\.message)
            done.signal()
        }
        thread.stackSize = 2 * 1024 * 1024
        thread.start()
        done.wait()
        let result = box.messages
        #expect(result == ["evaluation nested more than 400 levels deep"])
    }

    @Test func absurdSizesAreDiagnosedNotTrapped() {
        for source in [
            "t = 1\ntable x in 0 .. 1e300 step 1e-300: x",
            "table x in 0 .. (0/0): x",
            "f(a, b, c, d, e2, g, h, i, j, k, l, m, n, o, p, q) = 1\ntruth_table f over a, b, c, d, e2, g, h, i, j, k, l, m, n, o, p, q in {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}",
            "net = mlp([2, 1e300, 3])",
            "net = mlp([2, 0/0, 3])",
            "net = train(mlp([1, 2]), dataset([[0], [1]], [0, 5]), loss = \"cross_entropy\")",
            "v = [1, 2]\ny = v[1e300]",
            "z = zeros(1e300)",
            "n = shape(2.5)",
            "net = mlp([2, 3])\nh = net.history\nz = h[0]",
            "net = mlp([2, 3])\nz = net.history + 1",
            "net = mlp([2, 3])\nexpect net.history == 1",
            "net = mlp([2, 3])\nz = [net.history]",
            "net = mlp([2, 3])\nz = sigmoid(net.history)",
            "d = sine_data()\nz = d.labels",
        ] {
            #expect(diagnostics(source).count == 1, "\(source)")
        }
    }
}
