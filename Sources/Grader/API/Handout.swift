import TextEscaping
import ExerciseModel

/// A student's own exercise sheet: every prompt with the student's parameter values put in for
/// its `{{name}}` placeholders, how to write each answer, and an empty answers file to fill in.
/// It never contains a reference answer.
///
/// Markdown only; the command line renders it to HTML through the course's Markdown module.
public enum Handout {
    /// - Parameters:
    ///   - student: the id the student will put in their answers file; escaped wherever shown.
    ///   - catalog: the course's exercises; sheets become sections in course order.
    ///   - language: of the fixed texts; nil for the course's (`ExerciseCatalog.language`).
    /// - Returns: GFM Markdown.
    public static func markdown(for student: String, catalog: ExerciseCatalog, language: ReportLanguage? = nil) -> String {
        let words = HandoutWords(language ?? catalog.language)
        var out = "# \(words.title(Escape.markdown(student)))\n\n"
        out += words.introduction + "\n"
        let examples = Examples(catalog: catalog, student: student)
        for sheet in catalog.sheets where !sheet.exercises.isEmpty {
            out += "\n## \(Escape.markdown(sheet.chapterTitle ?? sheet.chapter))\n"
            for (index, exercise) in sheet.exercises.enumerated() {
                let number = sheet.problemNumber(ofExerciseAt: index)
                let values = Variants.values(student: student, exercise: exercise)
                let prompt = Placeholder.substitute(in: exercise.prompt) { values[$0].map(Format.number) }
                out += "\n### \(words.problem("\(number)", id: exercise.id, points: Format.score(exercise.points)))\n\n"
                out += prompt.trimmingWhitespace + "\n\n"
                out += "> " + words.answerFormatLabel + words.answerFormat(exercise, example: examples.example(for: exercise)) + "\n"
            }
        }
        out += "\n## \(words.answersFileHeading)\n\n"
        out += words.answersFileInstructions + "\n\n"
        out += "```json\n" + answersTemplate(for: student, catalog: catalog) + "\n```\n"
        return out
    }

    /// The answers file with every exercise present and `null` (graded as missing) as answer.
    public static func answersTemplate(for student: String, catalog: ExerciseCatalog) -> String {
        // Backticks are escaped too, so the template cannot close the Markdown fence around it.
        func json(_ text: String) -> String { JSONText.string(text).replacingAll("`", with: "\\u0060") }
        var lines = ["{", "  \"student\": \(json(student)),", "  \"answers\": {"]
        for (index, exercise) in catalog.exercises.enumerated() {
            let comma = index == catalog.exercises.count - 1 ? "" : ","
            lines.append("    \(json(exercise.id)): null\(comma)")
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n")
    }

    /// The parameter values this student sees, by exercise id (exercises without parameters
    /// are left out): for a teacher's answer key or a regrade request.
    public static func variantValues(for student: String, catalog: ExerciseCatalog) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for exercise in catalog.exercises where !exercise.parameters.isEmpty {
            result[exercise.id] = Variants.values(student: student, exercise: exercise)
        }
        return result
    }
}

/// Example answers for a handout's "answer format" lines, each graded before it is printed: an
/// example that is a correct answer (`"x > 0 ? 1 : 0"` is ReLU′; `"(1/4)^9"` the answer to a
/// 10-layer gradient) would hand it to the student. The first candidate this student's
/// exercise marks wrong is shown; none, when every candidate passes.
struct Examples {
    static let numbers = [#""3/8 + 2^-4""#, #""2*(3-1)/5""#, #""(1/3)^5""#]
    static func expressions(_ variable: String) -> [String] {
        [#""\#(variable) < 1 ? 2*\#(variable) : 3""#, #""\#(variable) > 2 ? -1 : \#(variable)^2""#, #""exp(-\#(variable)) + 1""#]
    }

    let grader: Grader?
    let student: String

    init(catalog: ExerciseCatalog, student: String) {
        self.grader = try? Grader(catalog: catalog)
        self.student = student
    }

    func example(for exercise: Exercise) -> String? {
        let candidates: [String]
        switch exercise.reference {
        case .number: candidates = Self.numbers
        case .derivative(_, let variable): candidates = Self.expressions(variable)
        default: return nil
        }
        return candidates.first { !isCredited($0, for: exercise) }
    }

    /// Whether `answer` (JSON text) earns any credit for this student.
    func isCredited(_ answer: String, for exercise: Exercise) -> Bool {
        guard let grader else { return true }
        let file = "{\"student\": \(JSONText.string(student)), \"answers\": {\(JSONText.string(exercise.id)): \(answer)}}"
        let status = grader.grade(data: Array(file.utf8), file: "example.json").result(for: exercise.id)?.status
        return status != .incorrect && status != .error
    }
}
