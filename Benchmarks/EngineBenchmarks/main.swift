// Engine benchmarks: the scalar worked example and the spiral MLP, timed in-process.
//
//   EngineBenchmarks scalar [iterations] [repeats]   → JSON: per-iteration times, gradients
//   EngineBenchmarks mlp [epochs] [repeats]          → JSON: run times, final loss, FLOP count
//   EngineBenchmarks export                          → JSON: spiral data + initial weights, for
//                                                      the Python implementations
//
// Benchmarks/run-engine.sh runs all of these beside the Python scripts and prints the table.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNEngine

/// CPU time of this thread: on a shared machine, time spent waiting for a core is not counted
/// (the Python scripts measure the same way, with time.thread_time()).
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func json(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }

/// x=2, t=1, w1=w2=0.5: a1=w1·x, h1=σ(a1), a2=w2·h1, y=σ(a2), L=½(y−t)², forward and backward.
func scalarBenchmark(iterations: Int, repeats: Int) throws {
    let tape = Tape()
    let x = tape.constant(2), t = tape.constant(1)
    let w1 = tape.parameter(0.5), w2 = tape.parameter(0.5)
    let sigmoid = Activation.sigmoid
    let base = tape.count
    var gradients = (0.0, 0.0, 0.0)
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        for _ in 0..<iterations {
            let a1 = try w1 * x
            let h1 = try a1.activated(sigmoid)
            let a2 = try w2 * h1
            let y = try a2.activated(sigmoid)
            let d = try y - t
            let loss = try (d * d).scaled(by: 0.5)
            let g = tape.gradients(of: loss)
            gradients = (loss.value.scalars[0], g[w1].scalars[0], g[w2].scalars[0])
            tape.truncate(to: base)
        }
        times.append((now() - start) / Double(iterations))
    }
    print("""
        {"benchmark": "scalar", "implementation": "NNEngine", "iterations": \(iterations), \
        "seconds_per_iteration": \(json(times)), "median": \(median(times)), \
        "loss": \(gradients.0), "dL_dw1": \(gradients.1), "dL_dw2": \(gradients.2)}
        """)
}

let spiralSeed: UInt64 = 0
let weightSeed: UInt64 = 0

func initialModel() -> MLP {
    MLP(sizes: [2, 10, 3], hidden: .relu, output: .identity, initializer: .heNormal, seed: weightSeed)
}

/// Floating-point operations of one full-batch epoch of the 2-10-3 network on n points
/// (multiply and add counted separately; exp and log counted as one each).
func flopsPerEpoch(n: Int, input: Int = 2, hidden: Int = 10, classes: Int = 3) -> Int {
    let forward = 2 * n * input * hidden + n * hidden  // X·W1, + b1
        + n * hidden  // relu
        + 2 * n * hidden * classes + n * classes  // H·W2, + b2
        + 5 * n * classes  // max-shift, exp, sum, divide, loss
    let backward = 2 * n * classes  // p − onehot, scale
        + 2 * hidden * n * classes + n * classes  // dW2 = Hᵀ·G, db2
        + 2 * n * classes * hidden + n * hidden  // dH = G·W2ᵀ, relu mask
        + 2 * input * n * hidden + n * hidden  // dW1 = Xᵀ·dH, db1
    let update = 2 * (input * hidden + hidden + hidden * classes + classes)
    return forward + backward + update
}

func mlpBenchmark(epochs: Int, repeats: Int) throws {
    let data = Dataset.spiral(pointsPerClass: 100, classes: 3, seed: spiralSeed)
    var times: [Double] = []
    var finalLoss = 0.0, firstLoss = 0.0, accuracy = 0.0
    for _ in 0..<repeats {
        var trainer = Trainer(model: initialModel(), optimizer: SGD(learningRate: 1.0), loss: .softmaxCrossEntropy)
        let start = now()
        try trainer.train(on: data, epochs: epochs)
        times.append(now() - start)
        finalLoss = try trainer.evaluate(on: data)
        firstLoss = trainer.lossHistory[0]
        accuracy = try trainer.accuracy(on: data)
    }
    let flops = flopsPerEpoch(n: data.count) * epochs
    print("""
        {"benchmark": "mlp", "implementation": "NNEngine", "epochs": \(epochs), "seconds": \(json(times)), \
        "median": \(median(times)), "first_loss": \(firstLoss), "final_loss": \(finalLoss), \
        "accuracy": \(accuracy), "flops": \(flops)}
        """)
}

/// What one core sustains on multiply-adds from L1 cache in this build (default Swift flags): a
/// dot product of two 2 048-element vectors with eight independent partial sums, many times.
/// The MLP's GFLOP/s is reported against this.
func peakBenchmark(repeats: Int) {
    let n = 2048
    let a = (0..<n).map { Double($0 % 7) * 0.25 + 1 }, b = (0..<n).map { 1 / (Double($0 % 5) + 1) }
    var rates: [Double] = []
    var sink = 0.0
    let rounds = 20_000
    for _ in 0..<repeats {
        let start = now()
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for r in 0..<rounds {
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
                    var i = 0
                    while i < n {
                        s0 += pa[i] * pb[i]; s1 += pa[i &+ 1] * pb[i &+ 1]
                        s2 += pa[i &+ 2] * pb[i &+ 2]; s3 += pa[i &+ 3] * pb[i &+ 3]
                        s4 += pa[i &+ 4] * pb[i &+ 4]; s5 += pa[i &+ 5] * pb[i &+ 5]
                        s6 += pa[i &+ 6] * pb[i &+ 6]; s7 += pa[i &+ 7] * pb[i &+ 7]
                        i &+= 8
                    }
                    sink += (s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7) * Double(r & 1)
                }
            }
        }
        let seconds = now() - start
        rates.append(Double(2 * n * rounds) / seconds)
    }
    print("""
        {"benchmark": "peak", "implementation": "NNEngine", "flops_per_second": \(json(rates)), \
        "median": \(median(rates)), "checksum": \(sink)}
        """)
}

func export() {
    let data = Dataset.spiral(pointsPerClass: 100, classes: 3, seed: spiralSeed)
    let model = initialModel()
    let p = model.parameters
    print("""
        {"X": \(json(data.inputs.scalars)), "y": [\(data.labels.map(String.init).joined(separator: ", "))], \
        "W1": \(json(p[0].scalars)), "b1": \(json(p[1].scalars)), "W2": \(json(p[2].scalars)), \
        "b2": \(json(p[3].scalars)), "shapes": {"X": [300, 2], "W1": [2, 10], "W2": [10, 3]}}
        """)
}

let arguments = CommandLine.arguments.dropFirst()
let mode = arguments.first ?? "all"
let numbers = arguments.dropFirst().compactMap { Int($0) }
do {
    switch mode {
    case "scalar": try scalarBenchmark(iterations: numbers.first ?? 100_000, repeats: numbers.dropFirst().first ?? 7)
    case "mlp": try mlpBenchmark(epochs: numbers.first ?? 500, repeats: numbers.dropFirst().first ?? 7)
    case "export": export()
    case "peak": peakBenchmark(repeats: numbers.first ?? 7)
    default:
        try scalarBenchmark(iterations: 100_000, repeats: 7)
        try mlpBenchmark(epochs: 500, repeats: 7)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
