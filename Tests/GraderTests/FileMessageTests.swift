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
