#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Where `grade` and `handout` put what they produce: a failed write to standard output is an
/// error, and a report file never replaces a device, a pipe, a link, a folder or an input.
@Suite struct ReportOutputTests {
    /// A character device like /dev/full (writes fail with ENOSPC), made in `folder` so no
    /// system node is ever at stake; /dev/full itself (only written to) where mknod is not allowed.
    static func fullDevice(in folder: URL) -> String {
        let path = folder.appendingPathComponent("full").path
        #if os(Linux)
        if mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0 { return path }
        #endif
        return "/dev/full"
    }

    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aFullStandardOutputIsAnErrorNotACrash() throws {
        let (root, sheets, answers) = try GradeCommandTests.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = answers.appendingPathComponent("a.json").path
        try GradeCommandTests.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: URL(fileURLWithPath: file))
        let full = Self.fullDevice(in: root)
        let report = "error: cannot write the report to standard output: No space left on device\n"
        let cases: [([String], String)] = [
            (["grade", file, "--exercises", sheets], report),
            (["grade", file, "--exercises", sheets, "--format", "json"], report),
            (["grade", file, "--exercises", sheets, "--format", "gradescope"], report),
            (["grade", answers.path, "--exercises", sheets], report),
            (["handout", "--student", "s1", "--exercises", sheets], "error: cannot write the handout to standard output: No space left on device\n"),
            (["eval", "x^2", "--at", "x=1,2", "--format", "json"], "error: cannot write the values to standard output: No space left on device\n"),
        ]
        for (arguments, message) in cases {
            let result = try Coursegen.run(arguments, standardOutput: full)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
        #expect(Self.kind(full) == S_IFCHR)
    }

    /// Every report file the CLI writes, as `(arguments, what)` for a destination `path`.
    static func writers(_ sheets: String, _ file: String, _ path: String) -> [([String], String)] {
        [
            (["grade", file, "--exercises", sheets, "--gradebook", path], "the gradebook"),
            (["handout", "--student", "s1", "--exercises", sheets, "-o", path], "the handout"),
            (["handout", "--student", "s1", "--exercises", sheets, "--html", path], "the HTML handout"),
        ]
    }

    @Test func aReportFileNeverReplacesAFolderAPipeADeviceOrALink() throws {
        let (root, sheets, answers) = try GradeCommandTests.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = answers.appendingPathComponent("a.json").path
        try GradeCommandTests.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: URL(fileURLWithPath: file))
        let folder = root.appendingPathComponent("folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let fifo = root.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let target = root.appendingPathComponent("notes.txt").path
        try GradeCommandTests.write("keep me\n", to: URL(fileURLWithPath: target))
        let link = root.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        var cases: [(String, String, mode_t)] = [
            (folder, "it is a folder", S_IFDIR),
            (fifo, "it is a named pipe (FIFO)", S_IFIFO),
            (link, "it is a symbolic link; report files are not written through links", S_IFLNK),
        ]
        #if os(Linux)
        let device = root.appendingPathComponent("null").path
        if mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 { cases.append((device, "it is a device", S_IFCHR)) }
        #endif
        for (path, reason, kind) in cases {
            for (arguments, what) in Self.writers(sheets, file, path) {
                let result = try Coursegen.run(arguments)
                #expect(result.status == 1, "\(arguments)")
                #expect(result.stdout.isEmpty, "refused before anything is graded or written: \(arguments)")
                #expect(result.stderr == "error: cannot write \(what) to '\(path)': \(reason)\n")
                #expect(Self.kind(path) == kind, "\(path) is still what it was")
            }
        }
        #expect(try Self.read(target) == "keep me\n")
    }

    @Test func aReportFileNeverOverwritesAnInput() throws {
        let (root, sheets, answers) = try GradeCommandTests.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = answers.appendingPathComponent("a.json").path
        let answersText = #"{"student": "s1", "answers": {"half": 0.5}}"#
        try GradeCommandTests.write(answersText, to: URL(fileURLWithPath: file))
        let sheet = sheets + "/01.json"
        let sheetText = try Self.read(sheet)
        let graded = "that would overwrite an answers file being graded"
        for arguments in [["grade", file], ["grade", answers.path], ["grade", answers.path + "/./a.json"]] {
            let result = try Coursegen.run(arguments + ["--exercises", sheets, "--gradebook", file])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "error: cannot write the gradebook to '\(file)': \(graded)\n")
        }
        for (arguments, what) in Self.writers(sheets, file, sheet) {
            let result = try Coursegen.run(arguments)
            #expect(result.status == 1)
            #expect(result.stderr == "error: cannot write \(what) to '\(sheet)': that would overwrite a file in the exercises folder being read\n")
        }
        let newInSheets = sheets + "/grades.json"
        for (arguments, what) in Self.writers(sheets, file, newInSheets) {
            let result = try Coursegen.run(arguments)
            #expect(result.status == 1)
            #expect(result.stderr == "error: cannot write \(what) to '\(newInSheets)': it is inside the exercises folder being read\n")
        }
        #expect(!FileManager.default.fileExists(atPath: newInSheets))
        #expect(try Self.read(file) == answersText)
        #expect(try Self.read(sheet) == sheetText)
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsPermissions() throws {
        let (root, sheets, answers) = try GradeCommandTests.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = answers.appendingPathComponent("a.json").path
        try GradeCommandTests.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: URL(fileURLWithPath: file))
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let path = out.appendingPathComponent("report").path
        for (arguments, _) in Self.writers(sheets, file, path) {
            try GradeCommandTests.write(String(repeating: "old ", count: 10_000), to: URL(fileURLWithPath: path))
            #expect(chmod(path, 0o640) == 0)
            let result = try Coursegen.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let text = try Self.read(path)
            #expect(!text.contains("old "))
            #expect(text.hasPrefix("student,name,file,status,half,third,total") || text.contains("s1"))
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["report"], "no temporary file left")
        }
        let fresh = try Coursegen.run(["grade", file, "--exercises", sheets, "--gradebook", out.appendingPathComponent("new.csv").path])
        #expect(fresh.status == 0)
        #expect(try Self.read(out.appendingPathComponent("new.csv").path)
            == "student,name,file,status,half,third,total\r\n(maximum),,,,1,1,2\r\ns1,,\(file),graded,1,,1\r\n")
        let nowhere = out.appendingPathComponent("missing/new.csv").path
        let missing = try Coursegen.run(["grade", file, "--exercises", sheets, "--gradebook", nowhere])
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == "error: cannot write the gradebook to '\(nowhere)': its folder does not exist\n")
    }

    @Test func theSameFileNamedTwiceIsGradedOnce() throws {
        let (root, sheets, answers) = try GradeCommandTests.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = answers.appendingPathComponent("a.json"), b = answers.appendingPathComponent("b.json")
        try GradeCommandTests.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: a)
        try GradeCommandTests.write(#"{"student": "s2", "answers": {"third": "1/3"}}"#, to: b)
        let twice = try Coursegen.run(["grade", a.path, a.path, "--exercises", sheets, "--format", "gradescope"])
        #expect(twice.status == 0, "one file, named twice, is one submission")
        #expect(twice.stderr.isEmpty)
        let mixed = try Coursegen.run(["grade", a.path, answers.path, answers.path + "/./b.json", "--exercises", sheets, "--format", "json"])
        #expect(mixed.status == 0)
        #expect(mixed.stderr.isEmpty, "no duplicate-student warning for one file")
        let students = mixed.stdout.split(separator: "\n").map { String($0.prefix(16)) }
        #expect(students == [#"{"student":"s1","#, #"{"student":"s2","#])
    }
}
