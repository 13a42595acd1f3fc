import Diagnostics
import ExerciseModel
import Foundation

/// The grading key: one `ExerciseSheet` per chapter with exercises (reference answers and
/// reference programs included), written to `--key` (default `grading/` beside the site) and
/// never under the site, since publishing the site must not publish the answers.
///
/// The key is also the record of the numbers students were dealt: a build that would change
/// an exercise's parameter choices is refused unless told to re-deal it (`--redeal ID`).
struct GradingKey {
    /// Sheets in chapter order, each with the file name it has in the key folder.
    var sheets: [(file: String, sheet: ExerciseSheet)]

    init(chapters: [ExecutedChapter], language: String?) {
        sheets = chapters.enumerated().compactMap { index, chapter in
            guard !chapter.exercises.isEmpty else { return nil }
            let sheet = ExerciseSheet(
                chapter: chapter.source.name, chapterTitle: chapter.title,
                chapterNumber: index + 1, language: language,
                exercises: chapter.exercises.map { SiteAssembler.published($0, of: chapter.source) })
            return ("\(chapter.source.slug).json", sheet)
        }
    }

    /// The key folder's files.
    func tree() throws(Diagnostic) -> OutputTree {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var tree = OutputTree()
        for (file, sheet) in sheets {
            do {
                tree.add(file, data: try encoder.encode(sheet))
            } catch {
                throw Diagnostic(at: nil, "cannot encode the exercises of '\(sheet.chapter)': \(error)")
            }
        }
        return tree
    }

    // MARK: The previous key

    /// The exercises of the key an earlier build left, and where it was read (for messages).
    struct Previous {
        var exercises: [Exercise]
        var chapterOf: [String: String]
        var displayPath: String
    }

    /// Reads the key an earlier build wrote into `key`; failing that, the `exercises/` folder
    /// an earlier version of coursegen wrote into the site, so a course built before the key
    /// moved out keeps its students' numbers. Nil when there is neither (a first build).
    /// - Throws: when a sheet there cannot be read: the numbers students were dealt would be lost.
    static func previous(key: OutputFolder, site: OutputFolder) throws(Diagnostic) -> Previous? {
        if key.holdsEarlierBuild {
            return try read(folder: key.path, displayPath: key.displayPath)
        }
        let legacy = (site.path as NSString).appendingPathComponent("exercises")
        var isFolder: ObjCBool = false
        if site.holdsEarlierBuild, FileManager.default.fileExists(atPath: legacy, isDirectory: &isFolder), isFolder.boolValue {
            return try read(folder: legacy, displayPath: (site.displayPath as NSString).appendingPathComponent("exercises"))
        }
        return nil
    }

    private static func read(folder: String, displayPath: String) throws(Diagnostic) -> Previous {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var previous = Previous(exercises: [], chapterOf: [:], displayPath: displayPath)
        for name in names {
            let shown = (displayPath as NSString).appendingPathComponent(name)
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
                let sheet = try JSONDecoder().decode(ExerciseSheet.self, from: data)
                for exercise in sheet.exercises {
                    previous.exercises.append(exercise)
                    previous.chapterOf[exercise.id] = sheet.chapter
                }
            } catch {
                throw Diagnostic(
                    at: SourceLocation(file: shown, line: 1, column: 1),
                    "cannot read this sheet of the grading key, which records the numbers students were dealt",
                    notes: ["restore it from a backup, or remove the folder to start a new key (every student's numbers may then change)"])
            }
        }
        return previous
    }

    // MARK: Variants that stay put

    /// An error for each exercise whose parameter choices differ from the previous key's (unless
    /// it is named in `redeal`), and a warning for each exercise the course no longer has and
    /// each `redeal` id that names no exercise.
    func stability(
        against previous: Previous, redeal: Set<String>, sites: [String: (location: SourceLocation, line: String)]
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let old = Dictionary(previous.exercises.map { ($0.id, $0) }) { first, _ in first }
        let current = sheets.flatMap { $0.sheet.exercises }
        let currentIDs = Set(current.map(\.id))
        for exercise in current {
            guard let before = old[exercise.id], before.parameters != exercise.parameters else { continue }
            let site = sites[exercise.id]
            if redeal.contains(exercise.id) {
                diagnostics.append(Diagnostic(
                    .note, at: site?.location, "exercise '\(exercise.id)' deals new numbers (--redeal): \(Self.describe(before.parameters)) → \(Self.describe(exercise.parameters)); handouts made before this build no longer match",
                    sourceLine: site?.line))
                continue
            }
            diagnostics.append(Diagnostic(
                at: site?.location ?? exercise.source.flatMap(Self.location),
                "exercise '\(exercise.id)' would deal students other numbers than the grading key '\(previous.displayPath)' records",
                sourceLine: site?.line,
                notes: [
                    "the key has:  \(Self.describe(before.parameters))",
                    "this build:   \(Self.describe(exercise.parameters))",
                    "handouts and pages already given out show the key's numbers, and grading uses them",
                    "to deal every student new numbers for this exercise, build with --redeal \(exercise.id)",
                ]))
        }
        for exercise in previous.exercises where !currentIDs.contains(exercise.id) {
            diagnostics.append(Diagnostic(
                .warning, at: nil,
                "exercise '\(exercise.id)' (\(previous.chapterOf[exercise.id] ?? "?")) is in the grading key '\(previous.displayPath)' but no longer in the course; the new key leaves it out, so answers to it are no longer graded"))
        }
        for id in redeal.sorted() where !currentIDs.contains(id) {
            diagnostics.append(Diagnostic(.warning, at: nil, "--redeal \(id): the course has no exercise '\(id)'"))
        }
        return diagnostics
    }

    /// `x in {1, 2, 3, 4}, t in {5, 6, 7}`, as a `vary` clause writes them; `no parameters`.
    static func describe(_ parameters: [VariantParameter]) -> String {
        guard !parameters.isEmpty else { return "no parameters (every student the same numbers)" }
        return parameters.map { parameter in
            "\(parameter.name) in {" + parameter.choices.map(Self.number).joined(separator: ", ") + "}"
        }.joined(separator: ", ")
    }

    /// Every digit a choice has (`0.1`, not a rounded `0.1` standing for 0.1000001), so two
    /// lists that differ never print alike.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// `04-backprop.md:193:1` → a location, for an exercise declared in no `vary` clause.
    private static func location(_ text: String) -> SourceLocation? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        return SourceLocation(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}
