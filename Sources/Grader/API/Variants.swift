import ExerciseModel

/// Per-student parameter values, drawn from a stable hash of student id, exercise id and
/// parameter name.
///
/// Stable means the same on every machine and every run (FNV-1a then a SplitMix64 finaliser,
/// not Swift's per-process seeded `Hasher`), so the handout a student got in week 1 and the
/// grade computed in week 3 see the same numbers without storing anything.
public enum Variants {
    /// The values `student` gets for each of `exercise`'s parameters; empty when it has none.
    public static func values(student: String, exercise: Exercise) -> [String: Double] {
        var values: [String: Double] = [:]
        for parameter in exercise.parameters where !parameter.choices.isEmpty {
            let draw = hash(student: student, exercise: exercise.id, parameter: parameter.name)
            values[parameter.name] = parameter.choices[Int(draw % UInt64(parameter.choices.count))]
        }
        return values
    }

    /// The 64-bit hash the draw is taken from; documented in `docs/grading.md` so another tool
    /// can reproduce a student's variant.
    public static func hash(student: String, exercise: String, parameter: String) -> UInt64 {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                state ^= UInt64(byte)
                state = state &* 0x0000_0100_0000_01B3
            }
        }
        mix(student)
        mix("\u{0}")
        mix(exercise)
        mix("\u{0}")
        mix(parameter)
        // SplitMix64's finaliser spreads FNV's weak low bits before the modulo.
        var z = state &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
