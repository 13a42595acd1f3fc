import Foundation
import NNEngine

/// The stored reference values (`Reference/reference.json`), written by
/// `scripts/reference/generate.py` from mpmath at 60 digits (PyTorch's autograd at kinks).
/// Numbers are stored as strings (Python `repr`) so they round-trip exactly.
struct ReferenceData: Decodable, Sendable {
    struct Point: Decodable, Sendable {
        var x: String
        var value: String
        var derivative: String
        var kink: Bool
    }

    struct ActivationCase: Decodable, Sendable, CustomStringConvertible {
        var name: String
        var positional: [String]
        var keywords: [String: String]
        var points: [Point]

        var description: String {
            let args = positional + keywords.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return args.isEmpty ? name : "\(name)(\(args.joined(separator: ", ")))"
        }
    }

    struct AxisCase: Decodable, Sendable {
        var name: String
        var dim: Int
        var shape: [Int]
        var input: [String]
        var weights: [String]
        var value: [String]
        var gradient: [String]
    }

    struct LossCase: Decodable, Sendable {
        var name: String
        var shape: [Int]
        var prediction: [String]
        var target: [String]
        var value: String
        var gradient: [String]
    }

    struct RandomStreams: Decodable, Sendable {
        var splitmix64: [String: [String]]
        var xoshiro256: [String: [String]]
    }

    struct OptimiserCase: Decodable, Sendable {
        var momentum: String
        var clip: String?
        var initial: [String]
        var centre: [String]
        var curvature: [String]
        var learning_rate: String
        var steps: Int
        var losses: [String]
        var final: [String]
    }

    var activations: [ActivationCase]
    var axis: [AxisCase]
    var losses: [LossCase]
    var random: RandomStreams
    var optimisers: [OptimiserCase]

    static let shared: ReferenceData = {
        guard let url = Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Reference"),
            let data = try? Data(contentsOf: url),
            let decoded = try? JSONDecoder().decode(ReferenceData.self, from: data)
        else { fatalError("Reference/reference.json missing or unreadable: run scripts/reference/generate.sh") }
        return decoded
    }()
}

/// The engine's accuracy promise: 1e-12 relative or 1e-15 absolute.
func agrees(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 1e-15) -> Bool {
    if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
    if actual == expected { return true }
    return Swift.abs(actual - expected) <= Swift.max(relative * Swift.abs(expected), absolute)
}

func number(_ text: String) -> Double {
    guard let value = Double(text) else { fatalError("not a number in reference data: \(text)") }
    return value
}
