import Diagnostics
import Foundation
import TextEscaping

/// One chapter source file, in course order.
public struct ChapterSource: Sendable, Hashable {
    /// Path as shown in diagnostics, e.g. `Content/01-backprop.md` (the user's own terminal).
    public var displayPath: String
    /// Path relative to the content folder, e.g. `01-backprop.md`: the only form that goes into
    /// the built site, which must not publish the build machine's folders.
    public var name: String
    public var url: URL
    /// File name without extension: the chapter's page and exercise-file name.
    public var slug: String
}

/// Finds the chapters of a course. Order is the file names' order (`01-…`, `02-…`), so an
/// author controls it by naming and no extra table of contents can drift out of date.
public enum ChapterDiscovery {
    /// - Throws: a diagnostic when the folder is missing, unreadable or holds no chapter.
    public static func chapters(in contentDirectory: URL, displayPrefix: String) throws(Diagnostic) -> [ChapterSource] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentDirectory.path, isDirectory: &isDirectory) else {
            throw Diagnostic(at: nil, "content folder '\(displayPrefix)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw Diagnostic(at: nil, "'\(displayPrefix)' is not a folder (give the folder that holds the chapters)")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: contentDirectory.path)
        } catch {
            throw Diagnostic(at: nil, "cannot read content folder '\(displayPrefix)': \(error.localizedDescription)")
        }
        let chapterNames = names
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") && $0.lowercased() != "readme.md" }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in chapterNames {
            try checkName(name, in: displayPrefix)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: contentDirectory.appendingPathComponent(name).path, isDirectory: &isFolder),
               isFolder.boolValue {
                throw Diagnostic(
                    at: nil, "'\(displayPrefix.isEmpty ? name : "\(displayPrefix)/\(name)")' is a folder, not a chapter",
                    notes: ["chapters are the .md files of the content folder; rename the folder"])
            }
            try checkStaysInside(contentDirectory.appendingPathComponent(name), displayPrefix: displayPrefix, name: name)
        }
        let chapters = chapterNames.map { name in
            ChapterSource(
                displayPath: displayPrefix.isEmpty ? name : "\(displayPrefix)/\(name)",
                name: name,
                url: contentDirectory.appendingPathComponent(name),
                slug: String(name.dropLast(3)))
        }
        guard !chapters.isEmpty else {
            throw Diagnostic(at: nil, "content folder '\(displayPrefix)' holds no chapter (*.md files)")
        }
        return chapters
    }

    /// A chapter that is a symbolic link to a file outside the content folder (`/etc/passwd`)
    /// would publish that file: the site carries only the content folder's own files, as it
    /// does for files a chapter links to.
    static func checkStaysInside(_ chapter: URL, displayPrefix: String, name: String) throws(Diagnostic) {
        let folder = chapter.deletingLastPathComponent().resolvingSymlinksInPath().path
        let target = chapter.resolvingSymlinksInPath().path
        guard !target.hasPrefix(folder == "/" ? "/" : folder + "/") else { return }
        throw Diagnostic(
            at: nil, "'\(displayPrefix.isEmpty ? name : "\(displayPrefix)/\(name)")' is a link to a file outside the content folder",
            notes: ["the site carries only files of the content folder; copy the chapter into it"])
    }

    /// A chapter's name becomes its page's file name and, percent-encoded, its links, so any
    /// printable name works (`#`, `?`, `%`, spaces, Japanese). Control characters (a line
    /// break) are refused: no link, title or diagnostic could show them sensibly. `index.md`
    /// and `search.md` would overwrite the site's own pages, and a name past 253 bytes gives no
    /// page name at all.
    static func checkName(_ name: String, in displayPrefix: String) throws(Diagnostic) {
        let folder = displayPrefix.isEmpty ? "." : displayPrefix
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Diagnostic(
                at: nil, "chapter file name '\(Escape.quotedSnippet(name))' in '\(folder)' contains a line break or another control character",
                notes: ["rename the file; page names and links cannot carry control characters"])
        }
        let slug = String(name.dropLast(3))
        if SiteAssembler.sitePages.contains(slug) {
            throw Diagnostic(
                at: nil, "chapter file name '\(name)' in '\(folder)' would overwrite the site's \(slug).html",
                notes: ["rename the file, e.g. to 00-\(name)"])
        }
        // The page is `<slug>.html`: 2 bytes longer than the chapter's name, and a file name
        // holds at most 255 bytes.
        if name.utf8.count + 2 > 255 {
            throw Diagnostic(
                at: nil, "chapter file name '\(Escape.quotedSnippet(name, limit: 40))' in '\(folder)' is too long for its page (\(name.utf8.count) bytes)",
                notes: ["page names hold at most 253 bytes of the chapter's name; a Japanese character takes 3"])
        }
    }
}
