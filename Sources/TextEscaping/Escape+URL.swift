extension Escape {
    /// One path segment of a URL (RFC 3986): every byte of the UTF-8 form except the unreserved
    /// characters `A–Z a–z 0–9 - . _ ~` as `%XX`. A file named `a#b?.html` is linked as
    /// `a%23b%3F.html`; without this `#` starts a fragment, `?` a query and `%` an escape, and
    /// the link misses the file. HTML-escape the result too when it goes into an attribute.
    public static func urlPathSegment(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let digits = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%"
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
