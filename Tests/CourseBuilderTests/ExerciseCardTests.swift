import CourseBuilder
import Foundation
import Testing

/// A block that declares an exercise shows its outputs and a card, never its code; the card
/// takes the form of its kind; the Markdown rendition shows the card without a form.
@Suite struct ExerciseCardTests {
    static let chapter = """
        # Tensors

        ```nn
        W = [[1.5, -2.25], [3.125, 4.0625]]
        show "trace": W[0, 0] + W[1, 1] | .4f
        exercise "weights" tensor
            points 2
            prompt "Write down the matrix $W$ of the example."
            answer W
        exercise "pick" choice
            prompt "Which are activations?"
            answer "relu", "tanh"
        ```

        ```nn hide
        exercise "hidden-one" number
            points 1.5
            prompt "How much is $7 \\\\times 191$?"
            answer 7 * 191
        ```
        """

    @Test func cardsReplaceTheCodeAndGiveNothingAway() throws {
        let workspace = try CourseBuilderTests.Workspace(chapters: ["01-t.md": Self.chapter])
        defer { workspace.remove() }
        _ = try workspace.build()
        let page = try workspace.read("01-t.html")
        let markdown = try workspace.read("markdown/01-t.md")
        let data = try workspace.read("assets/exercise-data.js")
        // The other outputs of the block are shown; the code is not.
        #expect(page.contains(#"<span class="nn-label">trace</span> = <span class="nn-number">5.5625</span>"#))
        #expect(markdown.contains("**trace** = `5.5625`"))
        for rendition in [page, markdown, data] {
            for secret in ["answer W", "answer 7", "answer \"relu", "1.5, -2.25", "-2.25", "3.125", "4.0625", "1337", "7 * 191", "\"relu\", \"tanh\""] {
                #expect(!rendition.contains(secret), "'\(secret)' is shown")
            }
        }
        #expect(page.contains(#"<h4 class="exercise-title">Problem 1.1</h4><span class="exercise-points">2 points</span>"#))
        #expect(page.contains(#"<h4 class="exercise-title">Problem 1.2</h4><span class="exercise-points">1 point</span>"#))
        #expect(page.contains(#"<h4 class="exercise-title">Problem 1.3</h4><span class="exercise-points">1.5 points</span>"#))
        // A 2×2 grid for the tensor, sized from the reference's shape (published, unlike its values).
        #expect(page.contains("A 2×2 matrix."))
        #expect(page.components(separatedBy: #"data-field="T""#).count - 1 == 4)
        #expect(data.contains(#""shape":[2,2]"#))
        // A choice without declared options: a list in a text field.
        #expect(page.contains("Write the options, separated by commas."))
        #expect(markdown.contains("**Problem 1.1**（2 points）\n\nWrite down the matrix $W$ of the example.\n\n> **Answer** A 2×2 matrix.\n"))
        #expect(page.contains(#"<script src="assets/exercises.js" defer></script>"#))
    }

    /// A card's examples are checked against every variant: `3/8` is the answer of the student
    /// dealt `a = 3`, and `x > 0 ? 1 : 0` is ReLU′, so neither is printed on those cards; a card
    /// whose answers none of them matches still shows them all.
    @Test func aCardShowsNoExampleThatAnswersSomeVariant() throws {
        let chapter = """
            # Examples

            ```nn
            a = 5
            exercise "eighths" number
                prompt "What is $a/8$?"
                answer a / 8
                vary a in {1, 3}
            exercise "plain" number
                prompt "What is 7 × 191?"
                answer 7 * 191
            exercise "relu-slope" expression
                prompt "The derivative of ReLU."
                answer d/dx relu(x)
            exercise "square-slope" expression
                prompt "The derivative of x squared plus x."
                answer d/dx x^2 + x
            ```
            """
        let workspace = try CourseBuilderTests.Workspace(chapters: ["01-e.md": chapter])
        defer { workspace.remove() }
        _ = try workspace.build()
        let page = try workspace.read("01-e.html")
        let markdown = try workspace.read("markdown/01-e.md")
        let data = try workspace.read("assets/exercise-data.js")
        func card(_ id: String) -> Substring {
            let start = page.range(of: "id=\"exercise-\(id)\"")!.lowerBound
            return page[start...].prefix { $0 != "§" }.split(separator: "</section>")[0]
        }
        #expect(!card("eighths").contains("3/8"))
        #expect(card("eighths").contains("A number, or arithmetic (e.g. <code>2^-5</code>, <code>1.5e-3</code>)."))
        #expect(card("plain").contains("A number, or arithmetic (e.g. <code>3/8</code>, <code>2^-5</code>, <code>1.5e-3</code>)."))
        #expect(!card("relu-slope").contains("x &gt; 0 ? 1 : 0"))
        #expect(card("relu-slope").contains("An expression in x (e.g. <code>2*x + 1</code>, <code>exp(-x)</code>):"))
        #expect(!card("square-slope").contains("2*x + 1"))
        #expect(card("square-slope").contains("An expression in x (e.g. <code>x &gt; 0 ? 1 : 0</code>, <code>exp(-x)</code>):"))
        #expect(markdown.contains("(e.g. `2^-5`, `1.5e-3`)"))
        #expect(data.contains(#""examples":["2^-5","1.5e-3"],"id":"eighths""#))
    }

    /// HTML cannot go inside TeX: in a formula a placeholder is its name, typeset.
    @Test func aPlaceholderInAFormulaIsItsNameInTeX() throws {
        let chapter = "# A\n\n```nn\nx = 2\ny = 3 * x\nexercise \"m\" number\n    prompt \"Compute $3 \\cdot {{x}}$ for x = {{x}}.\"\n    answer y\n    vary x in {1, 3}\n```\n"
        let workspace = try CourseBuilderTests.Workspace(chapters: ["01-a.md": chapter])
        defer { workspace.remove() }
        _ = try workspace.build()
        let page = try workspace.read("01-a.html")
        #expect(page.contains(#"<annotation encoding="application/x-tex">3 \cdot \mathit{x}</annotation>"#))
        #expect(page.components(separatedBy: #"data-param="x""#).count == 2)
        #expect(!page.contains("&lt;span"))
    }

    @Test func aPageWithoutExercisesLoadsNoAnsweringScript() throws {
        let workspace = try CourseBuilderTests.Workspace(chapters: ["01-a.md": "# A\n\ntext\n"])
        defer { workspace.remove() }
        _ = try workspace.build()
        #expect(!(try workspace.read("01-a.html")).contains("exercises.js"))
        #expect(!FileManager.default.fileExists(atPath: workspace.out.appendingPathComponent("assets/exercise-data.js").path))
    }
}
