import ExerciseModel
import TextEscaping

extension Gradebook {
    /// What a gradebook row stands for, in its `status` column.
    public enum RowStatus: String, Sendable, CaseIterable {
        /// The file was read and every answer graded.
        case graded
        /// A graded file whose student id is not in the roster (a typo, or someone else's file).
        case unknownID = "unknown id"
        /// The file could not be read as an answers file; the row is named after the file.
        case unreadable
        /// A student of the roster with no answers file.
        case noFile = "no file"
    }

    /// The `--gradebook` CSV (RFC 4180, CRLF line ends):
    ///
    /// ```
    /// student,name,file,status,<exercise ids in course order>,total
    /// (maximum),,,,<points of each exercise>,<total points>
    /// s001,山田 花子,answers/s001.json,graded,2,,0.5,2.5
    /// ```
    ///
    /// In an exercise's cell a number is the score the answer earned (`0`: answered wrong or
    /// not gradable as written); an empty cell means no answer. The `status` column tells a
    /// graded file, an `unreadable` one (no scores), a student whose id is not in the roster
    /// (`unknown id`) and a roster student with `no file` (empty cells, total 0).
    ///
    /// - Parameters:
    ///   - reports: one per submission; a student with several gets one row, for the file with
    ///     the highest total (`counted`).
    ///   - files: where each report came from (`files[i]` for `reports[i]`).
    ///   - exercises: the columns, in course order.
    ///   - roster: when given, its students come first, in its order (with their names), then
    ///     the ids it does not list, in the order graded.
    public static func csv(reports: [Report], files: [String], exercises: [Exercise], roster: Roster? = nil) -> String {
        let header = ["student", "name", "file", "status"] + exercises.map(\.id) + ["total"]
        var rows = [header, ["(maximum)", "", "", ""] + exercises.map { Format.score($0.points) }
            + [Format.score(exercises.reduce(0) { $0 + $1.points })]]
        var byStudent: [String: Int] = [:]
        for index in groups(reports).map(\.counted) { byStudent[reports[index].student] = index }
        func row(_ index: Int, name: String, status: RowStatus) -> [String] {
            let report = reports[index]
            let cells = exercises.map { exercise -> String in
                guard status != .unreadable, let result = report.result(for: exercise.id), result.status != .missing else { return "" }
                return Format.score(result.score)
            }
            return [report.student, name, index < files.count ? files[index] : "", status.rawValue] + cells + [Format.score(report.score)]
        }
        func status(of report: Report, listed: Bool) -> RowStatus {
            report.errors != nil ? .unreadable : listed ? .graded : .unknownID
        }
        var written = Set<String>()
        for student in roster?.students ?? [] {
            written.insert(student.id)
            if let index = byStudent[student.id] {
                rows.append(row(index, name: student.name, status: status(of: reports[index], listed: true)))
            } else {
                rows.append([student.id, student.name, "", RowStatus.noFile.rawValue] + exercises.map { _ in "" } + ["0"])
            }
        }
        for index in groups(reports).map(\.counted) where !written.contains(reports[index].student) {
            rows.append(row(index, name: "", status: status(of: reports[index], listed: roster == nil)))
        }
        return rows.map { $0.map(Escape.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Warnings for standard error when grading against a roster: each graded file whose id the
    /// roster does not list, and the roster's students with no answers file (the first ten by
    /// name, the rest counted), in `language` (the `warning:` prefix is the same in every one).
    public static func rosterWarnings(
        reports: [Report], files: [String], roster: Roster, language: ReportLanguage = .en
    ) -> [String] {
        var warnings: [RosterWarning] = []
        for (index, report) in reports.enumerated() where report.errors == nil && roster.student(id: report.student) == nil {
            let file = index < files.count ? files[index] : report.student
            warnings.append(.notInRoster(file: file, student: report.student, roster: roster.file))
        }
        let present = Set(reports.map(\.student))
        let absent = roster.students.filter { !present.contains($0.id) }
        if !absent.isEmpty {
            let shown = absent.prefix(10).map { $0.name.isEmpty ? $0.id : "\($0.id) (\($0.name))" }
            warnings.append(.noAnswersFile(roster: roster.file, shown: shown, total: absent.count))
        }
        return warnings.map { Escape.visible($0.text(in: language)) }
    }
}

/// A warning for the teacher about the files graded, with its data, worded per language when printed.
enum RosterWarning: Sendable, Hashable {
    /// One student in several files; the gradebook counts `counted` (`score` / `maximum`).
    case sameStudent(student: String, files: [String], counted: String, score: String, maximum: String)
    case notInRoster(file: String, student: String, roster: String)
    /// `shown`: the first few absent students (`s3 (Cy)`), of `total`.
    case noAnswersFile(roster: String, shown: [String], total: Int)

    func text(in language: ReportLanguage) -> String {
        switch (self, language) {
        case (.sameStudent(let student, let files, let counted, let score, let maximum), .en):
            return "warning: student \"\(student)\" is in \(files.count) answers files (\(files.joined(separator: ", "))); "
                + "each is reported, the gradebook counts the highest total: \(counted) (\(score) / \(maximum))"
        case (.sameStudent(let student, let files, let counted, let score, let maximum), .ja):
            return "warning: 学生 \"\(student)\" の解答ファイルが \(files.count) 件あります（\(files.joined(separator: "、"))）。"
                + "どれも採点しましたが、成績表には合計点の最も高い \(counted)（\(score) / \(maximum)）を記録します"
        case (.notInRoster(let file, let student, let roster), .en):
            return "warning: \(file): student \"\(student)\" is not in the roster '\(roster)'"
        case (.notInRoster(let file, let student, let roster), .ja):
            return "warning: \(file): 学生 \"\(student)\" は名簿 '\(roster)' にいません"
        case (.noAnswersFile(let roster, let shown, let total), .en):
            let more = total > shown.count ? " and \(total - shown.count) more" : ""
            let count = total == 1 ? "1 student" : "\(total) students"
            return "warning: \(count) in the roster '\(roster)' \(total == 1 ? "has" : "have") no answers file: \(shown.joined(separator: ", "))\(more)"
        case (.noAnswersFile(let roster, let shown, let total), .ja):
            let more = total > shown.count ? " ほか \(total - shown.count) 人" : ""
            return "warning: 名簿 '\(roster)' の学生 \(total) 人の解答ファイルがありません: \(shown.joined(separator: "、"))\(more)"
        }
    }
}
