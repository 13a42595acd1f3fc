import Diagnostics
import Foundation

/// Gradescope's `/autograder/submission_metadata.json`, read for one thing: who submitted.
///
/// In an autograder the student uploads the answers file, so its `"student"` field is theirs to
/// write; the metadata is Gradescope's record. The id is `users[0].sid` (the student id of the
/// course roster) when set, else `users[0].email`; a group submission is graded as its first
/// member. Documented at https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/
public enum GradescopeMetadata {
    /// Where an autograder finds it.
    public static let standardPath = "/autograder/submission_metadata.json"

    /// - Throws: a `Diagnostic` naming the file when it is not JSON or names no user with a
    ///   `sid` or an `email`.
    public static func studentID(from data: Data, file: String) throws(Diagnostic) -> String {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Diagnostic(at: nil, "cannot read Gradescope's submission metadata '\(file)': it is not JSON")
        }
        let users = (root as? [String: Any])?["users"] as? [[String: Any]]
        guard let user = users?.first else {
            throw Diagnostic(at: nil, "Gradescope's submission metadata '\(file)' names no user (\"users\" is missing or empty)")
        }
        for key in ["sid", "email"] {
            if let value = user[key] as? String, let id = Submission.checkedStudentID(value) { return id }
        }
        throw Diagnostic(
            at: nil, "Gradescope's submission metadata '\(file)' gives the submitting user no \"sid\" or \"email\"",
            notes: ["the student id is users[0].sid, else users[0].email"])
    }

    /// Reads the file at `path`.
    public static func studentID(at path: String) throws(Diagnostic) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(at: nil, "cannot read Gradescope's submission metadata '\(path)'")
        }
        return try studentID(from: data, file: path)
    }
}
