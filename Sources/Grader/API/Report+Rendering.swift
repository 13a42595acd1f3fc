/// The three ways a report leaves the grader: JSON (the contract), text (a terminal), and the
/// CSV gradebook. Hand-written rather than `JSONEncoder`-made so the key order is the documented
/// one and a year group's reports are written in a few milliseconds.
extension Report {
    /// One line of JSON, keys in the documented order: `--format json` prints one per submission
    /// (JSON Lines). `<`, `>`, `&` are escaped too, so the line is safe inside an HTML `<script>`.
    public func jsonLine() -> String {
        var out = "{\"student\":" + JSONText.string(student)
        out += ",\"score\":" + JSONText.number(score)
        out += ",\"max_score\":" + JSONText.number(maxScore)
        out += ",\"exercises\":["
        for (index, exercise) in exercises.enumerated() {
            if index > 0 { out += "," }
            out += "{\"id\":" + JSONText.string(exercise.id)
            out += ",\"score\":" + JSONText.number(exercise.score)
            out += ",\"max_score\":" + JSONText.number(exercise.maxScore)
            out += ",\"status\":" + JSONText.string(exercise.status.rawValue)
            out += ",\"feedback\":" + JSONText.string(exercise.feedback) + "}"
        }
        out += "]"
        if let errors { out += ",\"errors\":[" + errors.map(JSONText.string).joined(separator: ",") + "]" }
        if let notes { out += ",\"notes\":[" + notes.map(JSONText.string).joined(separator: ",") + "]" }
        return out + "}"
    }

    /// For a terminal: a header line, then a line per exercise with its feedback indented.
    public func text() -> String {
        var lines = ["\(student): \(Format.score(score)) / \(Format.score(maxScore))"]
        for error in errors ?? [] {
            lines.append(contentsOf: error.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        for note in notes ?? [] { lines.append("  note: " + note) }
        let width = exercises.map(\.id.count).max() ?? 0
        for exercise in exercises {
            let mark: String
            switch exercise.status {
            case .correct: mark = "✓"
            case .partial: mark = "◐"
            case .incorrect: mark = "✗"
            case .error: mark = "!"
            case .missing: mark = "·"
            }
            let padding = String(repeating: " ", count: width - exercise.id.count)
            lines.append(
                "  \(mark) \(exercise.id)\(padding)  \(Format.score(exercise.score))/\(Format.score(exercise.maxScore))  \(exercise.status.rawValue)")
            for line in exercise.feedback.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append("      " + line)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The CSV gradebook `--gradebook` writes: a header `student,<exercise ids…>,total`, then a row
/// per report. Fields are RFC 4180-quoted and guarded against spreadsheet formulas.
public enum Gradebook {
    /// - Parameters:
    ///   - reports: one per submission, in the order the rows should appear.
    ///   - exerciseIDs: the columns; the catalogue's exercises in course order.
    public static func csv(reports: [Report], exerciseIDs: [String]) -> String {
        var lines = [(["student"] + exerciseIDs + ["total"]).map(Escape.csvField).joined(separator: ",")]
        for report in reports {
            var fields = [Escape.csvField(report.student)]
            for id in exerciseIDs {
                fields.append(report.result(for: id).map { Format.score($0.score) } ?? "")
            }
            fields.append(Format.score(report.score))
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// Gradescope's autograder `results.json`, so `coursegen grade --format gradescope` drops into
/// an existing Gradescope autograder's `run_autograder` script.
public struct GradescopeResults: Codable, Sendable, Hashable {
    public struct Test: Codable, Sendable, Hashable {
        public var name: String
        public var score: Double
        public var maxScore: Double
        /// `passed` or `failed` (Gradescope shows a green or red bar).
        public var status: String
        public var output: String
        /// `text`: feedback is shown as written, never interpreted as HTML or Markdown.
        public var outputFormat: String
        public var visibility: String

        enum CodingKeys: String, CodingKey {
            case name, score, maxScore = "max_score", status, output, outputFormat = "output_format", visibility
        }
    }

    public var score: Double
    public var output: String
    public var outputFormat: String
    public var tests: [Test]
    public var visibility: String
    public var stdoutVisibility: String

    enum CodingKeys: String, CodingKey {
        case score, output, outputFormat = "output_format", tests, visibility, stdoutVisibility = "stdout_visibility"
    }

    public init(report: Report) {
        score = report.score
        var summary = "\(report.student): \(Format.score(report.score)) / \(Format.score(report.maxScore))"
        for line in (report.errors ?? []) + (report.notes ?? []) { summary += "\n" + line }
        output = summary
        outputFormat = "text"
        tests = report.exercises.map { exercise in
            Test(
                name: exercise.id, score: exercise.score, maxScore: exercise.maxScore,
                status: exercise.status == .correct ? "passed" : "failed",
                output: [.correct, .incorrect].contains(exercise.status) ? exercise.feedback : "\(exercise.status.rawValue): \(exercise.feedback)",
                outputFormat: "text", visibility: "visible")
        }
        visibility = "visible"
        stdoutVisibility = "hidden"
    }

    /// The `results.json` text, keys in Gradescope's documented order.
    public func json() -> String {
        var out = "{\n  \"score\": " + JSONText.number(score)
        out += ",\n  \"output\": " + JSONText.string(output)
        out += ",\n  \"output_format\": " + JSONText.string(outputFormat)
        out += ",\n  \"visibility\": " + JSONText.string(visibility)
        out += ",\n  \"stdout_visibility\": " + JSONText.string(stdoutVisibility)
        out += ",\n  \"tests\": ["
        for (index, test) in tests.enumerated() {
            out += index == 0 ? "\n    {" : ",\n    {"
            out += "\"name\": " + JSONText.string(test.name)
            out += ", \"score\": " + JSONText.number(test.score)
            out += ", \"max_score\": " + JSONText.number(test.maxScore)
            out += ", \"status\": " + JSONText.string(test.status)
            out += ", \"output\": " + JSONText.string(test.output)
            out += ", \"output_format\": " + JSONText.string(test.outputFormat)
            out += ", \"visibility\": " + JSONText.string(test.visibility) + "}"
        }
        return out + (tests.isEmpty ? "]\n}" : "\n  ]\n}")
    }
}

/// JSON text for strings and numbers.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Integers without a fraction; JSON has no NaN, so non-finite values (never produced by
    /// grading) are written as null rather than as invalid JSON.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return Format.number(value)
    }
}
