import Diagnostics
import Foundation

/// What `coursegen init DIR` writes: a course file and one chapter that shows each feature
/// (math, an `nn` block, an inline value, a plot), so `coursegen build DIR` works at once.
public enum StarterCourse {
    public static let files: [(name: String, text: String)] = [
        (CourseFile.fileName, """
            # The course as the site presents it. Chapters are listed in reading order;
            # without 'chapters', every .md file here is a chapter, in file-name order.
            title: My course
            description: A course whose every number is computed from its own nn blocks.
            author: Your Name
            language: en
            chapters:
              - 01-introduction.md

            """),
        ("01-introduction.md", """
            ---
            title: Introduction
            ---

            # Introduction

            Math is typeset when the site is built: the sigmoid is
            $\\sigma(x) = \\frac{1}{1 + e^{-x}}$.

            ## A computed example

            ```nn
            x = 2
            show "σ(2)": sigmoid(x) | .4f
            plot "The sigmoid" t in -6..6: sigmoid(t)
            ```

            So σ(2) is about `{nn} sigmoid(x) | .3f`.

            """),
    ]

    /// Writes the starter course into `directory`, which must be new or empty.
    /// - Throws: when the folder holds anything, or a file cannot be written.
    public static func write(to directory: URL, displayPath: String) throws(Diagnostic) {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw Diagnostic(at: nil, "cannot write a new course into '\(displayPath)': the folder is not empty",
                             notes: ["give a new folder, e.g. coursegen init my-course"])
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files {
                try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .withoutOverwriting)
            }
        } catch {
            throw Diagnostic(at: nil, "cannot write a new course into '\(displayPath)': \(error.localizedDescription)")
        }
    }
}
