import TextEscaping
/// The three ways a report leaves the grader: JSON (the contract), text (a terminal), and the
/// CSV gradebook. Hand-written rather than `JSONEncoder`-made so the key order is the documented
/// one and a year group's reports are written in a few milliseconds. Every string goes through
/// `Escape.visible` on its way out, whatever the format: a control character from a student's
/// file (a file name, an excerpt) is shown as `\u{…}`, never written raw.
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
        textLines().map { Escape.visible($0, keepingLineBreaks: true) }.joined(separator: "\n")
    }

    private func textLines() -> [String] {
        let words = ReportWords(language)
        var lines = ["\(student): \(Format.score(score)) / \(Format.score(maxScore))"]
        for error in errors ?? [] {
            lines.append(contentsOf: error.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        for note in notes ?? [] { lines.append("  \(words.note): " + note) }
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
                "  \(mark) \(exercise.id)\(padding)  \(Format.score(exercise.score))/\(Format.score(exercise.maxScore))  \(words.status(exercise.status))")
            for line in exercise.feedback.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append("      " + line)
            }
        }
        return lines
    }
}

/// The CSV gradebook `--gradebook` writes (`Gradebook.csv`, in `Gradebook+Roster.swift`) and
/// the lines about it for standard error.
public enum Gradebook {
    /// The closing line of a text report for several files: how many were graded and the mean
    /// of the totals that count (one per student, as in the gradebook).
    /// In the reports' language.
    public static func summary(reports: [Report]) -> String {
        let students = counted(reports)
        let mean = students.isEmpty ? 0 : students.reduce(0) { $0 + $1.score } / Double(students.count)
        let maximum = reports.first?.maxScore ?? 0
        return ReportWords(reports.first?.language ?? .en).summary(
            submissions: reports.count, students: students.count,
            mean: Format.score((mean * 100).rounded() / 100), maximum: Format.score(maximum))
    }

    /// One report per student id, in the order of each student's first report. When several
    /// files carry the same id, the one with the highest total counts (the first on a tie): a
    /// student's id written into someone else's file can never lower that student's grade.
    public static func counted(_ reports: [Report]) -> [Report] {
        groups(reports).map { reports[$0.counted] }
    }

    /// A warning per student id found in several files, naming the files and the one counted,
    /// for standard error. `files[i]` is where `reports[i]` came from.
    public static func duplicateWarnings(reports: [Report], files: [String], language: ReportLanguage = .en) -> [String] {
        groups(reports).filter { $0.all.count > 1 }.map { group in
            let counted = reports[group.counted]
            let warning = RosterWarning.sameStudent(
                student: counted.student, files: group.all.map { files[$0] }, counted: files[group.counted],
                score: Format.score(counted.score), maximum: Format.score(counted.maxScore))
            return Escape.visible(warning.text(in: language))
        }
    }

    /// Indices of each student's reports, in order of first appearance, and the one counted.
    static func groups(_ reports: [Report]) -> [(all: [Int], counted: Int)] {
        var order: [String] = []
        var indices: [String: [Int]] = [:]
        for (index, report) in reports.enumerated() {
            if indices[report.student] == nil { order.append(report.student) }
            indices[report.student, default: []].append(index)
        }
        return order.map { student in
            let all = indices[student]!
            let best = all.dropFirst().reduce(all[0]) { reports[$1].score > reports[$0].score ? $1 : $0 }
            return (all, best)
        }
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

    /// One Gradescope test per exercise, so a student sees each exercise's feedback on its own.
    public init(report: Report) {
        score = report.score
        var summary = "\(report.student): \(Format.score(report.score)) / \(Format.score(report.maxScore))"
        for line in (report.errors ?? []) + (report.notes ?? []) { summary += "\n" + line }
        output = summary
        outputFormat = "text"
        let words = ReportWords(report.language)
        tests = report.exercises.map { exercise in
            Test(
                name: exercise.id, score: exercise.score, maxScore: exercise.maxScore,
                status: exercise.status == .correct ? "passed" : "failed",
                output: [.correct, .incorrect].contains(exercise.status) ? exercise.feedback : "\(words.status(exercise.status)): \(exercise.feedback)",
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
    static func string(_ raw: String) -> String {
        let text = Escape.visible(raw, keepingLineBreaks: true)
        // Works on UTF-8 bytes: reports are written by the ten thousand.
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 16)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        func escape(_ code: UInt8) {
            out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(code >> 4)], hex[Int(code & 15)]]
        }
        var utf8 = text.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = pending.isEmpty ? utf8.next() : pending.removeFirst() {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20: escape(byte)
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript: escape them too.
                let second = utf8.next(), third = second == 0x80 ? utf8.next() : nil
                if second == 0x80, let third, third == 0xA8 || third == 0xA9 {
                    out += Array("\\u202".utf8) + [third == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")]
                } else {
                    out.append(byte)
                    pending = [second, third].compactMap { $0 }
                }
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// Integers without a fraction; JSON has no NaN, so non-finite values (never produced by
    /// grading) are written as null rather than as invalid JSON.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return Format.number(value)
    }
}
