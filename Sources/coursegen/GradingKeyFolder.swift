import CourseBuilder
import Diagnostics
import Foundation

/// Where `grade` and `handout` read the grading key: `--exercises DIR` when given, else
/// `./grading`, the folder `coursegen build Content` writes beside `site/`, so the two commands
/// of a course work as written in one folder.
enum GradingKeyFolder {
    static let defaultPath = CourseBuilder.Options.defaultKeyName

    /// - Throws: when `--exercises` is not given and there is no `./grading` folder, saying which
    ///   command writes it.
    static func resolve(_ given: String?) throws(Diagnostic) -> String {
        if let given { return given }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: defaultPath, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(
                at: nil, "no grading key here: there is no folder '\(defaultPath)' in \(FileManager.default.currentDirectoryPath)",
                notes: [
                    "`coursegen build CONTENT` writes the grading key to '\(defaultPath)/' beside the site; run it in this folder first",
                    "or name the key with --exercises DIR (the folder given to `coursegen build --key`)",
                ])
        }
        return defaultPath
    }
}
