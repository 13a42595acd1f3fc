import Diagnostics
import Foundation

/// One chapter source file, in course order.
public struct ChapterSource: Sendable, Hashable {
    /// Path as shown in diagnostics, e.g. `Content/01-backprop.md`.
    public var displayPath: String
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
        let chapters = names
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") && $0.lowercased() != "readme.md" }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { name in
                ChapterSource(
                    displayPath: displayPrefix.isEmpty ? name : "\(displayPrefix)/\(name)",
                    url: contentDirectory.appendingPathComponent(name),
                    slug: String(name.dropLast(3)))
            }
        guard !chapters.isEmpty else {
            throw Diagnostic(at: nil, "content folder '\(displayPrefix)' holds no chapter (*.md files)")
        }
        return chapters
    }
}
