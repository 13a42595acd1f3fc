import TextEscaping
import Testing

@Suite struct URLPathEscapeTests {
    @Test func urlSyntaxInAFileNameIsEncoded() {
        #expect(Escape.urlPathSegment("a#b?c=1&d%20/e.html") == "a%23b%3Fc%3D1%26d%2520%2Fe.html")
        #expect(Escape.urlPathSegment("sp ace (x)") == "sp%20ace%20%28x%29")
    }

    @Test func unreservedCharactersStayAndOthersAreUTF8Bytes() {
        #expect(Escape.urlPathSegment("AZaz09-._~") == "AZaz09-._~")
        #expect(Escape.urlPathSegment("日本") == "%E6%97%A5%E6%9C%AC")
        #expect(Escape.urlPathSegment("a\nb") == "a%0Ab")
    }
}
