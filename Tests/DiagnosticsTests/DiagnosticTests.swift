import Diagnostics
import Testing

@Suite struct DiagnosticTests {
    @Test func printsLikeACompilerWithCaret() {
        let diagnostic = Diagnostic(
            at: SourceLocation(file: "Content/03.md", line: 41, column: 5),
            "unknown function 'sigmoud'",
            sourceLine: "y = sigmoud(a)",
            notes: ["did you mean 'sigmoid'?"])
        #expect(diagnostic.description == """
            Content/03.md:41:5: error: unknown function 'sigmoud'
            41 | y = sigmoud(a)
               |     ^
            note: did you mean 'sigmoid'?
            """)
    }

    @Test func caretAccountsForWideCharacters() {
        let diagnostic = Diagnostic(
            at: SourceLocation(file: "a.md", line: 2, column: 3),
            "bad", sourceLine: "重みx")
        #expect(diagnostic.description.hasSuffix("\n  |      ^") == false && diagnostic.description.hasSuffix("\n  |     ^"))
    }

    @Test func aLongLineShowsAWindowAroundTheColumn() {
        // 300 characters, the error at column 250: the caret must still be shown under it.
        let line = String(repeating: "a", count: 249) + "X" + String(repeating: "b", count: 50)
        let diagnostic = Diagnostic(at: SourceLocation(file: "a.json", line: 1, column: 250), "bad", sourceLine: line)
        let window = String(repeating: "a", count: 60) + "X" + String(repeating: "b", count: 50)
        #expect(diagnostic.description == """
            a.json:1:250: error: bad
            1 | …\(String(repeating: "a", count: 49))\(window)
              | \(String(repeating: " ", count: 110))^
            """)
        // Near the start of a long line: the window starts at the line's start, "…" at its end.
        let early = Diagnostic(at: SourceLocation(file: "a.json", line: 1, column: 3), "bad", sourceLine: line)
        #expect(early.description == "a.json:1:3: error: bad\n1 | \(String(repeating: "a", count: 160))…\n  |   ^")
    }

    @Test func controlCharactersInTheExcerptAreEscapedAndTheCaretFollows() {
        let diagnostic = Diagnostic(
            at: SourceLocation(file: "a.json", line: 1, column: 4), "bad", sourceLine: "\u{1B}[2X\u{7}")
        #expect(diagnostic.description == """
            a.json:1:4: error: bad
            1 | \\u{1b}[2X\\u{7}
              |         ^
            """)
    }

    @Test func headlineWithoutLocation() {
        #expect(Diagnostic(at: nil, "no chapters").description == "error: no chapters")
    }
}
