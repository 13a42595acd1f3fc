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

    @Test func headlineWithoutLocation() {
        #expect(Diagnostic(at: nil, "no chapters").description == "error: no chapters")
    }
}
