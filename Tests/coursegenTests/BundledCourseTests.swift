import Foundation
import Testing

/// The README's first command on the bundled course: build `Content/`, then grade answers
/// against the exercise files it wrote. Expected numbers are computed here from the formulas,
/// never copied from the pages.
@Suite(.serialized) struct BundledCourseTests {
    /// Builds the bundled course once into a temporary folder shared by the tests below.
    static let built: Result<URL, any Error> = Result {
        let folder = try Coursegen.temporaryDirectory()
        let result = try Coursegen.run(
            ["build", "Content", "--out", folder.appendingPathComponent("site").path],
            in: Coursegen.repository)
        guard result.status == 0 else {
            throw BuildFailed(stderr: result.stderr)
        }
        return folder.appendingPathComponent("site")
    }

    struct BuildFailed: Error { var stderr: String }

    /// The grading key the build wrote: `grading/` beside the site.
    static func keyPath(_ site: URL) -> String { site.deletingLastPathComponent().appendingPathComponent("grading").path }

    static func page(_ name: String) throws -> String {
        try String(contentsOf: built.get().appendingPathComponent(name), encoding: .utf8)
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    @Test func everyChapterHasAPageAMarkdownRenditionAndNoUnrenderedMarkup() throws {
        let site = try Self.built.get()
        let chapters = try FileManager.default.contentsOfDirectory(
            atPath: Coursegen.repository.appendingPathComponent("Content").path
        ).filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        #expect(chapters.count >= 5)
        for chapter in chapters {
            let html = try Self.page("\(chapter).html")
            #expect(html.contains("<html lang=\"ja\">"))
            #expect(!html.contains("{nn}"), "unreplaced inline value in \(chapter)")
            #expect(!html.contains("**"), "emphasis markers that did not render in \(chapter)")
            let markdown = try String(
                contentsOf: site.appendingPathComponent("markdown/\(chapter).md"), encoding: .utf8)
            #expect(!markdown.contains("{nn}"))
        }
        #expect(try Self.page("index.html").contains("04-backprop.html"))
    }

    /// The worked example of the source material: x=2, t=1, w1=w2=0.5, sigmoid, ½(y−t)², η=0.1.
    @Test func backpropChapterShowsEveryComputedValue() throws {
        let page = try Self.page("04-backprop.html")
        let x = 2.0, t = 1.0, w1 = 0.5, w2 = 0.5, eta = 0.1
        let a1 = w1 * x, h1 = Self.sigmoid(a1), a2 = w2 * h1, y = Self.sigmoid(a2)
        let loss = 0.5 * (y - t) * (y - t)
        let dy = y - t, da2 = dy * y * (1 - y), dw2 = da2 * h1, dh1 = da2 * w2
        let da1 = dh1 * h1 * (1 - h1), dw1 = da1 * x
        let values = [h1, a2, y, loss, dy, da2, dw2, dh1, da1, dw1, w1 - eta * dw1, w2 - eta * dw2]
        for value in values {
            let text = String(format: "%.4f", value)
            #expect(page.contains(text), "the page lacks \(text)")
        }
    }

    /// The ReLU card must not suggest `x > 0 ? 1 : 0` (ReLU′ itself): its examples are those that
    /// answer none of its variants; the Leaky ReLU card, whose answer that is not, keeps it.
    @Test func cardsSuggestNoExampleThatIsTheAnswer() throws {
        let page = try String(contentsOf: try Self.built.get().appendingPathComponent("03-activations.html"), encoding: .utf8)
        func card(_ id: String) throws -> Substring {
            let start = try #require(page.range(of: "id=\"exercise-\(id)\"")).lowerBound
            return page[start...].split(separator: "</section>")[0]
        }
        #expect(!(try card("relu-derivative")).contains("x &gt; 0 ? 1 : 0"))
        #expect(try card("relu-derivative").contains("x の式（例: <code>2*x + 1</code>、<code>exp(-x)</code>）。"))
        #expect(try card("leaky-relu-derivative").contains("x の式（例: <code>x &gt; 0 ? 1 : 0</code>、<code>2*x + 1</code>、<code>exp(-x)</code>）。"))
    }

    @Test func exerciseFilesHoldTheFiveSourceExercises() throws {
        let folder = URL(fileURLWithPath: Self.keyPath(try Self.built.get()))
        var ids: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let sheet = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
            for exercise in try #require(sheet["exercises"] as? [[String: Any]]) {
                ids.append(try #require(exercise["id"] as? String))
            }
        }
        #expect(Set(ids) == ["xor-network", "relu-derivative", "leaky-relu-derivative", "backprop-w1", "gradient-decay"])
    }

    @Test func gradingTheSourceExercisesGivesFullMarksForAnyCorrectAnswer() throws {
        let site = try Self.built.get()
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The student's own backprop numbers come from their handout (per-student variants).
        let handout = try Coursegen.run(["handout", "--student", "s-042", "--exercises", Self.keyPath(site)])
        #expect(handout.status == 0, "\(handout.stderr)")
        let layers = try #require(Self.firstNumber(in: handout.stdout, before: " 層のネットワークで、どの層"))
        let x = try #require(Self.firstNumber(in: handout.stdout, after: "入力 x = "))
        let t = try #require(Self.firstNumber(in: handout.stdout, after: "正解 t = "))
        // Linear chain with w1 = w2 = 1: y = x, so ∂L/∂w1 = (y − t)·w2·x = (x − t)·x.
        let answers = """
            {"student": "s-042", "answers": {
              "xor-network": {"W1": [[1, 1], [-1, -1]], "b1": [-1.5, 0.5], "W2": [[-1, -1]], "b2": [0.5]},
              "relu-derivative": "x >= 0 ? 1 : 0",
              "leaky-relu-derivative": "x > 0 ? 1 : 0.01",
              "gradient-decay": "(1/4)^(\(layers) - 1)",
              "backprop-w1": \((x - t) * x)
            }}
            """
        let file = folder.appendingPathComponent("answers.json")
        try Data(answers.utf8).write(to: file)
        let result = try Coursegen.run(["grade", file.path, "--exercises", Self.keyPath(site), "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let exercises = try #require(report["exercises"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: exercises.map { ($0["id"] as! String, $0["status"] as! String) })
        #expect(status == [
            "xor-network": "correct", "relu-derivative": "correct", "leaky-relu-derivative": "correct",
            "gradient-decay": "correct", "backprop-w1": "correct",
        ])
        #expect(report["score"] as? Double == report["max_score"] as? Double)
    }

    /// The number written right after `marker` (or right before it) in a handout.
    static func firstNumber(in text: String, after marker: String) -> Double? {
        guard let range = text.range(of: marker) else { return nil }
        return Double(text[range.upperBound...].prefix { "-0123456789.".contains($0) })
    }

    static func firstNumber(in text: String, before marker: String) -> Double? {
        guard let range = text.range(of: marker) else { return nil }
        return Double(String(text[..<range.lowerBound].reversed().prefix { "0123456789.".contains($0) }.reversed()))
    }

    @Test func handoutShowsTheStudentsOwnNumbersAndNoAnswers() throws {
        let site = try Self.built.get()
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let markdown = folder.appendingPathComponent("sheet.md"), html = folder.appendingPathComponent("sheet.html")
        let result = try Coursegen.run([
            "handout", "--student", "s-042", "--exercises", Self.keyPath(site),
            "-o", markdown.path, "--html", html.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: markdown, encoding: .utf8)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(text.contains("## 誤差逆伝播法"))
        #expect(!text.contains("{{"), "every placeholder is filled with the student's value")
        #expect(page.contains("<html lang=\"ja\">"))
        #expect(page.contains("<h2 id=\"誤差逆伝播法\">誤差逆伝播法</h2>"))
        // Math: TeX in the Markdown; MathML alone in the one-file HTML page (no stylesheet, font or script).
        #expect(text.contains(#"$\operatorname{ReLU}(x) = \max(0, x)$"#))
        #expect(page.contains(#"<annotation encoding="application/x-tex">\operatorname{ReLU}(x) = \max(0, x)</annotation>"#))
        #expect(!page.replacing(/<math.*?<\/math>/.dotMatchesNewlines(), with: "").contains("$"), "no raw TeX left")
        #expect(!page.contains("katex-html") && !page.contains("katex-error") && !page.contains("<link") && !page.contains("<script"))
        // Two students get different numbers for a varied exercise more often than not; the
        // same student always gets the same sheet.
        let again = try Coursegen.run(["handout", "--student", "s-042", "--exercises", Self.keyPath(site)])
        #expect(again.stdout == text)
        // Surrounding spaces are trimmed as the grader trims the id in an answers file.
        let spaced = try Coursegen.run(["handout", "--student", " s-042 ", "--exercises", Self.keyPath(site)])
        #expect(spaced.stdout == text)
    }

    /// Publishing `site/` publishes no answer: no key sheet, no reference program, no number
    /// exercise's reference value; the key is beside the site.
    @Test func nothingOfTheKeyIsUnderTheSite() throws {
        let site = try Self.built.get()
        let key = URL(fileURLWithPath: Self.keyPath(site))
        var references: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: key.path) where name.hasSuffix(".json") {
            let sheet = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: key.appendingPathComponent(name))) as? [String: Any])
            for exercise in try #require(sheet["exercises"] as? [[String: Any]]) {
                // A value with many digits (0.25⁹ = 3.814697265625e-06) is searched for as the key
                // writes it; a short one (-3) would match any page's numbers by chance.
                if let number = (exercise["reference"] as? [String: Any])?["number"] as? Double {
                    references.append("\(number)")
                }
            }
        }
        #expect(references.count == 2, "backprop-w1 and gradient-decay")
        references = references.filter { $0.filter(\.isNumber).count >= 6 }
        #expect(references == ["3.814697265625e-06"])
        let walker = try #require(FileManager.default.enumerator(atPath: site.path))
        var files = 0
        for case let path as String in walker {
            let url = site.appendingPathComponent(path)
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files += 1
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            for leak in ["referenceProgram", "formatVersion", "\"reference\""] + references {
                #expect(!text.contains(leak), "site/\(path) holds \(leak)")
            }
        }
        #expect(files > 10)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("exercises").path))
    }

    /// The README's two commands, as written, in one folder: `coursegen build Content`, then
    /// `coursegen grade answers.json` finds the key in `./grading`.
    @Test func gradeFindsTheKeyBesideTheSite() throws {
        let site = try Self.built.get()
        let folder = site.deletingLastPathComponent()
        try Data(#"{"student": "s-1", "answers": {"relu-derivative": "x > 0 ? 1 : 0"}}"#.utf8)
            .write(to: folder.appendingPathComponent("answers.json"))
        let result = try Coursegen.run(["grade", "answers.json", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#"{"id":"relu-derivative","score":1,"max_score":1,"status":"correct""#))
        let chapter = try Coursegen.run(["handout", "--student", "s-1", "--chapter", "04-backprop.md"], in: folder)
        #expect(chapter.status == 0, "\(chapter.stderr)")
        #expect(chapter.stdout.contains("### 問題 4.1: `backprop-w1`（2 点）"))
        #expect(!chapter.stdout.contains("relu-derivative"))
        let named = try Coursegen.run(["grade", "answers.json", "--exercises", "site"], in: folder)
        #expect(named.status == 1)
        #expect(named.stderr == """
            error: no exercise sheets (*.json) in site
            note: 'site' is a site; `coursegen build` writes the grading key beside it, to grading/ (or to its --key folder)

            """)
        let elsewhere = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let none = try Coursegen.run(["grade", folder.appendingPathComponent("answers.json").path], in: elsewhere)
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr == """
            error: no grading key here: there is no folder 'grading' in \(elsewhere.resolvingSymlinksInPath().path)
            note: `coursegen build CONTENT` writes the grading key to 'grading/' beside the site; run it in this folder first
            note: or name the key with --exercises DIR (the folder given to `coursegen build --key`)

            """)
    }

    @Test func wrongAnswersGetFeedbackNotCrashes() throws {
        let site = try Self.built.get()
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("answers.json")
        try Data("""
            {"student": "s-043", "answers": {
              "xor-network": {"W1": [[1, 1], [1, 1]], "b1": [-0.5, -0.5], "W2": [[1, 1]], "b2": [-0.5]},
              "relu-derivative": "x > 1 ? 1 : 0",
              "gradient-decay": "0.25^100",
              "backprop-w1": "1/0"
            }}
            """.utf8).write(to: file)
        let result = try Coursegen.run(["grade", file.path, "--exercises", Self.keyPath(site), "--format", "json"])
        #expect(result.status == 0)
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let exercises = try #require(report["exercises"] as? [[String: Any]])
        for exercise in exercises where exercise["id"] as? String != "leaky-relu-derivative" {
            #expect(exercise["status"] as? String != "correct", "\(exercise)")
            #expect(!((exercise["feedback"] as? String) ?? "").isEmpty)
        }
    }

    /// The bundled course is Japanese: `grade` speaks it unless `--lang` says otherwise, and the
    /// answers the issue found graded correct (the engine differentiating for the student, a
    /// network of another size) get no credit.
    @Test func gradingSpeaksTheCoursesLanguageAndRefusesComputedAnswers() throws {
        let site = try Self.built.get()
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("answers.json")
        try Data("""
            {"student": "s-044", "answers": {
              "xor-network": {"W1": [[1, 1], [-1, -1], [0, 0]], "b1": [-1.5, 0.5, -1], "W2": [[-1, -1, 0]], "b2": [0.5]},
              "relu-derivative": "relu'(x)",
              "leaky-relu-derivative": "derivative(leaky_relu)(x, 0.01)",
              "backprop-w1": "grad(w1)"
            }}
            """.utf8).write(to: file)
        let exercises = Self.keyPath(site)
        let japanese = try Coursegen.run(["grade", file.path, "--exercises", exercises])
        #expect(japanese.status == 0, "\(japanese.stderr)")
        #expect(japanese.stdout.hasPrefix("s-044: 0 / 8\n"), "\(japanese.stdout)")
        #expect(japanese.stdout.contains("  ! xor-network            0/3  採点できません\n      \(file.path):2:18: W1 は 2×2 の行列にしてください。"), "\(japanese.stdout)")
        #expect(japanese.stdout.contains("\(file.path):3:22: 解答に「relu'」が使われています。"))
        #expect(japanese.stdout.contains("  · gradient-decay         0/1  未解答\n      解答がありません"))
        let english = try Coursegen.run(["grade", file.path, "--exercises", exercises, "--lang", "en", "--format", "json"])
        #expect(english.status == 0, "\(english.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(english.stdout.utf8)) as? [String: Any])
        let results = try #require(report["exercises"] as? [[String: Any]])
        let feedback = Dictionary(uniqueKeysWithValues: results.map { ($0["id"] as! String, $0["feedback"] as! String) })
        #expect(feedback["backprop-w1"]?.hasSuffix(#"the answer uses "grad", which computes the answer for you (a derivative, a gradient or training); write the result itself, worked out by hand"#) == true)
        #expect(results.allSatisfy { $0["status"] as? String == "error" || $0["status"] as? String == "missing" })
        #expect(report["score"] as? Double == 0)
        let bad = try Coursegen.run(["grade", file.path, "--exercises", exercises, "--lang", "fr"])
        #expect(bad.status != 0)
    }
}
