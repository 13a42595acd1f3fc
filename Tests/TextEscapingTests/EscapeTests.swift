import TextEscaping
import Testing

@Suite struct EscapeTests {
    @Test func htmlTextCannotBecomeMarkup() {
        #expect(Escape.html(#"<script>alert("x & 'y'")</script>"#)
            == "&lt;script&gt;alert(&quot;x &amp; &#39;y&#39;&quot;)&lt;/script&gt;")
        #expect(Escape.html("重み w₁ = 0.5") == "重み w₁ = 0.5")
    }

    @Test func markdownTextCannotStartSyntax() {
        #expect(Escape.markdown("# *a* [b](c)\n- d") == ##"\# \*a\* \[b\]\(c\) \- d"##)
        #expect(Escape.markdown("<b>") == "&lt;b&gt;")
    }
}
