/// Letters-and-digits tokens that stand in for math (and mark headings and replacements) while
/// cmark parses and renders: cmark neither escapes nor interprets them, in either renderer.
///
/// A token is `prefix` + kind letter + decimal index + end letter. The prefix is chosen so it
/// does not occur in the source, so every occurrence in cmark's output is one of ours.
/// Kinds: `s` one-line math; `b`, `c`, `f` first, middle and last line of multi-line math (one
/// token per source line, so the substituted text has the same line count); `h` heading marker;
/// `r` replacement marker; `t` table caption marker.
struct Placeholders: Sendable {
    let prefix: [UInt8]

    init(avoiding source: [UInt8]) {
        var candidate = Array("CgMk".utf8)
        while source.containsSequence(candidate) { candidate.append(UInt8(ascii: "Q")) }
        prefix = candidate
    }

    func token(_ kind: Character, _ index: Int) -> [UInt8] {
        let end: UInt8 = (kind == "b" || kind == "c" || kind == "f") ? UInt8(ascii: "x") : UInt8(ascii: "e")
        return prefix + Array(String(kind).utf8) + Array(String(index).utf8) + [end]
    }

    func string(_ kind: Character, _ index: Int) -> String { String(decoding: token(kind, index), as: UTF8.self) }

    enum Found {
        /// `joined`: a multi-line formula whose lines cmark put on one line (inside a heading).
        case math(Int, joined: Bool)
        case heading(Int)
        case replacement(Int)
        /// The caption paragraph of the `Int`th table caption (`TableCaption`).
        case tableCaption(Int)
    }

    /// Copies `input`, handing each token to `handler`, which appends what replaces it to the
    /// output and returns how many further input bytes to skip. Multi-line math (`b` … `f`) is
    /// found as one token together with whatever cmark put between its lines.
    func expand(_ input: [UInt8], _ handler: (Found, inout [UInt8], ArraySlice<UInt8>) -> Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        let count = input.count
        let first = prefix[0]
        while index < count {
            if input[index] == first, let (kind, number, after) = parse(input, at: index) {
                var next = after
                let found: Found?
                switch kind {
                case UInt8(ascii: "s"): found = .math(number, joined: false)
                case UInt8(ascii: "b"):
                    var joined = false
                    if let end = input.endOfFirst(token("f", number), from: after) {
                        joined = !input[after..<end].contains(0x0A)
                        next = end
                    }
                    found = .math(number, joined: joined)
                case UInt8(ascii: "h"): found = .heading(number)
                case UInt8(ascii: "r"): found = .replacement(number)
                case UInt8(ascii: "t"): found = .tableCaption(number)
                default: found = nil  // a stray `c` or `f` line: drop it
                }
                if let found { next += handler(found, &output, input[next...]) }
                index = next
                continue
            }
            output.append(input[index])
            index += 1
        }
        return output
    }

    func expand(_ string: String, _ handler: (Found, inout [UInt8], ArraySlice<UInt8>) -> Int) -> String {
        let bytes = Array(string.utf8)
        guard bytes.containsSequence(prefix) else { return string }
        return String(decoding: expand(bytes, handler), as: UTF8.self)
    }

    /// Parses a token at `index`: its kind letter, number and the offset just past it.
    private func parse(_ input: [UInt8], at index: Int) -> (UInt8, Int, Int)? {
        let count = input.count
        guard index + prefix.count + 2 < count else { return nil }
        for offset in 0..<prefix.count where input[index + offset] != prefix[offset] { return nil }
        let kind = input[index + prefix.count]
        var cursor = index + prefix.count + 1
        var number = 0
        var digits = 0
        while cursor < count, input[cursor] >= 0x30, input[cursor] <= 0x39, digits < 9 {
            number = number * 10 + Int(input[cursor] - 0x30)
            cursor += 1
            digits += 1
        }
        guard digits > 0, cursor < count else { return nil }
        let expectedEnd: UInt8 = (kind == UInt8(ascii: "b") || kind == UInt8(ascii: "c") || kind == UInt8(ascii: "f"))
            ? UInt8(ascii: "x") : UInt8(ascii: "e")
        guard input[cursor] == expectedEnd else { return nil }
        return (kind, number, cursor + 1)
    }
}

extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool { endOfFirst(needle, from: 0) != nil }

    /// Offset of the last occurrence of `needle` that ends at or before `end`.
    func startOfLast(_ needle: [UInt8], before end: Int) -> Int? {
        var start = Swift.min(end, count) - needle.count
        while start >= 0 {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return start }
            start -= 1
        }
        return nil
    }

    /// Offset just past the first occurrence of `needle` at or after `start`.
    func endOfFirst(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = count - needle.count
        while index <= last {
            if self[index] == first {
                var matches = true
                for offset in 1..<needle.count where self[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index + needle.count }
            }
            index += 1
        }
        return nil
    }

    func hasSuffix(_ suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

extension ArraySlice where Element == UInt8 {
    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        count >= prefix.count && self.prefix(prefix.count).elementsEqual(prefix)
    }
}
