#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import TextEscaping
import Testing
@testable import Grader

/// A hostile student's files: things that are not files, links to files they may not read,
/// other encodings, control characters, huge numbers. Each gives the exact message a teacher
/// or student reads, never a hang, and never a byte of a file that is not an answers file.
@Suite struct AdversarialFileTests {
    /// A fresh folder with one good answers file, `good.json`.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("adversarial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(Fixtures.file(student: "s001", [("gradient-decay", "\"0.25^9\"")])).write(to: url.appendingPathComponent("good.json"))
        return url
    }

    /// Grades `paths` on another thread and fails (instead of hanging the suite) after 20 s.
    static func gradeWithin20Seconds(_ paths: [String]) -> [Report]? {
        nonisolated(unsafe) var reports: [Report]?
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            reports = Fixtures.grader.grade(filesAt: paths)
            done.signal()
        }
        return done.wait(timeout: .now() + 20) == .success ? reports : nil
    }

    /// Every way a report leaves the grader, to check what a student or teacher could see.
    static func everyFormat(_ report: Report) -> String {
        [report.text(), report.jsonLine(), GradescopeResults(report: report).json(),
         Gradebook.csv(reports: [report], files: ["f.json"], exercises: Fixtures.grader.catalog.exercises)].joined(separator: "\n")
    }

    func refusal(_ report: Report) -> String? { report.errors?.joined(separator: "\n") }

    // MARK: Not regular files

    @Test func aNamedPipeInAFolderIsReportedNotWaitedOn() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        defer {
            // Should the grader be stuck opening the pipe, a writer lets it go.
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        let files = try Grader.answerFiles(in: [folder.path])
        let reports = try #require(Self.gradeWithin20Seconds(files), "grading a folder with a named pipe hung")
        #expect(reports.map(\.student) == ["s001", "pipe"])
        #expect(reports[0].result(for: "gradient-decay")?.status == .correct)
        #expect(refusal(reports[1]) == "\(fifo): error: this is a named pipe (FIFO), not an answers file; it was not read")
        #expect(reports[1].exercises.allSatisfy { $0.status == .error })
    }

    @Test func aNamedPipeGivenAsTheFileIsReported() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("answers.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        defer {
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        let reports = try #require(Self.gradeWithin20Seconds([fifo]), "grading a named pipe hung")
        #expect(refusal(reports[0]) == "\(fifo): error: this is a named pipe (FIFO), not an answers file; it was not read")
    }

    @Test func aFolderNamedLikeAnAnswersFileIsCalledAFolder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("x.json"), withIntermediateDirectories: false)
        let reports = Fixtures.grader.grade(filesAt: try Grader.answerFiles(in: [folder.path]))
        #expect(reports.map(\.student) == ["s001", "x"])
        #expect(refusal(reports[1]) == "\(folder.path)/x.json: error: this is a folder, not an answers file; it was not read")
    }

    @Test func aDeviceIsNotRead() throws {
        let reports = try #require(Self.gradeWithin20Seconds(["/dev/zero"]), "grading /dev/zero hung")
        #expect(refusal(reports[0]) == "/dev/zero: error: this is a device, not an answers file; it was not read")
    }

    @Test func aSocketIsNotRead() throws {
        // A short path: a socket's name is limited to about 100 bytes.
        let path = "/tmp/adv-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { unlink(path) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        let report = Fixtures.grader.grade(fileAt: path)
        #expect(refusal(report) == "\(path): error: this is a socket, not an answers file; it was not read")
    }

    // MARK: Links to files the student may not read

    @Test(arguments: ["/etc/passwd", "/proc/self/environ"])
    func aSymbolicLinkInAFolderIsNotFollowed(_ target: String) throws {
        try #require(FileManager.default.fileExists(atPath: target))
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("s002.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let reports = Fixtures.grader.grade(filesAt: try Grader.answerFiles(in: [folder.path]))
        #expect(reports[0].result(for: "gradient-decay")?.status == .correct)
        #expect(refusal(reports[1]) == "\(link): error: this is a symbolic link; answers files must be regular files, so it was not followed")
        let shown = Self.everyFormat(reports[1])
        for secret in ["root:", "/bin/", "PATH=", "HOME="] { #expect(!shown.contains(secret)) }
    }

    @Test func aSymbolicLinkGivenAsTheFileIsNotFollowedEither() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("answers.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/environ")
        let report = Fixtures.grader.grade(fileAt: link)
        #expect(refusal(report) == "\(link): error: this is a symbolic link; answers files must be regular files, so it was not followed")
        #expect(!Self.everyFormat(report).contains("PATH="))
    }

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func utf16LE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    static let notAnObject = "error: the answers file must be a JSON object, starting with '{'"
    static let notText = "error: the file is not text (it holds NUL bytes); answers files are UTF-8 text"
    static let utf16Message = "error: the file is UTF-16 (or UTF-32) text; answers files must be UTF-8"

    /// The bytes of a file that is not an answers file (a copy of /etc/passwd, the environment,
    /// a binary, UTF-16) are never quoted: not in the excerpt, not as "unexpected 'r'".
    static let notAnswersFiles: [(String, [UInt8], String)] = [
        ("passwd", utf8("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"), "passwd:1:1: " + notAnObject),
        ("environ", utf8("SECRET_TOKEN=abc123\u{0}PATH=/usr/bin\u{0}"), "environ:1:1: " + notAnObject),
        ("elf", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + utf8("SECRET_TOKEN"), "elf:1:1: " + notAnObject),
        ("array", utf8("\n  [\"SECRET_TOKEN\", 1]"), "array:2:3: " + notAnObject),
        ("utf16", [0xFF, 0xFE] + utf16LE(#"{"student":"SECRET_TOKEN"}"#), "utf16:1:1: " + utf16Message),
        ("utf16-no-bom", utf16LE(#"{"student":"SECRET_TOKEN"}"#), "utf16-no-bom:1:1: " + utf16Message),
        ("utf32-le", utf8(#"{"student":"SECRET_TOKEN"}"#).flatMap { [$0, 0, 0, 0] }, "utf32-le:1:1: " + utf16Message),
        ("utf32-be", utf8(#"{"student":"SECRET_TOKEN"}"#).flatMap { [0, 0, 0, $0] }, "utf32-be:1:1: " + utf16Message),
        ("zeros", [UInt8](repeating: 0, count: 2_000), "zeros:1:1: " + notText),
        ("nul-then-secret", [0, 0, 0, 0] + utf8("SECRET_TOKEN"), "nul-then-secret:1:1: " + notText),
        ("latin1", utf8(#"{"student": "SECRET_TOKEN"#) + [0xE9] + utf8(#"", "answers": {}}"#), "latin1:1:26: error: the file is not valid UTF-8"),
    ]

    @Test(arguments: notAnswersFiles)
    func bytesOfAFileThatIsNotAnAnswersFileAreNeverShown(_ name: String, _ bytes: [UInt8], _ headline: String) throws {
        let report = Fixtures.grader.grade(data: bytes, file: name)
        let error = try #require(report.errors?.first)
        #expect(error.split(separator: "\n").first.map(String.init) == headline)
        #expect(!error.contains(" | "), "no caret excerpt")
        let shown = Self.everyFormat(report)
        for secret in ["root", "SECRET", "TOKEN", "bash", "ELF"] { #expect(!shown.contains(secret), "\(name): \(secret)") }
    }

    // MARK: Sizes

    @Test func theSizeIsTheOpenedFilesOwn() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.json")
        try Data(repeating: UInt8(ascii: " "), count: 3_000).write(to: big)
        let grader = try Grader(catalog: Fixtures.grader.catalog, limits: GradingLimits(maxFileBytes: 1_000))
        #expect(refusal(grader.grade(fileAt: big.path)) == "\(big.path):1:1: error: the answers file is 3000 bytes; the limit is 1000")
        // Through a link the size would have been the link's ("36 bytes"): a link is not read at all.
        let link = folder.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: big.path)
        #expect(refusal(grader.grade(fileAt: link)) == "\(link): error: this is a symbolic link; answers files must be regular files, so it was not followed")
    }

    @Test func theLargestLimitDoesNotOverflow() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let grader = try Grader(catalog: Fixtures.grader.catalog, limits: GradingLimits(maxFileBytes: .max))
        let report = grader.grade(fileAt: folder.appendingPathComponent("good.json").path)
        #expect(report.errors == nil)
        #expect(report.result(for: "gradient-decay")?.status == .correct)
    }

    // MARK: Encodings and control characters

    @Test func controlCharactersAreEscapedInEveryFormat() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A name with ESC, and after the JSON value an ESC sequence, BEL and NUL.
        let file = folder.appendingPathComponent("e\u{1B}[31m.json")
        try Data(Array(#"{"student": "s9", "answers": {}}"#.utf8) + [0x1B] + Array("[2J".utf8) + [0x07, 0x00]).write(to: file)
        let report = Fixtures.grader.grade(fileAt: file.path)
        let escapedPath = file.path.replacingOccurrences(of: "\u{1B}", with: "\\u{1b}")
        #expect(report.student == "e\\u{1b}[31m")
        #expect(refusal(report) == """
            \(escapedPath):1:33: error: unexpected control character 0x1B after the end of the JSON value
            1 | {"student": "s9", "answers": {}}\\u{1b}[2J\\u{7}\\u{0}
              |                                 ^
            """)
        #expect(report.text().hasPrefix("""
            e\\u{1b}[31m: 0 / 13
              \(escapedPath):1:33: error: unexpected control character 0x1B after the end of the JSON value
              1 | {"student": "s9", "answers": {}}\\u{1b}[2J\\u{7}\\u{0}
                |                                 ^
            """))
        let shown = Self.everyFormat(report)
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" })
        let decoded = try JSONDecoder().decode(Report.self, from: Data(report.jsonLine().utf8))
        #expect(decoded.student == "e\\u{1b}[31m", "escaped in the JSON text itself, not only JSON-encoded")
        #expect(Gradebook.csv(reports: [report], files: ["e.json"], exercises: []).hasSuffix("\r\ne\\u{1b}[31m,,e.json,unreadable,0\r\n"))
    }

    @Test func aLineBreakInAFileNameCannotForgeAReportLine() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("x\n  ✓ xor-network  2 of 2  correct.json")
        try Data("[]".utf8).write(to: file)
        let report = Fixtures.grader.grade(fileAt: file.path)
        #expect(report.student == "x\\u{a}  ✓ xor-network  2 of 2  correct")
        #expect(!report.text().contains("\n  ✓"))
        #expect(report.text().hasPrefix("x\\u{a}  ✓ xor-network  2 of 2  correct: 0 / 13\n  \(folder.path)/x\\u{a}  ✓ xor-network"))
    }

    @Test func nulBytesInsideAnAnswersFileAreShownEscaped() throws {
        let bytes = Array(#"{"student":"s","#.utf8) + [0x00] + Array(#""answers":{}}"#.utf8)
        let report = Fixtures.grader.grade(data: bytes, file: "nul.json")
        #expect(report.text().contains(#"1 | {"student":"s",\u{0}"answers":{}}"#))
        #expect(!report.text().contains("\u{0}"))
    }

    @Test func aControlCharacterWithACombiningMarkIsStillEscaped() {
        // ESC + U+0301 is one Character: escaping must work on scalars, not characters.
        #expect(Escape.visible("a\u{1B}\u{301}[31m") == "a\\u{1b}\u{301}[31m")
        #expect(Escape.quotedSnippet("\u{1B}\u{301}x") == "\\u{1b}\u{301}x")
        #expect(Escape.visible("line\nnext\ttab\r", keepingLineBreaks: true) == "line\nnext\ttab\\u{d}")
    }

    // MARK: Numbers

    @Test func aHugeNumberIsAnErrorForItsAnswerOnly() {
        let report = Fixtures.grade([
            ("gradient-decay", "1e999"), ("backprop-w1", "-1e999"), ("relu-derivative", "\"step(x)\""),
            ("leaky-relu-derivative", "1E400"), ("weights", "[[1e999, -1], [2, 0.25]]"),
            ("xor-network", #"{"W1": [[1, 1], [-1, -1e999]], "b1": [-1.5, 0.5], "W2": [[-1, -1]], "b2": [0.5]}"#),
        ])
        #expect(report.errors == nil)
        #expect(report.result(for: "relu-derivative")?.status == .correct, "the other answers are graded")
        #expect(report.result(for: "gradient-decay")?.feedback == "s001.json:4:23: the number 1e999 is too large (beyond ±1.8e308)")
        #expect(report.result(for: "backprop-w1")?.feedback == "s001.json:5:20: the number -1e999 is too large (beyond ±1.8e308)")
        #expect(report.result(for: "leaky-relu-derivative")?.feedback == "s001.json:7:30: the number 1E400 is too large (beyond ±1.8e308)")
        #expect(report.result(for: "weights")?.feedback == "s001.json:8:18: element [0][0]: the number 1e999 is too large (beyond ±1.8e308)")
        #expect(report.result(for: "xor-network")?.feedback == "s001.json:9:41: W1[1][1]: the number -1e999 is too large (beyond ±1.8e308)")
        for id in ["gradient-decay", "backprop-w1", "leaky-relu-derivative", "weights", "xor-network"] {
            #expect(report.result(for: id)?.status == .error, "\(id)")
        }
    }
}
