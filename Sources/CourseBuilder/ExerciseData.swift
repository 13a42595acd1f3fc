import Foundation

/// `assets/exercise-data.js`: the course's exercises as pages may publish them (`PublicExercise`)
/// and the answering script's words, for `assets/exercises.js`. A script file, not JSON fetched
/// at run time, so the pages work from `file://` with no server.
enum ExerciseData {
    private struct Payload: Encodable {
        /// Names the course's answers in the browser's storage (every `file://` page shares one).
        var course: String
        var lang: String
        var labels: [String: String]
        var exercises: [PublicExercise]
    }

    /// - Throws: an encoding error (a non-finite parameter choice, refused earlier by the language).
    static func script(_ exercises: [PublicExercise], course: String, language: String, labels: SiteLabels) throws -> String {
        let words = labels.values.filter { ExerciseLabels.scriptKeys.contains($0.key) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(Payload(course: course, lang: language, labels: words, exercises: exercises))
        return "window.coursegenExercises = \(String(decoding: json, as: UTF8.self));\n"
    }
}
