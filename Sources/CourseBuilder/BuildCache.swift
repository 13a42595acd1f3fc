import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage

/// Executed chapters and typeset formulas kept between builds, so a rebuild runs only what an
/// edit changed (`docs/site.md`, "The build cache").
///
/// Never stale by construction: an entry stores the whole of what its result depends on (its
/// key), and is used only when that key equals the one the build computes now; the file name is
/// only a hash to find it. A file that is unreadable, truncated, foreign or of another version
/// is a miss, and the entry is rebuilt and written again (to a temporary name, then renamed, so
/// a reader never sees half a file). Only chapters that ran without error are kept.
public struct BuildCache: Sendable {
    /// The folder that holds the entries (`chapters/`, `math-*.cache`).
    public let folder: URL
    /// The chapters this build ran rather than restored (chapters run side by side).
    private let ran = Ledger()

    public init(folder: URL) { self.folder = folder }

    /// Whether this build ran the chapter's blocks (the cache had no entry for its code).
    func wasRun(_ chapter: ChapterSource) -> Bool { ran.contains(chapter.displayPath) }

    private final class Ledger: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []
        func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
        func contains(_ path: String) -> Bool { lock.withLock { paths.contains(path) } }
    }

    /// `.coursegen-cache` beside the output folder: outside the site (nothing of it is
    /// published) and outside the content (an author's folder holds only what they wrote).
    public static func folder(besideOutput output: URL) -> URL {
        output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(".coursegen-cache")
    }

    /// Raised when what an entry holds or how it is keyed changes.
    static let formatVersion = 2

    /// The running program, by path, size and modification time: any rebuilt `coursegen` (a new
    /// engine, a new interpreter, another version) keys its results apart from the last one's.
    static let toolIdentity: String = {
        let path = FileSystemCalls.realPath("/proc/self/exe") ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
        return "\(path)|\(size)|\(modified)"
    }()

    // MARK: - Files

    func read(_ name: String) -> Data? {
        FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
    }

    /// Writes to a temporary name beside the entry, then renames it over the entry. A failure
    /// (a read-only folder, a full disk) only costs the next build a miss.
    func write(_ data: Data, to name: String) {
        let url = folder.appendingPathComponent(name)
        let directory = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp").path
        do {
            try FileSystemCalls.writeFile(temporary, data)
            try FileSystemCalls.rename(temporary, to: url.path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    /// FNV-1a, 64 bits, in hex: names a file; never trusted to identify its contents.
    static func fileHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

// MARK: - Executed chapters

extension BuildCache {
    /// What an executed chapter depends on: the program (tool and format), the file name its
    /// diagnostics and exercise sources name, and each `nn` block and inline value in the order
    /// they run, with the columns positions are counted from. Lines are left out, so prose added
    /// above a block re-runs nothing: exercise sources are moved to the block's new line.
    struct ChapterKey: Codable, Equatable {
        var format = BuildCache.formatVersion
        var tool = BuildCache.toolIdentity
        var file: String
        var steps: [Step]

        struct Step: Codable, Equatable {
            /// `nn` block: its info string (display options are checked while it runs) and code;
            /// inline value: the span's text.
            var block: Bool
            var info: String?
            var code: String
            var column: Int
        }

        init(file: String, steps: [ChapterExecutor.Step]) {
            self.file = file
            self.steps = steps.map { step in
                switch step {
                case .block(let block):
                    Step(block: true, info: block.info, code: block.code, column: block.location.column)
                case .inline(let span):
                    Step(block: false, code: span.code, column: span.contentLocation.column)
                }
            }
        }
    }

    /// One executed chapter as stored: results by position among the chapter's steps.
    struct ChapterEntry: Codable {
        var key: ChapterKey
        var blocks: [Block]
        var inlineValues: [String]
        /// Each varied exercise's `vary` clause, by its block (index among the blocks), line
        /// below the block's first code line and column: the grading key's stability errors
        /// point at it, from a cached chapter as from one that ran.
        var variations: [Variation]

        struct Variation: Codable, Equatable {
            var id: String
            var block: Int
            var lineOffset: Int
            var column: Int
        }

        struct Block: Codable {
            /// The line the block's code started on when it ran (exercise sources count from it).
            var firstCodeLine: Int
            var outputs: [Output]
            var exercises: [Exercise]
        }

        enum Output: Codable, Equatable {
            case value(label: String?, text: String)
            case table(caption: String?, header: [String], rows: [[String]])
            case plot(title: String?, svg: String, name: String)
            case text(String)
        }
    }

    /// The chapter's results from the cache, or from running it (and then kept).
    func executed(
        _ chapter: ChapterSource, text: String, document: MarkdownDocument, progress: BuildProgress? = nil
    ) throws(DiagnosticList) -> ExecutedChapter {
        let steps = ChapterExecutor.steps(of: document)
        let key = ChapterKey(file: chapter.displayPath, steps: steps)
        let name = "chapters/\(Self.fileHash(chapter.displayPath)).json"
        if let data = read(name), let entry = try? JSONDecoder().decode(ChapterEntry.self, from: data),
           entry.key == key, var restored = Self.restore(entry, chapter: chapter, document: document, steps: steps) {
            Self.restoreVariations(entry.variations, into: &restored, text: text, steps: steps)
            return restored
        }
        ran.insert(chapter.displayPath)
        let executed = try ChapterExecutor.execute(chapter, text: text, document: document, progress: progress)
        if let entry = Self.entry(executed, key: key, steps: steps), let data = try? JSONEncoder().encode(entry) {
            write(data, to: name)
        }
        return executed
    }

    /// The entry for a chapter that ran, or nil when it cannot be restored exactly (an output
    /// the coding changes, an exercise whose source is not at a line of this chapter).
    static func entry(_ executed: ExecutedChapter, key: ChapterKey, steps: [ChapterExecutor.Step]) -> ChapterEntry? {
        var blocks: [ChapterEntry.Block] = []
        var inlineValues: [String] = []
        for step in steps {
            switch step {
            case .block(let block):
                guard let result = executed.blockResults[block] else { return nil }
                blocks.append(.init(firstCodeLine: block.firstCodeLine, outputs: result.outputs.map(Self.stored),
                                    exercises: result.exercises))
            case .inline(let span):
                guard let value = executed.inlineValues[span] else { return nil }
                inlineValues.append(value)
            }
        }
        let entry = ChapterEntry(key: key, blocks: blocks, inlineValues: inlineValues,
                                 variations: variations(of: executed, steps: steps))
        // Restored at the same place, the entry must give back exactly what ran.
        guard let restored = restore(entry, chapter: executed.source, document: executed.document, steps: steps),
              restored.blockResults.mapValues(\.outputs) == executed.blockResults.mapValues(\.outputs),
              restored.blockResults.mapValues(\.exercises) == executed.blockResults.mapValues(\.exercises),
              restored.inlineValues == executed.inlineValues, restored.exercises == executed.exercises,
              let data = try? JSONEncoder().encode(entry),
              let decoded = try? JSONDecoder().decode(ChapterEntry.self, from: data),
              decoded.blocks.map(\.outputs) == entry.blocks.map(\.outputs),
              decoded.blocks.map(\.exercises) == entry.blocks.map(\.exercises),
              decoded.inlineValues == entry.inlineValues
        else { return nil }
        return entry
    }

    /// The chapter as it ran, its results given to the blocks and spans at their places in
    /// `document` (which may differ from the stored ones in prose only).
    static func restore(
        _ entry: ChapterEntry, chapter: ChapterSource, document: MarkdownDocument, steps: [ChapterExecutor.Step]
    ) -> ExecutedChapter? {
        var blocks = entry.blocks.makeIterator()
        var inlineValues = entry.inlineValues.makeIterator()
        var executed = ExecutedChapter(
            source: chapter, document: document, blockResults: [:], inlineValues: [:], exercises: [])
        for step in steps {
            switch step {
            case .block(let block):
                guard let stored = blocks.next() else { return nil }
                var exercises: [Exercise] = []
                for exercise in stored.exercises {
                    guard let moved = moved(exercise, lines: block.firstCodeLine - stored.firstCodeLine,
                                            file: chapter.displayPath) else { return nil }
                    exercises.append(moved)
                }
                executed.blockResults[block] = BlockResult(outputs: stored.outputs.map(Self.output), exercises: exercises)
                executed.exercises += exercises
            case .inline(let span):
                guard let value = inlineValues.next() else { return nil }
                executed.inlineValues[span] = value
            }
        }
        guard blocks.next() == nil, inlineValues.next() == nil else { return nil }
        return executed
    }

    /// The exercise with its source (`file:line:column`) moved down `lines` lines; nil when the
    /// source is not a place in `file`.
    static func moved(_ exercise: Exercise, lines: Int, file: String) -> Exercise? {
        guard let source = exercise.source else { return exercise }
        guard source.hasPrefix(file + ":") else { return nil }
        let numbers = source.dropFirst(file.count + 1).split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 2, let line = Int(numbers[0]), let column = Int(numbers[1]) else { return nil }
        var moved = exercise
        moved.source = SourceLocation(file: file, line: line + lines, column: column).description
        return moved
    }

    /// The `vary` sites of a chapter that ran, each by the block it is in.
    static func variations(of executed: ExecutedChapter, steps: [ChapterExecutor.Step]) -> [ChapterEntry.Variation] {
        let firstLines = steps.compactMap { step -> Int? in if case .block(let block) = step { block.firstCodeLine } else { nil } }
        return executed.variationSites.keys.sorted().compactMap { id in
            let location = executed.variationSites[id]!.location
            guard let block = firstLines.lastIndex(where: { $0 <= location.line }) else { return nil }
            return .init(id: id, block: block, lineOffset: location.line - firstLines[block], column: location.column)
        }
    }

    /// The stored `vary` sites at their blocks' places in the chapter as it is now.
    static func restoreVariations(_ variations: [ChapterEntry.Variation], into executed: inout ExecutedChapter,
                                  text: String, steps: [ChapterExecutor.Step]) {
        let firstLines = steps.compactMap { step -> Int? in if case .block(let block) = step { block.firstCodeLine } else { nil } }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for variation in variations where firstLines.indices.contains(variation.block) {
            let line = firstLines[variation.block] + variation.lineOffset
            guard (1...lines.count).contains(line) else { continue }
            let location = SourceLocation(file: executed.source.displayPath, line: line, column: variation.column)
            executed.variationSites[variation.id] = (location, String(lines[line - 1]).replacingOccurrences(of: "\r", with: ""))
        }
    }

    static func stored(_ output: BlockOutput) -> ChapterEntry.Output {
        switch output {
        case .value(let label, let text): .value(label: label, text: text)
        case .table(let table): .table(caption: table.caption, header: table.header, rows: table.rows)
        case .plot(let plot): .plot(title: plot.title, svg: plot.svg, name: plot.name)
        case .text(let text): .text(text)
        }
    }

    static func output(_ stored: ChapterEntry.Output) -> BlockOutput {
        switch stored {
        case .value(let label, let text): .value(label: label, text: text)
        case .table(let caption, let header, let rows): .table(Table(caption: caption, header: header, rows: rows))
        case .plot(let title, let svg, let name): .plot(Plot(title: title, svg: svg, name: name))
        case .text(let text): .text(text)
        }
    }
}
