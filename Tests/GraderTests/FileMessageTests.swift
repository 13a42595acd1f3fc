import Foundation
import Testing
@testable import Grader

/// What a report says about the answers file as a whole, in both languages: the same value,
/// the same location prefix, the words of the report's language.
@Suite struct FileMessageTests {
    static let japanese = try! Grader(catalog: Fixtures.grader.catalog, reportLanguage: .ja)
    static let english = try! Grader(catalog: Fixtures.grader.catalog, reportLanguage: .en)

    static func grade(_ grader: Grader, _ text: String, student: String? = nil) -> Report {
        grader.grade(data: Array(text.utf8), file: "a.json", student: student)
    }

    @Test func anUnknownMemberIsNotedInTheReportsLanguage() {
        let file = #"{"student": "s", "extra": 1, "answers": {}}"#
        #expect(Self.grade(Self.english, file).notes == [#"a.json:1:18: unknown member "extra" ignored"#])
        #expect(Self.grade(Self.japanese, file).notes == [#"a.json:1:18: 不明な項目 "extra" は無視しました"#])
    }

    @Test func tooManyAnswersAreNotedInTheReportsLanguage() {
        let file = "{\"student\": \"s\", \"answers\": {" + (0..<1_200).map { "\"zz\($0)\": 1" }.joined(separator: ", ") + "}}"
        #expect(Self.grade(Self.english, file).notes?.first == "\"answers\" has 1,200 entries; only the first 1,000 are read")
        #expect(Self.grade(Self.japanese, file).notes?.first == "\"answers\" に 1,200 件の解答があります。読むのは最初の 1,000 件だけです")
    }

    @Test func aSubmitterOtherThanTheFilesStudentIsNotedInTheReportsLanguage() {
        let file = #"{"student": "s9", "answers": {}}"#
        #expect(Self.grade(Self.english, file, student: "s1").notes == [
            #"the answers file names student "s9"; the submission is from "s1", whose numbers are graded"#,
        ])
        #expect(Self.grade(Self.japanese, file, student: "s1").notes == [
            #"解答ファイルには学生 "s9" と書かれていますが、提出者は "s1" です。"s1" の数値で採点しました"#,
        ])
    }

    @Test func aFolderIsRefusedInTheReportsLanguage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filemessage-\(UUID().uuidString).json")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path
        #expect(Self.english.grade(fileAt: path).errors == ["\(path): error: this is a folder, not an answers file; it was not read"])
        #expect(Self.japanese.grade(fileAt: path).errors == ["\(path): error: これはフォルダーで、解答ファイルではありません。読んでいません"])
    }

    @Test func aSymbolicLinkAndAMissingFileAreRefusedInTheReportsLanguage() throws {
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("filemessage-\(UUID().uuidString).json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
        defer { try? FileManager.default.removeItem(atPath: link) }
        #expect(Self.english.grade(fileAt: link).errors == ["\(link): error: this is a symbolic link; answers files must be regular files, so it was not followed"])
        #expect(Self.japanese.grade(fileAt: link).errors == ["\(link): error: これはシンボリックリンクです。解答ファイルは通常のファイルにしてください（リンク先は読んでいません）"])
        let missing = link + ".missing"
        #expect(Self.english.grade(fileAt: missing).errors == ["\(missing): error: cannot read the answers file: No such file or directory"])
        #expect(Self.japanese.grade(fileAt: missing).errors == ["\(missing): error: 解答ファイルを読めません: No such file or directory"])
    }

    @Test func aFileOverTheLimitIsRefusedInTheReportsLanguage() throws {
        let limits = GradingLimits(maxFileBytes: 10)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("filemessage-\(UUID().uuidString).json").path
        try Data(repeating: UInt8(ascii: " "), count: 25).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let english = try Grader(catalog: Fixtures.grader.catalog, limits: limits, reportLanguage: .en)
        let japanese = try Grader(catalog: Fixtures.grader.catalog, limits: limits, reportLanguage: .ja)
        #expect(english.grade(fileAt: path).errors == ["\(path):1:1: error: the answers file is 25 bytes; the limit is 10"])
        #expect(japanese.grade(fileAt: path).errors == ["\(path):1:1: error: 解答ファイルの大きさは 25 バイトです。上限は 10 バイトです"])
    }

    @Test func everyKindOfFileHasAJapaneseName() {
        let kinds: [AnswersFile.Kind] = [.folder, .namedPipe, .device, .socket, .symbolicLink, .special]
        let japanese = kinds.map { FileMessage.notRegular(path: "p", kind: $0).text(in: .ja) }
        #expect(japanese == ["フォルダー", "名前付きパイプ（FIFO）", "デバイス", "ソケット", "シンボリックリンク", "特殊なファイル"].map {
            "p: error: これは\($0)で、解答ファイルではありません。読んでいません"
        })
        #expect(FileMessage.tooLarge(path: "p", bytes: nil, read: 10, limit: 10).text(in: .ja)
            == "p:1:1: error: 解答ファイルの大きさは 10 バイトを超えています。上限は 10 バイトです")
        #expect(FileMessage.tooLarge(path: "p", bytes: nil, read: 10, limit: 10).text(in: .en)
            == "p:1:1: error: the answers file is more than 10 bytes; the limit is 10")
    }

    @Test func rosterWarningsAreInTheGradersLanguage() throws {
        let roster = try RosterTests.roster("id,name\ns1,Ann\ns2,Bo\ns3,Cy\n")
        let reports = [GradebookTests.grade(#"{"student": "zz", "answers": {"half": 0.5}}"#, "a/zz.json"),
                       GradebookTests.grade(#"{"student": "s2", "answers": {}}"#, "a/s2.json")]
        let files = ["a/zz.json", "a/s2.json"]
        #expect(Gradebook.rosterWarnings(reports: reports, files: files, roster: roster, language: .en) == [
            "warning: a/zz.json: student \"zz\" is not in the roster 'roster.csv'",
            "warning: 2 students in the roster 'roster.csv' have no answers file: s1 (Ann), s3 (Cy)",
        ])
        #expect(Gradebook.rosterWarnings(reports: reports, files: files, roster: roster, language: .ja) == [
            "warning: a/zz.json: 学生 \"zz\" は名簿 'roster.csv' にいません",
            "warning: 名簿 'roster.csv' の学生 2 人の解答ファイルがありません: s1 (Ann)、s3 (Cy)",
        ])
        let many = try RosterTests.roster("id,name\n" + (1...12).map { "m\($0),\n" }.joined())
        #expect(Gradebook.rosterWarnings(reports: [], files: [], roster: many, language: .ja).last?.hasSuffix("m10 ほか 2 人") == true)
        #expect(Gradebook.rosterWarnings(reports: [], files: [], roster: many, language: .en).last?.hasSuffix("m10 and 2 more") == true)
    }
}

/// Why a whole answers file was not read, in both languages: the same location, the same notes'
/// places, the report's words.
@Suite struct FileProblemTests {
    static let shape = #"{"student": "<id>", "answers": {"<exercise-id>": <answer>, ...}}"#

    static func errors(_ bytes: [UInt8], _ language: ReportLanguage) throws -> String {
        let grader = try Grader(catalog: Fixtures.grader.catalog, limits: GradingLimits(maxFileBytes: 200), reportLanguage: language)
        return grader.grade(data: bytes, file: "a.json").errors?.joined(separator: "\n") ?? ""
    }

    static let cases: [(file: [UInt8], english: String, japanese: String)] = [
        ([0xFF, 0xFE, 0x7B, 0], "a.json:1:1: error: the file is UTF-16 (or UTF-32) text; answers files must be UTF-8\nnote: save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
         "a.json:1:1: error: このファイルは UTF-16（または UTF-32）のテキストです。解答ファイルは UTF-8 で保存してください\nnote: UTF-8 で保存し直してください（メモ帳なら「名前を付けて保存」で文字コードに UTF-8 を選びます）"),
        ([0, 0x01, 0x02, 0], "a.json:1:1: error: the file is not text (it holds NUL bytes); answers files are UTF-8 text\nnote: an answers file looks like \(shape)",
         "a.json:1:1: error: このファイルはテキストではありません（NUL バイトを含みます）。解答ファイルは UTF-8 のテキストです\nnote: 解答ファイルの形は \(shape) です"),
        (Array("  ".utf8), "a.json:1:3: error: the file is empty; expected a JSON object", "a.json:1:3: error: ファイルが空です。JSON のオブジェクトを書いてください"),
        (Array("[1]".utf8), "a.json:1:1: error: the answers file must be a JSON object, starting with '{'\nnote: an answers file looks like \(shape)",
         "a.json:1:1: error: 解答ファイルは JSON のオブジェクト（'{' で始まるもの）にしてください\nnote: 解答ファイルの形は \(shape) です"),
        (Array("{\"a\": \"".utf8) + [0xC3] + Array("\"}".utf8), "a.json:1:8: error: the file is not valid UTF-8\nnote: save it as UTF-8",
         "a.json:1:8: error: このファイルは正しい UTF-8 ではありません\nnote: UTF-8 で保存し直してください"),
        (Array(repeating: UInt8(ascii: " "), count: 201), "a.json:1:1: error: the answers file is 201 bytes; the limit is 200",
         "a.json:1:1: error: 解答ファイルの大きさは 201 バイトです。上限は 200 バイトです"),
    ]

    @Test(arguments: 0..<cases.count) func encodingAndSizeInBothLanguages(_ index: Int) throws {
        let (file, english, japanese) = Self.cases[index]
        #expect(try Self.errors(file, .en) == english)
        #expect(try Self.errors(file, .ja) == japanese)
    }

    /// The first line of the message (the excerpt and caret follow it unchanged).
    static func headline(_ text: String, _ language: ReportLanguage) throws -> String {
        try errors(Array(text.utf8), language).components(separatedBy: "\n")[0]
    }

    static let shapes: [(file: String, english: String, japanese: String)] = [
        (#"{"student": "s", "student": "t", "answers": {}}"#, #"a.json:1:18: error: "student" is given twice"#, #"a.json:1:18: error: "student" が 2 回書かれています"#),
        (#"{"student": 7, "answers": {}}"#, #"a.json:1:13: error: "student" must be a string, not a number"#, #"a.json:1:13: error: "student" は文字列にしてください（数になっています）"#),
        (#"{"student": "", "answers": {}}"#, #"a.json:1:13: error: "student" must be 1 to 200 characters without control characters"#, #"a.json:1:13: error: "student" は制御文字を含まない 1〜200 文字にしてください"#),
        (#"{"answers": {}}"#, #"a.json:1:1: error: the answers file has no "student" id"#, #"a.json:1:1: error: 解答ファイルに "student"（学生 ID）がありません"#),
        (#"{"student": "s", "answers": {}, "answers": {}}"#, #"a.json:1:33: error: "answers" is given twice"#, #"a.json:1:33: error: "answers" が 2 回書かれています"#),
        (#"{"student": "s", "answers": [1]}"#, #"a.json:1:29: error: "answers" must be an object mapping exercise ids to answers, not an array"#,
         #"a.json:1:29: error: "answers" は問題 ID と解答を対応させるオブジェクトにしてください（配列になっています）"#),
        (#"{"student": "s"}"#, #"a.json:1:1: error: the answers file has no "answers" object"#, #"a.json:1:1: error: 解答ファイルに "answers" オブジェクトがありません"#),
    ]

    @Test(arguments: 0..<shapes.count) func shapeInBothLanguages(_ index: Int) throws {
        let (file, english, japanese) = Self.shapes[index]
        #expect(try Self.headline(file, .en) == english)
        #expect(try Self.headline(file, .ja) == japanese)
    }

    @Test func aValueThatIsNotAnObjectIsNamedInBothLanguages() {
        #expect(FileProblem.rootKind(.array).text(in: .en) == "the answers file must be a JSON object, not an array")
        #expect(FileProblem.rootKind(.array).text(in: .ja) == "解答ファイルは JSON のオブジェクトにしてください（配列になっています）")
        #expect(FileProblem.rootKind(.string).notes(in: .en) == ["expected \(Self.shape)"])
        #expect(FileProblem.rootKind(.string).notes(in: .ja) == ["期待する形: \(Self.shape)"])
    }
}

/// JSON syntax errors in an answers file, in both languages, through the grader.
@Suite struct JSONSyntaxLanguageTests {
    static let cases: [(file: String, english: String, japanese: String)] = [
        (#"{"student": "s", "answers": {},}"#, "a.json:1:32: error: trailing comma before '}'", "a.json:1:32: error: '}' の前に余分なコンマがあります"),
        (#"{"student": 's'}"#, #"a.json:1:13: error: JSON strings use double quotes ("), not single quotes"#,
         #"a.json:1:13: error: JSON の文字列は一重引用符（'）ではなく二重引用符（"）で囲んでください"#),
        (#"{"student" "s"}"#, "a.json:1:12: error: unexpected '\"'; expected ':' after the member name",
         "a.json:1:12: error: 項目名のあとには ':' を書いてください（'\"' があります）"),
        (#"{"student": "s""#, "a.json:1:16: error: unexpected end of file inside the object opened at a.json:1:1",
         "a.json:1:16: error: a.json:1:1 で始まったオブジェクトの途中でファイルが終わっています"),
        (#"{"student": "s"} x"#, "a.json:1:18: error: unexpected 'x' after the end of the JSON value",
         "a.json:1:18: error: JSON の値が終わったあとに 'x' があります"),
        (#"{"a": [1 2]}"#, "a.json:1:10: error: unexpected '2'; expected ',' or ']'", "a.json:1:10: error: ここには ',' か ']' を書いてください（'2' があります）"),
        (#"{"a": 01}"#, "a.json:1:7: error: JSON numbers cannot have leading zeros", "a.json:1:7: error: JSON の数には先頭に余分な 0 を付けられません"),
        (#"{"a": NaN}"#, "a.json:1:7: error: NaN and Infinity are not JSON numbers", "a.json:1:7: error: NaN と Infinity は JSON の数ではありません"),
        (#"{"a": "\q"}"#, #"a.json:1:8: error: invalid escape '\q' in a string"#, #"a.json:1:8: error: 文字列の中ではエスケープ '\q' は使えません"#),
        ("{\"a\": \"x\ny\"}", "a.json:1:9: error: control character 0xA inside a string", "a.json:1:9: error: 文字列の中に 制御文字 0xA があります"),
        (#"{"a": @}"#, "a.json:1:7: error: unexpected '@'; expected a value", "a.json:1:7: error: ここには値を書いてください（'@' があります）"),
    ]

    @Test(arguments: 0..<cases.count) func syntaxErrorsInBothLanguages(_ index: Int) throws {
        let (file, english, japanese) = Self.cases[index]
        #expect(try FileProblemTests.headline(file, .en) == english)
        #expect(try FileProblemTests.headline(file, .ja) == japanese)
    }

    /// Every case has its own Japanese wording (kana in it) and as many notes as in English.
    @Test func everyCaseIsWordedInJapanese() {
        let token = JSONSyntax.Token.character("x")
        let all: [JSONSyntax] = [
            .afterEnd(token), .endOfFileExpectingValue, .singleQuotes, .expectedValue(.endOfFile), .nonFinite, .tooDeep(16),
            .endInObject(opened: "a.json:1:1"), .endInArray(opened: "a.json:1:1"), .trailingComma(closer: "]"),
            .expectedMemberName(.byte(0xC3)), .expectedColon(.control(9)), .expectedCommaOr(closer: "}", token),
            .digitsAfterMinus, .leadingZeros, .digitsAfterPoint, .digitsInExponent, .notANumber("1.2.3"), .notUTF8,
            .stringNeverClosed, .unpairedSurrogate, .invalidEscape(.byte(0xFF)), .controlInString(.control(0)), .needsFourHexDigits,
        ]
        for syntax in all {
            let japanese = syntax.text(in: .ja)
            #expect(japanese != syntax.text(in: .en))
            #expect(japanese.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) }, "\(japanese)")
            #expect(syntax.notes(in: .ja).count == syntax.notes(in: .en).count)
        }
        #expect(JSONSyntax.expectedMemberName(.byte(0xC3)).text(in: .ja) == "ここには二重引用符で囲んだ項目名を書いてください（バイト 0xC3 があります）")
        #expect(JSONSyntax.nonFinite.notes(in: .ja) == [#"有限の数か、"1/3" のように文字列に入れた式を書いてください"#])
        #expect(JSONSyntax.tooDeep(16).text(in: .ja) == "JSON の入れ子が 16 段を超えています")
    }
}

@Suite struct DuplicateWarningLanguageTests {
    @Test func oneStudentInTwoFilesIsWarnedInEitherLanguage() {
        let reports = [GradebookTests.grade(#"{"student": "s1", "answers": {"half": 0.5}}"#, "a.json"),
                       GradebookTests.grade(#"{"student": "s1", "answers": {}}"#, "b.json")]
        #expect(Gradebook.duplicateWarnings(reports: reports, files: ["a.json", "b.json"], language: .en) == [
            "warning: student \"s1\" is in 2 answers files (a.json, b.json); each is reported, the gradebook counts the highest total: a.json (1 / 3)",
        ])
        #expect(Gradebook.duplicateWarnings(reports: reports, files: ["a.json", "b.json"], language: .ja) == [
            "warning: 学生 \"s1\" の解答ファイルが 2 件あります（a.json、b.json）。どれも採点しましたが、成績表には合計点の最も高い a.json（1 / 3）を記録します",
        ])
    }
}
