import TextEscaping
import Foundation
import Diagnostics

/// One student's answers file, read and checked against `GradingLimits` but not yet graded.
///
/// The file is untrusted: parsing never executes anything, and every problem is a located
/// `Diagnostic` (`file:line:column`) so a student can find it in their editor.
public struct Submission: Sendable {
    /// The student's id as written in the file (`"student"`).
    public var student: String
    /// Where the submission came from, for messages.
    public var file: String
    /// Answers by exercise id, each still raw JSON; one bad answer must not stop the others.
    var answers: [String: Answer]
    /// Problems with the file that did not stop grading (unknown members, too many answers),
    /// as values: the report words them in its language.
    var fileNotes: [FileMessage]

    /// The notes in English, as a report in English shows them.
    public var notes: [String] { fileNotes.map { $0.text(in: .en) } }

    struct Answer: Sendable {
        var node: JSONNode
        var text: SourceText
        /// Set when the same id appears twice: grading reports it rather than guessing.
        var duplicateAt: SourceLocation?
        /// How many times the id appears among the entries read.
        var mentions = 1

        func location(_ node: JSONNode) -> SourceLocation { text.location(at: node.offset) }
    }

    /// Ids of the exercises answered, sorted.
    public var answeredExercises: [String] { answers.keys.sorted() }

    /// Reads an answers file: `{"student": "<id>", "answers": {"<exercise-id>": <value>, ...}}`.
    /// - Parameters:
    ///   - data: the file's bytes, as read (at most `limits.maxFileBytes` are looked at).
    ///   - file: the name used in messages.
    ///   - limits: size and depth bounds.
    /// - Throws: a `Diagnostic` located in `file` when the file is too big, is not JSON, or does
    ///   not have the shape above.
    public static func parse(
        data: some Collection<UInt8>, file: String, limits: GradingLimits = .standard
    ) throws(Diagnostic) -> Submission {
        try parse(data: data, file: file, limits: limits, language: .en)
    }

    /// `parse(data:file:limits:)` with the whole-file problems worded in `language`.
    static func parse(
        data: some Collection<UInt8>, file: String, limits: GradingLimits, language: ReportLanguage
    ) throws(Diagnostic) -> Submission {
        guard data.count <= limits.maxFileBytes else {
            let problem = FileProblem.tooLarge(bytes: data.count, limit: limits.maxFileBytes)
            throw Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), problem.text(in: language))
        }
        let bytes = Array(data)
        let text = SourceText(bytes: bytes, file: file)
        let root = try JSONReader.parse(bytes, file: file, maxDepth: limits.maxJSONDepth, language: language)
        guard case .object(let members) = root.value else {
            throw text.diagnostic(at: root.offset, .rootKind(root.value.kind), in: language)
        }
        var student: String?
        var answersObject: [JSONMember]?
        var notes: [FileMessage] = []
        for member in members {
            switch member.key {
            case "student":
                guard student == nil else {
                    throw text.diagnostic(at: member.keyOffset, .studentTwice, in: language)
                }
                guard case .string(let id) = member.value.value else {
                    throw text.diagnostic(at: member.value.offset, .studentKind(member.value.value.kind), in: language)
                }
                guard let checked = checkedStudentID(id) else {
                    throw text.diagnostic(at: member.value.offset, .studentInvalid, in: language)
                }
                student = checked
            case "answers":
                guard answersObject == nil else {
                    throw text.diagnostic(at: member.keyOffset, .answersTwice, in: language)
                }
                guard case .object(let answerMembers) = member.value.value else {
                    throw text.diagnostic(at: member.value.offset, .answersKind(member.value.value.kind), in: language)
                }
                answersObject = answerMembers
            default:
                notes.append(.unknownMember(location: "\(text.location(at: member.keyOffset))", name: member.key))
            }
        }
        guard let student else {
            throw text.diagnostic(at: root.offset, .noStudent, in: language)
        }
        guard let answersObject else {
            throw text.diagnostic(at: root.offset, .noAnswers, in: language)
        }
        var answers: [String: Answer] = [:]
        if answersObject.count > limits.maxAnswers {
            notes.append(.tooManyAnswers(count: answersObject.count, limit: limits.maxAnswers))
        }
        for member in answersObject.prefix(limits.maxAnswers) {
            if answers[member.key] != nil {
                // The second mention is where the student can see the repeat.
                if answers[member.key]?.duplicateAt == nil { answers[member.key]?.duplicateAt = text.location(at: member.keyOffset) }
                answers[member.key]?.mentions += 1
            } else {
                answers[member.key] = Answer(node: member.value, text: text)
            }
        }
        return Submission(student: student, file: file, answers: answers, fileNotes: notes)
    }

    /// A student id is printed in reports, CSV and Markdown: keep it short and printable.
    /// The handout uses the same rule, so a student's sheet and their grading see the same id
    /// (and so the same per-student numbers). Returns the trimmed id, or nil when it is not valid.
    public static func checkedStudentID(_ id: String) -> String? {
        // Canonical composition (NFC): "josé" typed either way is one student with one variant.
        let trimmed = id.trimmingWhitespace.precomposedStringWithCanonicalMapping
        guard !trimmed.isEmpty, trimmed.count <= 200,
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        return trimmed
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
