import ExerciseModel
import Foundation
import Testing

@Suite struct ExerciseSheetCodingTests {
    static let answers: [ReferenceAnswer] = [
        .number(-6),
        .derivative(of: "relu(x)", variable: "x"),
        .truthTable(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], outputs: [0, 1, 1, 0]),
        .tensor(shape: [2], scalars: [1, 2]),
        .choice(["a", "c"]),
    ]

    @Test(arguments: answers) func referenceAnswersRoundTrip(_ answer: ReferenceAnswer) throws {
        let data = try JSONEncoder().encode(answer)
        #expect(try JSONDecoder().decode(ReferenceAnswer.self, from: data) == answer)
    }

    @Test func referenceAnswersReadPlainly() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let texts = try Self.answers.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        #expect(texts == [
            #"{"number":-6}"#,
            #"{"derivative":{"of":"relu(x)","variable":"x"}}"#,
            #"{"truthTable":{"inputs":[[0,0],[0,1],[1,0],[1,1]],"outputs":[0,1,1,0]}}"#,
            #"{"tensor":{"scalars":[1,2],"shape":[2]}}"#,
            #"{"choice":["a","c"]}"#,
        ])
    }

    @Test func anObjectWithTwoCasesIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ReferenceAnswer.self, from: Data(#"{"number": 1, "choice": []}"#.utf8))
        }
    }
}
