import Diagnostics
import NNLanguage
import Testing

/// Every diagnostic's exact text, as an author sees it: the location is in the Markdown file
/// (block at line 41, indented 4 columns), then the file's line and a caret, then notes.
@Suite struct DiagnosticTests {
    func text(_ source: String) -> String {
        diagnostics(source, firstLine: 41, column: 5).map(\.description).joined(separator: "\n")
    }

    @Test func unknownFunctionSuggestsTheCatalogueName() {
        #expect(text("y = sigmoud(2)") == """
            Content/03.md:41:9: error: unknown function 'sigmoud'
            41 |     y = sigmoud(2)
               |         ^
            note: did you mean 'sigmoid'?
            """)
    }

    @Test func unknownNameSuggestsAVariable() {
        #expect(text("weight = 2\nshow wieght") == """
            Content/03.md:42:10: error: unknown name 'wieght'
            42 |     show wieght
               |          ^
            note: did you mean 'weight'?
            """)
        #expect(text("show grad(x)") == """
            Content/03.md:41:15: error: unknown name 'x'
            41 |     show grad(x)
               |               ^
            """)
    }

    @Test func shapeMismatchShowsBothShapes() {
        #expect(text("W = [[1, 2], [3, 4]]\nx = [1, 2, 3]\nz = W @ x") == """
            Content/03.md:43:11: error: shape mismatch in '@': matrix[2×2] and vector[3]
            43 |     z = W @ x
               |           ^
            note: left operand 'W' is matrix[2×2]
            note: right operand 'x' is vector[3]
            note: 'A @ B' needs the columns of A to equal the rows of B
            """)
        #expect(text("a = [1, 2] + [1, 2, 3]") == """
            Content/03.md:41:16: error: shape mismatch in '+': vector[2] and vector[3]
            41 |     a = [1, 2] + [1, 2, 3]
               |                ^
            note: left operand '[1, 2]' is vector[2]
            note: right operand '[1, 2, 3]' is vector[3]
            """)
        #expect(text("m = [[1, 2], [3]]") == """
            Content/03.md:41:18: error: list elements must all have the same shape: vector[2] and vector[1]
            41 |     m = [[1, 2], [3]]
               |                  ^
            note: matrix rows must have the same length
            """)
    }

    @Test func syntaxErrors() {
        #expect(text("y = 2 +") == """
            Content/03.md:41:12: error: expected an expression, found end of line
            41 |     y = 2 +
               |            ^
            """)
        #expect(text("y = (1 + 2") == """
            Content/03.md:41:15: error: expected ')' to close '(', found end of line
            41 |     y = (1 + 2
               |               ^
            """)
        #expect(text("y = 2x") == """
            Content/03.md:41:10: error: unexpected 'x' after the number '2'
            41 |     y = 2x
               |          ^
            note: write a multiplication explicitly, e.g. '2 * x'
            """)
        #expect(text("y = \"abc") == """
            Content/03.md:41:9: error: unterminated string; close it with '"' on the same line
            41 |     y = "abc
               |         ^
            """)
        #expect(text("z = 1 < 2 < 3") == """
            Content/03.md:41:15: error: comparisons cannot be chained
            41 |     z = 1 < 2 < 3
               |               ^
            note: use '(a < b) * (b < c)' for 'a < b < c'
            """)
        #expect(text("y = 1 $ 2") == """
            Content/03.md:41:11: error: unexpected character '$'
            41 |     y = 1 $ 2
               |           ^
            """)
        #expect(text("show 1 | .3q") == """
            Content/03.md:41:14: error: unknown number format '.3q'
            41 |     show 1 | .3q
               |              ^
            note: formats: .3f  .2e  .2x  .4g  .1%  d
            """)
        #expect(text("2 * x = 3") == """
            Content/03.md:41:11: error: cannot assign to '2 * x'
            41 |     2 * x = 3
               |           ^
            note: assign to a name ('y = ...') or define a function ('f(x) = ...')
            """)
    }

    @Test func wrongArgumentCounts() {
        #expect(text("f(x) = x\ny = f(1, 2)") == """
            Content/03.md:42:9: error: 'f' takes 1 argument, got 2
            42 |     y = f(1, 2)
               |         ^
            note: defined as f(x)
            """)
        #expect(text("y = sigmoid(1, 2)") == """
            Content/03.md:41:9: error: 'sigmoid' takes 1 argument (x), got 2
            41 |     y = sigmoid(1, 2)
               |         ^
            """)
        #expect(text("y = linspace(0, 1)") == """
            Content/03.md:41:9: error: 'linspace' takes 3 arguments, got 2
            41 |     y = linspace(0, 1)
               |         ^
            note: usage: linspace(from, to, count)
            """)
    }

    @Test func failedExpectationsShowBothValuesAndAllFailuresAreReported() {
        #expect(text("x = 2\nexpect x == 3\nexpect x * 2 == 4.5 within 0.1\nexpect x > 5") == """
            Content/03.md:42:5: error: expectation failed: 'x' is 2, expected 3
            42 |     expect x == 3
               |     ^
            note: allowed difference: within 1e-9 (absolute and relative)
            Content/03.md:43:5: error: expectation failed: 'x * 2' is 4, expected 4.5
            43 |     expect x * 2 == 4.5 within 0.1
               |     ^
            note: allowed difference: within 0.1
            Content/03.md:44:5: error: expectation failed: 'x > 5'
            44 |     expect x > 5
               |     ^
            note: 'x' is 2
            note: '5' is 5
            """)
        #expect(text("x = 0.1 + 0.2\nexpect x == 0.3") == "")
    }

    @Test func gradientMisuse() {
        #expect(text("backward [1, 2]") == """
            Content/03.md:41:14: error: backward needs a single number (the loss), got vector[2]
            41 |     backward [1, 2]
               |              ^
            note: take sum(...) or mean(...) first
            """)
        #expect(text("w = param(1)\nshow grad(w)") == """
            Content/03.md:42:10: error: grad(w) needs a 'backward' first
            42 |     show grad(w)
               |          ^
            note: write 'backward L' for the loss L, or use grad(L, w)
            """)
    }

    @Test func runawayRecursionStops() {
        #expect(text("f(x) = f(x) + 1\ny = f(1)") == """
            Content/03.md:41:12: error: function calls nested more than 32 deep
            41 |     f(x) = f(x) + 1
               |            ^
            note: does 'f' call itself?
            Content/03.md:42:9: note: called here
            42 |     y = f(1)
               |         ^
            """)
    }

    @Test func answersGetTheSameMessages() {
        do {
            _ = try Expression.parse("relu(x) +")
            Issue.record("parsed")
        } catch {
            #expect(error.description == """
                <answer>:1:10: error: expected an expression, found end of input
                1 | relu(x) +
                  |          ^
                """)
        }
        do {
            _ = try Expression.parse("reluu(x)").valueAndDerivative(at: 1)
            Issue.record("evaluated")
        } catch {
            #expect(error.description == """
                <answer>:1:1: error: unknown function 'reluu'
                1 | reluu(x)
                  | ^
                note: did you mean 'relu'?
                """)
        }
    }

    @Test func inlineValuesAreLocatedAtTheirExpression() {
        let session = ChapterSession(file: "Content/03.md")
        _ = try? session.run(block: "y = 2", firstLine: 1)
        let at = location(line: 12, column: 20, file: "Content/03.md")
        do {
            _ = try session.inline("y + sigmoud(1)", format: nil, at: at)
            Issue.record("evaluated")
        } catch {
            #expect(error.description == """
                Content/03.md:12:24: error: unknown function 'sigmoud'
                note: did you mean 'sigmoid'?
                """)
        }
        do {
            _ = try session.inline("y", format: ".3z", at: at)
            Issue.record("evaluated")
        } catch {
            #expect(error.diagnostics.map(\.headline) == ["Content/03.md:12:20: error: unknown number format '.3z'"])
        }
        #expect((try? session.inline("y ** 3", format: "d", at: at)) == "8")
    }

    /// An error inside a function an earlier block defined is located in that block's line,
    /// with a note at the call (before, it pointed at the call's block with the definition's
    /// column and quoted the wrong line).
    @Test func errorInAFunctionOfAnEarlierBlockPointsAtTheDefinition() {
        let session = ChapterSession(file: "Content/03.md")
        #expect(diagnostics("y = 1\nf(x) = foo(x) + y", firstLine: 4, column: 1, session: session).isEmpty)
        #expect(diagnostics("a = 2\nshow f(a)", firstLine: 11, column: 1, session: session).map(\.description) == [
            """
            Content/03.md:5:8: error: unknown function 'foo'
            5 | f(x) = foo(x) + y
              |        ^
            """,
            """
            Content/03.md:12:6: note: called here
            12 | show f(a)
               |      ^
            """,
        ])
    }

    /// Through nested calls every call is noted, each in the block that holds it; the calls of
    /// a recursion are noted once; inline values name their own expression.
    @Test func errorsThroughNestedCallsAndInlineValues() {
        let session = ChapterSession(file: "Content/03.md")
        #expect(diagnostics("g(x) = [1, 2] @ x", firstLine: 2, session: session).isEmpty)
        #expect(diagnostics("h(x) = 2 * g(x)\nr(n) = r(n + 1)", firstLine: 6, column: 5, session: session).isEmpty)
        #expect(diagnostics("show h([1, 2, 3])", firstLine: 10, session: session).map(\.headline) == [
            "Content/03.md:2:15: error: shape mismatch in '@': vector[2] and vector[3]",
            "Content/03.md:6:16: note: called here",
            "Content/03.md:10:6: note: called here",
        ])
        #expect(diagnostics("z = r(1)", firstLine: 20, session: session).map(\.headline) == [
            "Content/03.md:7:12: error: function calls nested more than 32 deep",
            "Content/03.md:20:5: note: called here",
        ])
        do {
            _ = try session.inline("1 + h([1])", format: nil, at: location(line: 30, column: 9, file: "Content/03.md"))
            Issue.record("evaluated")
        } catch {
            #expect(error.description == """
                Content/03.md:2:15: error: shape mismatch in '@': vector[2] and vector[1]
                2 | g(x) = [1, 2] @ x
                  |               ^
                note: left operand '[1, 2]' is vector[2]
                note: right operand 'x' is vector[1]
                note: 'A @ B' needs the columns of A to equal the rows of B
                Content/03.md:6:16: note: called here
                6 |     h(x) = 2 * g(x)
                  |                ^
                Content/03.md:30:13: note: called here
                """)
        }
    }

    @Test func accidentalIndentationIsExplained() {
        #expect(text("y = 1\n  z = 2") == """
            Content/03.md:42:7: error: expected end of line, found 'z'
            42 |       z = 2
               |       ^
            note: a line indented more than the line above continues it; indent both alike
            """)
    }

    @Test func misspeltStatementKeyword() {
        #expect(text("y = 1\nshwo y") == """
            Content/03.md:42:10: error: expected end of line, found 'y'
            42 |     shwo y
               |          ^
            note: did you mean 'show'?
            """)
    }

    @Test func emptyListsAreRefused() {
        #expect(text("v = []") == """
            Content/03.md:41:9: error: an empty list '[]' has no elements; a vector needs at least one
            41 |     v = []
               |         ^
            """)
    }

    @Test func fullWidthCharactersFromAJapaneseInputMethod() {
        #expect(text("y = sigmoid（1）") == """
            Content/03.md:41:16: error: unexpected full-width character '（'
            41 |     y = sigmoid（1）
               |                ^
            note: write the half-width '(' instead
            """)
        #expect(text("y　= 1").contains("note: write the half-width ' ' instead"))
    }
}
