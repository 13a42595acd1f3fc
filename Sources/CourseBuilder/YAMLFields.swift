import Diagnostics
import Foundation
import Yams

/// A YAML mapping of plain fields (a course file, a chapter's front matter), every value with
/// its place in the file, so a wrong value is reported where the author wrote it.
struct YAMLFields {
    var file: String
    /// Added to Yams' line numbers: front matter starts on the chapter's second line.
    var lineOffset: Int
    var values: [(key: String, keyNode: Node, node: Node)]

    /// - Throws: the YAML syntax error or a top level that is not a mapping, located.
    init(parsing text: String, file: String, lineOffset: Int = 0) throws(Diagnostic) {
        self.file = file
        self.lineOffset = lineOffset
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.diagnostic(error, file: file, lineOffset: lineOffset)
        } catch {
            throw Diagnostic(at: SourceLocation(file: file, line: lineOffset + 1, column: 1), "invalid YAML: \(error)")
        }
        guard let root else { values = []; return }
        guard case .mapping(let mapping) = root else {
            throw Diagnostic(at: Self.location(root.mark, file, lineOffset), "expected 'key: value' lines (a YAML mapping)")
        }
        var values: [(key: String, keyNode: Node, node: Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw Diagnostic(at: Self.location(key.mark, file, lineOffset), "a key must be a plain word")
            }
            values.append((name, key, value))
        }
        self.values = values
    }

    func location(of node: Node) -> SourceLocation { Self.location(node.mark, file, lineOffset) }

    /// A text value (a string, or a number written as text such as `title: 2024`).
    func string(_ node: Node, key: String) throws(Diagnostic) -> String {
        guard case .scalar(let scalar) = node else {
            throw Diagnostic(at: location(of: node), "'\(key)' must be text")
        }
        return scalar.string
    }

    /// A list of text values, each with its place (chapter file names).
    func strings(_ node: Node, key: String) throws(Diagnostic) -> [(String, SourceLocation)] {
        guard case .sequence(let sequence) = node else {
            throw Diagnostic(at: location(of: node), "'\(key)' must be a list ('- item' lines)")
        }
        var items: [(String, SourceLocation)] = []
        for item in sequence {
            items.append((try string(item, key: key), location(of: item)))
        }
        return items
    }

    private static func location(_ mark: Mark?, _ file: String, _ lineOffset: Int) -> SourceLocation {
        SourceLocation(file: file, line: lineOffset + (mark?.line ?? 1), column: mark?.column ?? 1)
    }

    private static func diagnostic(_ error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return Diagnostic(at: location(mark, file, lineOffset), "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(at: location(context.mark, file, lineOffset),
                              "invalid YAML: '\(duplicates.joined(separator: "', '"))' given twice")
        default:
            return Diagnostic(at: SourceLocation(file: file, line: lineOffset + 1, column: 1), "invalid YAML: \(error)")
        }
    }
}
