import Foundation
import NNLanguage
import Testing
@testable import Grader

/// The nasty files kept in `Fuzz/corpus` (and any crash the fuzzer ever found, added there):
/// each must be graded to a report, and its text parsed as an expression, without a crash or hang.
@Suite struct CorpusTests {
    static let files: [URL] = {
        let folder = Fixtures.root.appendingPathComponent("Fuzz/corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 40)
    }

    @Test(arguments: files)
    func everyNastyFileIsGradedWithoutCrashing(_ url: URL) throws {
        let data = try Data(contentsOf: url)
        // Speed is the benchmark's business (Benchmarks/grading --worst), not a timed test:
        // the step allowances bound the work deterministically.
        let report = Fixtures.grader.grade(data: data, file: url.lastPathComponent)
        #expect(report.exercises.count == Fixtures.grader.catalog.exercises.count)
        #expect(report.score >= 0 && report.score <= report.maxScore)
        #expect(!report.jsonLine().isEmpty && !report.text().isEmpty)
        let text = String(decoding: data, as: UTF8.self)
        if let expression = try? Expression.parse(text, limits: ExpressionLimits(length: 1_000, depth: 64, steps: 100_000)) {
            _ = try? expression.evaluate(["x": 0.5])
        }
    }

    @Test func whatTheNastyFilesShouldGive() throws {
        func report(_ name: String) throws -> Report {
            Fixtures.grader.grade(data: try Data(contentsOf: Fixtures.root.appendingPathComponent("Fuzz/corpus/\(name)")), file: name)
        }
        #expect(try report("ok-all-kinds.json").exercises.filter { $0.status == .correct }.map(\.id) == ["xor-network", "relu-derivative", "leaky-relu-derivative", "gradient-decay", "weights", "activations"])
        #expect(try report("deep-arrays.json").errors?.first?.contains("JSON nested more than 16 levels deep") == true)
        // Numbers past ±1.8e308 are errors for their answers only (the file is read).
        #expect(try report("huge-number.json").errors == nil)
        #expect(try report("huge-number.json").result(for: "gradient-decay")?.feedback.contains("1e999999999 is too large") == true)
        #expect(try report("huge-number.json").result(for: "backprop-w1")?.feedback.contains("-1e309 is too large") == true)
        #expect(try report("huge-number-among-answers.json").result(for: "relu-derivative")?.status == .correct)
        #expect(try report("huge-number-among-answers.json").result(for: "weights")?.feedback.contains("1e400 is too large") == true)
        #expect(try report("not-answers-passwd.txt").errors == ["not-answers-passwd.txt:1:1: error: the answers file must be a JSON object, starting with '{'\nnote: an answers file looks like {\"student\": \"<id>\", \"answers\": {\"<exercise-id>\": <answer>, ...}}"])
        #expect(try !report("control-after-value.json").text().unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(try report("invalid-utf8.json").errors?.first?.contains("not valid UTF-8") == true)
        #expect(try report("bom.json").result(for: "gradient-decay")?.status == .correct)
        #expect(try report("nan-strings.json").result(for: "gradient-decay")?.feedback.contains("not a number (NaN)") == true)
        #expect(try report("expression-deep-parens.json").result(for: "relu-derivative")?.status == .error)
        #expect(try report("expression-long.json").result(for: "relu-derivative")?.feedback.contains("characters long; the limit is 1000") == true)
        #expect(try report("expression-big-tensors.json").result(for: "relu-derivative")?.status == .error)
        #expect(try report("choice-many.json").result(for: "activations")?.feedback.contains("more than 100 options") == true)
        #expect(try report("tensor-huge.json").result(for: "weights")?.status == .error)
        #expect(try report("student-long.json").errors?.first?.contains("1 to 200 characters") == true)
        let unknown = try report("unknown-exercises.json").notes ?? []
        #expect(unknown.first?.hasSuffix("entries; only the first 1,000 are read") == true)
        #expect(unknown.count == 12, "ten unknown ids shown, the rest counted in one line")
        #expect(unknown.last?.hasPrefix("… and ") == true && unknown.last?.hasSuffix(" more answers for unknown exercises ignored") == true)
        // Expensive answers run out of their own step allowance, whatever the machine's load,
        // and leave the others alone.
        let budget = try report("expression-descent-budget.json")
        #expect(budget.result(for: "weights")?.feedback.contains("needs more than 710,000 evaluation steps (the limit for one answer)") == true, "\(budget.result(for: "weights")?.feedback ?? "")")
        // Gradient descent and training compute answers: refused before they run, so they cost nothing.
        #expect(budget.result(for: "relu-derivative")?.message == .computesTheAnswer(name: "descent"))
        #expect(budget.result(for: "gradient-decay")?.message == .computesTheAnswer(name: "train"))
        #expect(budget.result(for: "leaky-relu-derivative")?.status == .correct)
    }
}
