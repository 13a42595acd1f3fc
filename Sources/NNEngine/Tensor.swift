/// A dense, row-major array of `Double`s of rank 0 to 4: the one value type the engine computes with.
///
/// Value semantics (copy on write through `Array`), so a tensor can be shown, stored in a table
/// or handed to another thread without aliasing surprises.
public struct Tensor: Sendable, Hashable, CustomStringConvertible {
    /// Extent of each axis; `[]` for a scalar.
    public let shape: [Int]
    /// The elements, last axis fastest.
    public var scalars: [Double]

    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    public init(_ scalar: Double) {
        self.shape = []
        self.scalars = [scalar]
    }

    public init(vector: [Double]) {
        self.shape = [vector.count]
        self.scalars = vector
    }

    /// A matrix from its rows. - Throws: `EngineError.raggedRows` when rows differ in length.
    public init(rows: [[Double]]) throws(EngineError) {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw .raggedRows(rows.map(\.count))
        }
        self.shape = [rows.count, width]
        self.scalars = rows.flatMap { $0 }
    }

    public init(repeating value: Double, shape: [Int]) {
        self.shape = shape
        self.scalars = Array(repeating: value, count: shape.reduce(1, *))
    }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }
    public var isScalar: Bool { shape.isEmpty }

    /// The only element of a one-element tensor (any shape), else nil.
    public var scalar: Double? { scalars.count == 1 ? scalars[0] : nil }

    /// Rows of a rank-2 tensor, for display and for JSON.
    public var rows: [[Double]] {
        guard rank == 2 else { return [scalars] }
        let width = shape[1]
        return (0..<shape[0]).map { Array(scalars[($0 * width)..<(($0 + 1) * width)]) }
    }

    /// The same elements under another shape. - Throws: when the element counts differ.
    public func reshaped(_ newShape: [Int]) throws(EngineError) -> Tensor {
        guard newShape.reduce(1, *) == count else { throw .reshape(from: shape, to: newShape) }
        return Tensor(shape: newShape, scalars: scalars)
    }

    public func map(_ transform: (Double) -> Double) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    public var description: String {
        switch rank {
        case 0: return "\(scalars[0])"
        case 1: return "[" + scalars.map { "\($0)" }.joined(separator: ", ") + "]"
        default: return "[" + rows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
    }
}

/// What the engine reports when asked for something it cannot compute; the language layer adds
/// the source location.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    case raggedRows([Int])
    case reshape(from: [Int], to: [Int])
    case invalidArgument(function: String, message: String)
    case notDifferentiable(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, lhs, rhs):
            return "shape mismatch in '\(operation)': \(Tensor.describe(shape: lhs)) and \(Tensor.describe(shape: rhs))"
        case let .raggedRows(counts):
            return "matrix rows have different lengths: \(counts.map(String.init).joined(separator: ", "))"
        case let .reshape(from, to):
            return "cannot reshape \(Tensor.describe(shape: from)) into \(Tensor.describe(shape: to))"
        case let .invalidArgument(function, message):
            return "\(function): \(message)"
        case let .notDifferentiable(message):
            return message
        }
    }
}

extension Tensor {
    /// `scalar`, `vector[3]`, `matrix[2×3]`: how shapes read in messages.
    public static func describe(shape: [Int]) -> String {
        switch shape.count {
        case 0: return "scalar"
        case 1: return "vector[\(shape[0])]"
        case 2: return "matrix[\(shape[0])×\(shape[1])]"
        default: return "tensor[" + shape.map(String.init).joined(separator: "×") + "]"
        }
    }
}
