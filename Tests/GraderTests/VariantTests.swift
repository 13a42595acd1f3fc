import ExerciseModel
import Testing
@testable import Grader

@Suite struct VariantTests {
    @Test func theHashIsStableAcrossRunsAndMachines() {
        // Pinned values (computed independently from the documented FNV-1a + SplitMix64 recipe):
        // a change here would silently give every student other numbers than their handout.
        #expect(Variants.hash(student: "s001", exercise: "backprop-w1", parameter: "x") == 0x5423_efcb_6f6c_f0a9)
        #expect(Variants.hash(student: "", exercise: "", parameter: "") == 0x6382_5673_27bf_3b67)
        #expect(Variants.values(student: "s001", exercise: Fixtures.backprop) == ["x": 2, "t": 5, "w2": 2])
    }

    @Test func variantsSpreadOverTheChoices() {
        var seen: [String: Set<Double>] = [:]
        for n in 0..<200 {
            for (name, value) in Variants.values(student: "s\(n)", exercise: Fixtures.backprop) {
                seen[name, default: []].insert(value)
            }
        }
        #expect(seen["x"] == [1, 2, 3])
        #expect(seen["t"] == [4, 5, 6])
        #expect(seen["w2"] == [1, 2])
    }

    @Test func eachStudentIsGradedAgainstTheirOwnVariant() {
        var differing = 0
        for n in 0..<40 {
            let student = "student-\(n)"
            let mine = Fixtures.backpropAnswer(for: student)
            let right = Fixtures.result("backprop-w1", "\(mine)", student: student)
            #expect(right.status == .correct, "\(student): \(right.feedback)")
            let other = Fixtures.backpropAnswer(for: "student-\(n + 1)")
            if other != mine {
                differing += 1
                let copied = Fixtures.result("backprop-w1", "\(other)", student: student)
                #expect(copied.status == .incorrect, "\(student) copied \(other)")
            }
        }
        #expect(differing > 20, "variants should mostly differ between neighbours")
    }

    @Test func theReferenceProgramIsRerunNotTheStoredNumber() {
        // A student whose variant is not the textbook one (x=2, t=5, w1=w2=1) must not get
        // marks for the stored reference -6.
        let student = (0..<100).map { "v\($0)" }.first { Fixtures.backpropAnswer(for: $0) != -6 }!
        let copied = Fixtures.result("backprop-w1", "-6", student: student)
        #expect(copied.status == .incorrect)
        let mine = Variants.values(student: student, exercise: Fixtures.backprop)
        #expect(copied.feedback.hasPrefix("-6 is not the expected value (checked to relative 1e-6); it is the answer to the chapter's worked example, "), "\(copied.feedback)")
        #expect(copied.feedback.hasSuffix("but your numbers are t = \(Format.number(mine["t"]!)), w2 = \(Format.number(mine["w2"]!)), x = \(Format.number(mine["x"]!)) (see your handout)"), "\(copied.feedback)")
        #expect(Fixtures.result("backprop-w1", "\"2*(2-5)\"", student: student).status == .incorrect)
    }
}
