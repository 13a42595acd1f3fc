import ExerciseModel
import Testing

/// The one placeholder rule the page, the handout, the grader and the build share.
@Suite struct PlaceholderTests {
    @Test func namesAndSubstitution() {
        #expect(Placeholder.names(in: "{{x}} and {{ t }} and {{x}}, {{not a name}}, {{") == ["x", "t"])
        #expect(Placeholder.substitute(in: "a {{ x }} b {{y}} {{1}}") { $0 == "x" ? "2" : nil } == "a 2 b {{y}} {{1}}")
    }

    @Test func unknownNamesAreThoseNoParameterHas() {
        let exercise = Exercise(
            id: "e", kind: .number, points: 1, prompt: "{{ x }}, {{rate}}, {{ y }} and {{x}}", reference: .number(1),
            referenceProgram: "x", parameters: [VariantParameter(name: "x", choices: [1])])
        #expect(Placeholder.unknownNames(in: exercise) == ["rate", "y"])
    }
}
