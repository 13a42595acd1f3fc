import Diagnostics
import Foundation
import MathTypesetting

/// `course.yml` in the content folder: what the site says about the course, and the chapter
/// order. Every field is optional; without the file a course is its `*.md` files in file-name
/// order, titled after its folder.
///
/// ```yaml
/// title: ニューラルネットワーク入門
/// description: パーセプトロンから誤差逆伝播法まで。
/// author: 山田 花子
/// language: ja
/// chapters: [01-perceptron.md, 02-mlp-xor.md]
/// math-errors: warn
/// missing-links: warn
/// ```
public struct CourseFile: Sendable {
    public static let fileName = "course.yml"
    public static let keys = ["title", "description", "author", "language", "chapters", "math-errors", "missing-links"]

    public var title: String?
    public var description: String?
    public var author: String?
    /// A BCP 47 tag for `<html lang>` and the site's own labels (`ja`, `en`).
    public var language: String?
    /// Chapter file names in course order, each with where the file names it.
    public var chapters: [(name: String, location: SourceLocation)]?
    public var mathErrors: MathErrorPolicy?
    /// Whether a link to a file the content folder lacks fails the build (the default) or only
    /// warns: for notes imported from a series whose other chapters are not there.
    public var missingLinks: MissingLinkPolicy?

    public init() {}

    /// Reads `course.yml` from the content folder; an empty course file when there is none.
    /// - Throws: a YAML mistake, an unknown key or a wrong value, at its file:line:column.
    public init(contentDirectory: URL, displayPrefix: String) throws(Diagnostic) {
        let url = contentDirectory.appendingPathComponent(Self.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { self.init(); return }
        let displayPath = displayPrefix.isEmpty ? Self.fileName : "\(displayPrefix)/\(Self.fileName)"
        try self.init(text: SourceFile.readUTF8(url, displayPath: displayPath), file: displayPath)
    }

    /// - Throws: a YAML mistake, an unknown key or a wrong value, at its file:line:column.
    public init(text: String, file: String) throws(Diagnostic) {
        self.init()
        let fields = try YAMLFields(parsing: text, file: file)
        for (key, keyNode, node) in fields.values {
            switch key {
            case "title": title = try fields.string(node, key: key)
            case "description": description = try fields.string(node, key: key)
            case "author": author = try fields.string(node, key: key)
            case "language": language = try fields.string(node, key: key)
            case "chapters": chapters = try fields.strings(node, key: key).map { (name: $0.0, location: $0.1) }
            case "math-errors":
                let value = try fields.string(node, key: key)
                guard let policy = MathErrorPolicy(rawValue: value) else {
                    throw Diagnostic(at: fields.location(of: node), "'math-errors' is 'error' or 'warn', not '\(value)'")
                }
                mathErrors = policy
            case "missing-links":
                let value = try fields.string(node, key: key)
                guard let policy = MissingLinkPolicy(rawValue: value) else {
                    throw Diagnostic(at: fields.location(of: node), "'missing-links' is 'error' or 'warn', not '\(value)'")
                }
                missingLinks = policy
            default:
                throw Diagnostic(
                    at: fields.location(of: keyNode),
                    "unknown key '\(key)' in the course file",
                    notes: ["the keys are: \(Self.keys.joined(separator: ", "))"])
            }
        }
    }

    /// The chapters in course order: the `chapters` list, or every chapter in file-name order.
    /// - Throws: every listed file that does not exist, listed twice, or a chapter left out.
    func order(_ found: [ChapterSource]) throws(DiagnosticList) -> [ChapterSource] {
        guard let chapters else { return found }
        let byName = Dictionary(found.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered: [ChapterSource] = []
        var diagnostics: [Diagnostic] = []
        var listed: Set<String> = []
        for (name, location) in chapters {
            if !listed.insert(name).inserted {
                diagnostics.append(Diagnostic(at: location, "chapter '\(name)' is listed twice"))
            } else if let chapter = byName[name] {
                ordered.append(chapter)
            } else {
                diagnostics.append(Diagnostic(
                    at: location, "chapter '\(name)' does not exist",
                    notes: ["the chapters are the .md files beside the course file: \(found.map(\.name).joined(separator: ", "))"]))
            }
        }
        for chapter in found where !listed.contains(chapter.name) {
            diagnostics.append(Diagnostic(
                at: chapters.first?.location, "'\(chapter.displayPath)' is not in the course file's chapter list",
                notes: ["add it to 'chapters', or remove the list to take every chapter in file-name order"]))
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return ordered
    }
}
