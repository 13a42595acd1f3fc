import Diagnostics
import Foundation

/// Reading an author's file as UTF-8, with the place of the first bad byte when it is not.
enum SourceFile {
    static func readUTF8(_ url: URL, displayPath: String) throws(Diagnostic) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Diagnostic(at: nil, "cannot read '\(displayPath)'")
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        throw Diagnostic(
            at: firstInvalidByte(in: data, file: displayPath),
            "'\(displayPath)' is not UTF-8 text", notes: ["save the file as UTF-8 (without a byte-order mark is best)"])
    }

    /// Line and column (in characters) of the first byte that does not decode as UTF-8.
    static func firstInvalidByte(in data: Data, file: String) -> SourceLocation? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if Unicode.UTF8.decode(encoded) == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return SourceLocation(file: file, line: line, column: column)
            case .emptyInput:
                return nil
            }
        }
    }
}
