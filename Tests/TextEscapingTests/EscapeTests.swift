import Foundation
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

@Suite struct JSONStringTests {
    /// The search index is written with `Escape.jsonString` instead of `JSONEncoder`; both must
    /// give the same bytes (the index loads as a script, so a wrong escape breaks search).
    @Test func aJSONStringIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        for text in ["", "plain", #"quote " and \ backslash"#, "a/b </script>", controls + "\u{7F}", "勾配 ∂L/∂w 😀", "\u{2028}\u{2029}"] {
            let expected = String(decoding: try encoder.encode(text), as: UTF8.self)
            #expect(Escape.jsonString(text) == expected, "\(Array(text.unicodeScalars))")
        }
    }
}
