import Diagnostics
import Foundation
import TextEscaping

/// The class list a teacher gives `grade --roster roster.csv`: a CSV file whose header is
/// `id,name` (more columns are allowed and ignored), one student a row.
///
/// Read strictly, so a typo in the class list is found before grades go out: every problem is
/// a located `Diagnostic` (`roster.csv:4:7`, columns counting characters).
public struct Roster: Sendable, Hashable {
    public struct Student: Sendable, Hashable {
        public var id: String
        public var name: String
        /// The student's line in the roster file, for messages.
        public var line: Int
    }

    /// In the file's order.
    public let students: [Student]
    /// As the user named it, for messages.
    public let file: String
    private let index: [String: Int]

    public func student(id: String) -> Student? { index[id].map { students[$0] } }

    /// - Throws: a located `Diagnostic` for a file that is not UTF-8, a header that is not
    ///   `id,name`, a quote left open, a row with another number of fields than the header, an
    ///   empty or malformed id, or an id listed twice.
    public static func parse(_ data: Data, file: String) throws(Diagnostic) -> Roster {
        guard var text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), "the roster is not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = try CSVRows.parse(text, file: file)
        guard let header = rows.first, header.fields.count >= 2,
            header.fields[0].text.trimmingCharacters(in: .whitespaces).lowercased() == "id",
            header.fields[1].text.trimmingCharacters(in: .whitespaces).lowercased() == "name"
        else {
            throw Diagnostic(
                at: SourceLocation(file: file, line: rows.first?.line ?? 1, column: 1),
                "the roster's first line must be the header 'id,name'",
                sourceLine: text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init),
                notes: ["the header names the columns: id (as students write it in their answers files), then name"])
        }
        var students: [Student] = []
        var index: [String: Int] = [:]
        for row in rows.dropFirst() {
            let location = SourceLocation(file: file, line: row.line, column: row.fields[0].column)
            guard row.fields.count == header.fields.count else {
                throw Diagnostic(
                    at: SourceLocation(file: file, line: row.line, column: 1),
                    "this row has \(row.fields.count) field\(row.fields.count == 1 ? "" : "s"); the header has \(header.fields.count)",
                    notes: ["quote a field that holds a comma: \"Smith, Jane\""])
            }
            guard let id = Submission.checkedStudentID(row.fields[0].text) else {
                throw Diagnostic(at: location, "a student id is 1 to 200 characters without control characters")
            }
            if let first = index[id] {
                throw Diagnostic(
                    at: location, "student id \"\(Escape.visible(id))\" is listed twice",
                    notes: ["first listed on line \(students[first].line)"])
            }
            index[id] = students.count
            students.append(Student(id: id, name: row.fields[1].text.trimmingCharacters(in: .whitespaces), line: row.line))
        }
        return Roster(students: students, file: file, index: index)
    }

    /// Reads the roster file at `path`.
    public static func load(_ path: String) throws(Diagnostic) -> Roster {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(at: nil, "cannot read the roster '\(path)'")
        }
        return try parse(data, file: path)
    }
}

/// RFC 4180 rows: fields separated by commas, rows by CRLF or LF, a field in double quotes may
/// hold commas, line breaks and doubled quotes. Blank lines are skipped.
enum CSVRows {
    struct Field { var text: String; var column: Int }
    struct Row { var fields: [Field]; var line: Int }

    static func parse(_ text: String, file: String) throws(Diagnostic) -> [Row] {
        var rows: [Row] = []
        var fields: [Field] = []
        var field = "", fieldColumn = 1, quoted = false, quoteStart = (line: 1, column: 1), afterQuote = false
        var line = 1, column = 1, rowLine = 1
        func endRow() {
            fields.append(Field(text: field, column: fieldColumn))
            if !(fields.count == 1 && fields[0].text.isEmpty) { rows.append(Row(fields: fields, line: rowLine)) }
            fields = []
            field = ""
        }
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < characters.count, characters[i + 1] == "\"" {
                        field.append("\""); i += 2; column += 2; continue
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    field.append(c)
                }
                if c == "\n" || c == "\r\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            }
            switch c {
            case ",":
                fields.append(Field(text: field, column: fieldColumn))
                field = ""
                afterQuote = false
                fieldColumn = column + 1
            case "\n", "\r\n", "\r":
                endRow()
                afterQuote = false
                line += 1
                column = 0
                rowLine = line
                fieldColumn = 1
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
                quoteStart = (line, column)
            default:
                if afterQuote {
                    throw Diagnostic(
                        at: SourceLocation(file: file, line: line, column: column),
                        "unexpected text after a quoted field; a quote inside a quoted field is written twice (\"\")")
                }
                if c == "\"" {
                    throw Diagnostic(
                        at: SourceLocation(file: file, line: line, column: column),
                        "a quote in the middle of a field; quote the whole field and double the quote (\"a \"\"b\"\"\")")
                }
                field.append(c)
            }
            column += 1
            i += 1
        }
        if quoted {
            throw Diagnostic(
                at: SourceLocation(file: file, line: quoteStart.line, column: quoteStart.column),
                "this quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRow() }
        return rows
    }
}
