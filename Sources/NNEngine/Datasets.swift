/// A small data set the course trains on: inputs as rows, targets as rows, and class labels for
/// classification sets. Every set is generated, seeded, so it is the same everywhere.
public struct Dataset: Sendable {
    public var name: String
    /// `[samples, features]`.
    public var inputs: Tensor
    /// `[samples, outputs]`: 0/1 for gates, one-hot rows for classes, y values for regression.
    public var targets: Tensor
    /// The class of each sample for classification sets (gates: the output bit); empty for regression.
    public var labels: [Int]

    public init(name: String, inputs: Tensor, targets: Tensor, labels: [Int] = []) {
        self.name = name
        self.inputs = inputs
        self.targets = targets
        self.labels = labels
    }

    public var count: Int { inputs.shape[0] }
    public var featureCount: Int { inputs.shape[1] }
    public var classCount: Int { (labels.max() ?? -1) + 1 }

    /// The two-input logic gates of the perceptron chapter.
    public enum Gate: String, Sendable, CaseIterable {
        case and, or, nand, nor, xor

        public func output(_ a: Bool, _ b: Bool) -> Bool {
            switch self {
            case .and: a && b
            case .or: a || b
            case .nand: !(a && b)
            case .nor: !(a || b)
            case .xor: a != b
            }
        }

        /// True when one straight line separates the 1s from the 0s, which decides whether a
        /// single perceptron can learn the gate (XOR is the one that cannot).
        public var isLinearlySeparable: Bool { self != .xor }
    }

    /// The truth table of `gate`: inputs (0,0), (0,1), (1,0), (1,1), targets `[4, 1]`.
    public static func logicGate(_ gate: Gate) -> Dataset {
        var inputs: [Double] = [], targets: [Double] = [], labels: [Int] = []
        for a in [false, true] {
            for b in [false, true] {
                inputs += [a ? 1 : 0, b ? 1 : 0]
                let out = gate.output(a, b)
                targets.append(out ? 1 : 0)
                labels.append(out ? 1 : 0)
            }
        }
        return Dataset(
            name: gate.rawValue.uppercased(), inputs: Tensor(shape: [4, 2], scalars: inputs),
            targets: Tensor(shape: [4, 1], scalars: targets), labels: labels)
    }

    /// The classic spiral (CS231n): `classes` arms of `pointsPerClass` points, radius 0…1, angle
    /// spread 4 radians per arm with normal noise of 0.2, as `[r·sin t, r·cos t]`. Targets are one-hot.
    public static func spiral(pointsPerClass: Int = 100, classes: Int = 3, seed: UInt64 = 0) -> Dataset {
        var random = Xoshiro256(seed: seed)
        var inputs: [Double] = [], targets: [Double] = [], labels: [Int] = []
        inputs.reserveCapacity(2 * pointsPerClass * classes)
        let steps = Double(Swift.max(pointsPerClass - 1, 1))
        for k in 0..<classes {
            for i in 0..<pointsPerClass {
                let r = Double(i) / steps
                let t = Double(k) * 4 + 4 * Double(i) / steps + 0.2 * random.nextNormal()
                inputs += [r * Deterministic.sin(t), r * Deterministic.cos(t)]
                var row = [Double](repeating: 0, count: classes)
                row[k] = 1
                targets += row
                labels.append(k)
            }
        }
        let n = pointsPerClass * classes
        return Dataset(
            name: "spiral", inputs: Tensor(shape: [n, 2], scalars: inputs),
            targets: Tensor(shape: [n, classes], scalars: targets), labels: labels)
    }

    /// y = sin x on `count` evenly spaced points of `interval` (plus optional normal noise): the
    /// universal-approximation demo's target curve.
    public static func sine(
        count: Int = 64, interval: ClosedRange<Double> = -3.141592653589793...3.141592653589793,
        noise: Double = 0, seed: UInt64 = 0
    ) -> Dataset {
        var random = Xoshiro256(seed: seed)
        var xs: [Double] = [], ys: [Double] = []
        let steps = Double(Swift.max(count - 1, 1))
        for i in 0..<count {
            let x = interval.lowerBound + (interval.upperBound - interval.lowerBound) * Double(i) / steps
            xs.append(x)
            ys.append(Deterministic.sin(x) + (noise > 0 ? noise * random.nextNormal() : 0))
        }
        return Dataset(
            name: "sine", inputs: Tensor(shape: [count, 1], scalars: xs),
            targets: Tensor(shape: [count, 1], scalars: ys))
    }

    /// Points of a regular `steps × steps` grid over a rectangle, as `[steps², 2]` rows (x fastest):
    /// feed them to `MLP.predictedClasses` to draw a decision boundary.
    public static func grid(x: ClosedRange<Double>, y: ClosedRange<Double>, steps: Int) -> Tensor {
        var points: [Double] = []
        points.reserveCapacity(2 * steps * steps)
        let d = Double(Swift.max(steps - 1, 1))
        for j in 0..<steps {
            let yv = y.lowerBound + (y.upperBound - y.lowerBound) * Double(j) / d
            for i in 0..<steps {
                points += [x.lowerBound + (x.upperBound - x.lowerBound) * Double(i) / d, yv]
            }
        }
        return Tensor(shape: [steps * steps, 2], scalars: points)
    }
}
