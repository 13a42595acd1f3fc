import CourseMarkdown
import Testing

/// One example of the GFM spec files: Markdown in, expected HTML out.
struct SpecExample {
    var file: String
    var number: Int
    var tag: String?
    var line: Int
    var markdown: String
    var html: String

    var name: String { "\(file) #\(number)" }

    /// The options cmark-gfm's own test suite uses for the example: core examples without
    /// extensions, a tagged example with its extension, `extensions.txt` with all of them and
    /// footnotes. Math and heading anchors stay on: the course pipeline is what is tested.
    var options: MarkdownOptions {
        if file == "extensions.txt" { return MarkdownOptions(extensions: Set(MarkdownExtension.allCases), footnotes: true) }
        switch tag {
        case nil: return MarkdownOptions(extensions: [], footnotes: false)
        case "disabled": return MarkdownOptions(extensions: [.tasklist], footnotes: false)
        case let tag?: return MarkdownOptions(extensions: [MarkdownExtension(rawValue: tag)!], footnotes: false)
        }
    }

    /// Reads examples the way cmark's `spec_tests.py` does: between a line of 32 backticks plus
    /// ` example [extension]` and a line of 32 backticks, Markdown and HTML separated by a line
    /// holding `.`; `→` stands for a tab.
    static func parse(_ text: String, file: String) -> [SpecExample] {
        let fence = String(repeating: "`", count: 32)
        var examples: [SpecExample] = []
        var state = 0  // 0 outside, 1 markdown, 2 html
        var markdown = ""
        var html = ""
        var tag: String?
        var startLine = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if state == 0, line.hasPrefix(fence + " example") {
                let rest = line.dropFirst(fence.count + " example".count).trimmingCharacters(in: " ")
                tag = rest.isEmpty ? nil : rest
                state = 1
                markdown = ""
                html = ""
                startLine = index + 1
            } else if state == 1, line == "." {
                state = 2
            } else if state == 2, line == fence {
                state = 0
                examples.append(SpecExample(
                    file: file, number: examples.count + 1, tag: tag, line: startLine,
                    markdown: markdown.replacing("→", with: "\t"), html: html.replacing("→", with: "\t")))
            } else if state == 1 {
                markdown += line + "\n"
            } else if state == 2 {
                html += line + "\n"
            }
        }
        return examples
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}

/// Examples that do not pass, with the reason; a new failure and a newly passing example both
/// fail `gfmSpec`. Keep in step with docs/markdown.md.
let knownSpecFailures: [String: String] = [
    "spec.txt #279": "tagged `disabled` (cmark-gfm's suite skips it): the spec shows browser-normalised "
        + "HTML; cmark-gfm writes <input type=\"checkbox\" disabled=\"\" /> (type first, self-closed)",
    "spec.txt #280": "tagged `disabled`, same task-list markup difference as #279",
    "extensions.txt #23": "footnote markup: this extensions.txt predates cmark-gfm's current footnote HTML "
        + "(ids fn-1/fnref-1 named after the label, data-footnote-ref, aria-label) that 0.29.0.gfm.6 writes",
]

@Suite("GFM spec")
struct GFMSpecTests {
    /// The only normalisation: drop the `id="…"` the course pipeline adds to headings. cmark-gfm
    /// itself runs the spec with `--no-normalize`, i.e. byte-exact.
    static func normalise(_ html: String) -> String {
        var result = ""
        var rest = Substring(html)
        while let range = rest.firstRange(of: " id=\"") {
            let before = rest[..<range.lowerBound]
            let isHeading = before.count >= 3 && before.suffix(3).first == "<" && before.suffix(2).first == "h"
                && (before.last.map { ("1"..."6").contains($0) } ?? false)
            result += before
            rest = rest[range.upperBound...]
            if isHeading, let close = rest.firstIndex(of: "\"") {
                rest = rest[rest.index(after: close)...]
            } else {
                result += " id=\""
            }
        }
        return result + rest
    }

    @Test func gfmSpec() throws {
        var examples = SpecExample.parse(try Fixtures.text("spec.txt"), file: "spec.txt")
        examples += SpecExample.parse(try Fixtures.text("extensions.txt"), file: "extensions.txt")
        #expect(examples.count == 701)

        var failing: [String: String] = [:]
        var skippedForMath: [String] = []
        var passed = 0
        for example in examples {
            let document = MarkdownDocument(parsing: example.markdown, file: example.name, options: example.options)
            if !document.math.isEmpty {
                skippedForMath.append(example.name)
                continue
            }
            let actual = Self.normalise(document.render(.html))
            // `<IGNORE>` marks a does-not-crash example, as in cmark-gfm's spec_tests.py.
            if actual == example.html || example.html == "<IGNORE>\n" {
                passed += 1
            } else {
                failing[example.name] = "expected:\n\(example.html)\nactual:\n\(actual)"
            }
        }
        print("GFM spec: \(passed) of \(examples.count - skippedForMath.count) pass; "
            + "\(skippedForMath.count) skipped as math: \(skippedForMath.joined(separator: ", "))")

        for name in failing.keys.sorted() where knownSpecFailures[name] == nil {
            Issue.record("new failure \(name)\n\(failing[name]!)")
        }
        for name in knownSpecFailures.keys.sorted() where failing[name] == nil {
            Issue.record("\(name) now passes: remove it from knownSpecFailures")
        }
    }
}
