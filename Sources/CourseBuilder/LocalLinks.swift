import Diagnostics
import Foundation
import TextEscaping

/// Links in a chapter's page to the course's own files: a link to another chapter's Markdown
/// file (`04-backprop.md#勾配`) is pointed at its page (`04-backprop.html#勾配`), as the GFM
/// rendition keeps it; an image or file the chapter links to (`figures/xor.png`) is copied
/// into the site at the same path. A missing file is an error where the chapter names it; a
/// file outside the content folder is refused, so a build never publishes what lies beside it.
struct LocalLinks {
    /// Chapter file name → its page's link (`04-backprop.md` → `04-backprop.html`).
    var pages: [String: String]
    var contentDirectory: URL
    var contentDisplayPath: String
    /// `.warn`: a link to a missing file stays as written, with a warning instead of an error.
    var missingFiles: MissingLinkPolicy = .error

    /// The page with chapter links rewritten, and the files it links to, by site path.
    /// - Parameter existing: files the build writes itself (plots, assets): left as they are.
    /// - Returns: also the warnings for missing files under `missingFiles: .warn`.
    func resolve(_ html: String, of chapter: ChapterSource, existing: [String: Data])
        throws(DiagnosticList) -> (html: String, files: [String: Data], warnings: [Diagnostic])
    {
        var output = "", files: [String: Data] = [:], diagnostics: [Diagnostic] = [], warnings: [Diagnostic] = []
        var copied = html.startIndex
        // Attribute values as the renderers write them: `href="…"`, `src="…"`, HTML-escaped.
        for (start, end) in Self.attributeValues(in: html) {
            let value = String(html[start..<end])
            do {
                if let link = try resolve(value, of: chapter, existing: existing, files: &files) {
                    output += html[copied..<start] + link
                    copied = end
                }
            } catch {
                if error.severity == .error { diagnostics.append(error) } else { warnings.append(error) }
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return (output + html[copied...], files, warnings)
    }

    /// The ranges of every `href="…"` and `src="…"` value, in order. Scans UTF-8 bytes: the
    /// pages are ~100 KB each and a search with `String.range(of:)` took 16 ms a build.
    static func attributeValues(in html: String) -> [(String.Index, String.Index)] {
        let bytes = Array(html.utf8)
        let (equals, quote) = (UInt8(ascii: "="), UInt8(ascii: "\""))
        let href = Array("href".utf8), src = Array(" src".utf8)
        func index(_ offset: Int) -> String.Index { html.utf8.index(html.utf8.startIndex, offsetBy: offset) }
        var values: [(String.Index, String.Index)] = []
        var offset = 4
        while offset + 1 < bytes.count {
            guard bytes[offset] == equals, bytes[offset + 1] == quote else { offset += 1; continue }
            let name = bytes[(offset - 4)..<offset]
            offset += 2
            guard name.elementsEqual(href) || name.elementsEqual(src),
                  let close = bytes[offset...].firstIndex(of: quote) else { continue }
            values.append((index(offset), index(close)))
            offset = close + 1
        }
        return values
    }

    /// The new link for a chapter link; nil to keep it (after copying the file it names).
    private func resolve(_ escaped: String, of chapter: ChapterSource, existing: [String: Data], files: inout [String: Data])
        throws(Diagnostic) -> String?
    {
        let value = escaped.replacingOccurrences(of: "&amp;", with: "&")
        guard !value.isEmpty, !value.hasPrefix("#"), !value.hasPrefix("/"), !value.hasPrefix("?"),
              value.firstMatch(of: /^[A-Za-z][A-Za-z0-9+.\-]*:/) == nil
        else { return nil }
        let end = value.firstIndex { $0 == "#" || $0 == "?" } ?? value.endIndex
        guard let path = value[..<end].removingPercentEncoding, !path.isEmpty else { return nil }
        let url = contentDirectory.appendingPathComponent(path).standardizedFileURL.resolvingSymlinksInPath()
        let root = contentDirectory.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        // `./02-b.md` and `figures/../02-b.md` name `02-b.md`.
        let relative = url.path.hasPrefix(root) ? String(url.path.dropFirst(root.count)) : path
        if let page = pages[relative] { return Escape.html(page) + Escape.html(String(value[end...])) }
        if existing[relative] != nil || files[relative] != nil { return nil }
        let location = Self.location(of: path, in: chapter)
        guard url.path.hasPrefix(root) else {
            throw Diagnostic(at: location, "'\(path)' lies outside the content folder '\(contentDisplayPath)'",
                             notes: ["the site carries only files of the content folder; copy the file into it"])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: url.path)
        else {
            let severity: Severity = missingFiles == .warn ? .warning : .error
            throw Diagnostic(severity, at: location, "'\(path)' does not exist in the content folder '\(contentDisplayPath)'",
                             notes: severity == .error ? [Self.missingNote] : [])
        }
        files[relative] = data
        return nil
    }

    static let missingNote = "add the file, or set 'missing-links: warn' in course.yml to keep such links as written"

    /// Where the chapter's Markdown names the path first (the page only has the rendered link).
    static func location(of path: String, in chapter: ChapterSource) -> SourceLocation? {
        guard let text = try? SourceFile.readUTF8(chapter.url, displayPath: chapter.displayPath) else { return nil }
        for (index, line) in ChapterExecutor.sourceLines(text).enumerated() {
            if let range = line.range(of: path) {
                return SourceLocation(file: chapter.displayPath, line: index + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }
}

/// What a link to a file missing from the content folder does: fail the build, or warn and
/// keep the link as written.
public enum MissingLinkPolicy: String, Sendable, CaseIterable {
    case error, warn
}
