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
        var number = 0
        for sheet in catalog.sheets where !sheet.exercises.isEmpty {
            out += "\n## \(Escape.markdown(sheet.chapterTitle ?? sheet.chapter))\n"
            for exercise in sheet.exercises {
                number += 1
                let values = Variants.values(student: student, exercise: exercise)
                let prompt = Placeholder.substitute(in: exercise.prompt) { values[$0].map(Format.number) }
                out += "\n### \(words.problem("\(number)", id: exercise.id, points: Format.score(exercise.points)))\n\n"
                out += prompt.trimmingWhitespace + "\n\n"
                out += "> " + words.answerFormatLabel + words.answerFormat(exercise) + "\n"
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
