// libFuzzer entry point for the build input: the bytes as a chapter (Markdown with `nn` blocks,
// inline `{nn}` values and math). Built by Fuzz/build-chapter.sh (see Fuzz/README.md); not part
// of the package's normal build.
import CourseBuilder
import CourseMarkdown
import Diagnostics
import ExerciseModel
import Grader
import NNLanguage

/// Small enough that one input runs in well under a second; `build` allows far more.
let budget = ExecutionBudget(steps: 20_000, scalars: 200_000, callDepth: 32)
let file = "Content/fuzz.md"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    // `build` refuses a chapter that is not UTF-8 before parsing it (SourceFile.readUTF8).
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let lines = Lines(text)
    do {
        let chapter = try RenderedChapter(text: text, file: file, budget: budget)
        // What the build writes, the grader must read: the exercise sheet is accepted.
        if !chapter.exercises.isEmpty {
            do {
                _ = try ExerciseCatalog(sheets: [ExerciseSheet(chapter: file, exercises: chapter.exercises)])
            } catch {
                fatalError("build wrote an exercise sheet the grader refuses: \(error)")
            }
        }
        // The Markdown rendition is itself a chapter's worth of Markdown.
        _ = MarkdownDocument(parsing: chapter.markdown, file: "markdown/fuzz.md").render(.html)
    } catch {
        // Every error and note points into the chapter, at a line it has and a column on it.
        for diagnostic in error.diagnostics {
            guard let location = diagnostic.location, location.file == file,
                  lines.contains(line: location.line, column: location.column)
            else {
                fatalError("diagnostic not located in the chapter (\(lines.count) lines): \(diagnostic)")
            }
        }
        precondition(error.hasErrors, "a failed chapter reports an error")
    }
    return 0
}

/// The chapter's lines as cmark counts them (`\n`, `\r\n` or a lone `\r` ends one), in characters.
struct Lines {
    var lengths: [Int] = []

    init(_ text: String) {
        var length = 0
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lengths.append(length)
                length = 0
            } else {
                length += 1
            }
        }
        lengths.append(length)
    }

    var count: Int { lengths.count }

    /// Columns count characters; this counts scalars, which is never fewer. A diagnostic may
    /// point just past a line's end (a missing closing parenthesis).
    func contains(line: Int, column: Int) -> Bool {
        line >= 1 && line <= lengths.count && column >= 1 && column <= lengths[line - 1] + 1
    }
}
