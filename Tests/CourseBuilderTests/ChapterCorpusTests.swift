import CourseBuilder
import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage
import Testing

/// The chapters kept in `Fuzz/chapter-corpus` (the bundled course, hand-made nasty chapters and
/// every input the chapter fuzzer ever crashed on): each is run and rendered in memory as
/// `build` would, and either renders or fails with diagnostics located inside it.
@Suite struct ChapterCorpusTests {
    static let files: [URL] = {
        let folder = CourseBuilderTests.repository.appendingPathComponent("Fuzz/chapter-corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }()

    /// The fuzzer's budget (Fuzz/FuzzChapter.swift).
    static let budget = ExecutionBudget(steps: 20_000, scalars: 200_000, callDepth: 32)

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 18)
    }

    @Test(arguments: files)
    func everyChapterRendersOrFailsWithLocatedDiagnostics(_ url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard let text = String(validating: bytes, as: UTF8.self) else { return }  // build refuses it first
        let file = "Content/\(url.lastPathComponent)"
        do {
            let chapter = try RenderedChapter(text: text, file: file, budget: Self.budget)
            #expect(text.isEmpty || !chapter.html.isEmpty)
            for exercise in chapter.exercises { #expect(Placeholder.unknownNames(in: exercise).isEmpty) }
            _ = MarkdownDocument(parsing: chapter.markdown, file: "markdown.md").render(.html)
        } catch {
            #expect(error.hasErrors)
            let lengths = Self.lineLengths(text)
            for diagnostic in error.diagnostics {
                let location = try #require(diagnostic.location, "\(diagnostic)")
                #expect(location.file == file)
                #expect((1...lengths.count).contains(location.line), "\(diagnostic)")
                if (1...lengths.count).contains(location.line) {
                    #expect((1...(lengths[location.line - 1] + 1)).contains(location.column), "\(diagnostic)")
                }
            }
        }
    }

    /// The notable chapters give what they should.
    @Test func whatTheNastyChaptersShouldGive() throws {
        func headlines(_ name: String) throws -> [String] {
            let url = CourseBuilderTests.repository.appendingPathComponent("Fuzz/chapter-corpus/\(name)")
            let text = try String(contentsOf: url, encoding: .utf8)
            do {
                _ = try RenderedChapter(text: text, file: name, budget: Self.budget)
                return []
            } catch {
                return error.diagnostics.map(\.headline)
            }
        }
        #expect(try headlines("content-04-backprop.md") == [])
        #expect(try headlines("many-spans-one-line.md") == [])
        #expect(try headlines("placeholders.md") == [
            "placeholders.md:6:12: error: the prompt of 'step' uses {{rat}}, but the exercise has no parameter 'rat'",
        ])
        #expect(try headlines("error-in-earlier-function.md").prefix(2) == [
            "error-in-earlier-function.md:5:8: error: unknown function 'foo'",
            "error-in-earlier-function.md:11:8: note: called here",
        ])
    }

    /// A chapter saved with lone carriage returns (old Mac line ends): the excerpt of an inline
    /// value's error is the line the location counts (before, it was missing).
    @Test func excerptsFollowCarriageReturnLineEnds() {
        let text = "# CR\r\rText $a$ and `{nn} sigmoud(1)`\r"
        do {
            _ = try RenderedChapter(text: text, file: "cr.md")
            Issue.record("rendered")
        } catch {
            #expect(error.description == """
                cr.md:3:20: error: unknown function 'sigmoud'
                3 | Text $a$ and `{nn} sigmoud(1)`
                  |                    ^
                note: did you mean 'sigmoid'?
                """)
        }
    }

    /// A block in a block quote whose lines carry different prefixes (`> ` then `>>`): each error
    /// is on the character it names, and the excerpt is the real line, markers included (found
    /// by the chapter fuzzer: the column counted from the fence's column ran past the line).
    @Test func errorsInABlockQuoteBlockAreOnTheirCharacter() {
        let text = "# Q\n\n> ```nn\n> y = 2\n>x = sigmoud(y)\n> ```\n"
        do {
            _ = try RenderedChapter(text: text, file: "q.md")
            Issue.record("rendered")
        } catch {
            #expect(error.description == """
                q.md:5:6: error: unknown function 'sigmoud'
                5 | >x = sigmoud(y)
                  |      ^
                note: did you mean 'sigmoid'?
                """)
        }
    }

    /// An empty `nn` fence has no code line: the inline value on the next line keeps its own
    /// column (found by the chapter fuzzer: it was moved as if it were the block's code).
    @Test func anInlineValueAfterAnEmptyFenceKeepsItsColumn() {
        do {
            _ = try RenderedChapter(text: "# T\n\n- item\n\n  ```nn\nX `{nn} r(0)`\n", file: "e.md")
            Issue.record("rendered")
        } catch {
            #expect(error.diagnostics.map(\.headline) == ["e.md:6:9: error: unknown function 'r'"])
        }
    }

    /// An inline value whose code span continues on the next line: its error is located on the
    /// line and column of the offending character (found by the chapter fuzzer: before, the
    /// column ran past the end of the span's first line).
    @Test func errorsInMultiLineInlineValuesAreOnTheirLine() {
        let text = "# T\n\nValue `{nn} 1 +\n  sigmoud(2)` here.\n"
        do {
            _ = try RenderedChapter(text: text, file: "m.md")
            Issue.record("rendered")
        } catch {
            #expect(error.description == """
                m.md:4:3: error: unknown function 'sigmoud'
                4 |   sigmoud(2)` here.
                  |   ^
                note: did you mean 'sigmoid'?
                """)
        }
    }

    /// Characters per line, lines ended as cmark ends them (`\n`, `\r\n`, a lone `\r`); a
    /// diagnostic may point just past a line's end.
    static func lineLengths(_ text: String) -> [Int] {
        var lengths: [Int] = []
        var length = 0
        var previousCR = false
        for character in text.unicodeScalars {
            if character == "\n" && previousCR { previousCR = false; continue }
            previousCR = character == "\r"
            if character == "\n" || character == "\r" {
                lengths.append(length)
                length = 0
            } else {
                length += 1
            }
        }
        return lengths + [length]
    }
}
