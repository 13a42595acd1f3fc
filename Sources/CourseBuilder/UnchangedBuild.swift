#if canImport(Glibc)
import CDispatch
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A build with nothing to do: when every input is as it was for the last successful build of
/// this output, and the output is still exactly the files that build wrote, the site is already
/// the one a build would write, and `build` returns at once.
///
/// The inputs: the program (`BuildCache.toolIdentity`), the options (all of them, by their
/// description, so an option added later is covered without being listed here), KaTeX's
/// version, and every file under the content and templates folders, by path and a 64-bit hash
/// of its bytes (a hash of what is read, not of dates, so an edit in the same clock tick is not
/// missed). The output is checked by every file's path, size, modification time and inode as
/// written. A build with warnings is not recorded (they must show again).
struct UnchangedBuild {
    let cache: BuildCache
    let fingerprint: String
    private let name: String

    /// Nil when the folders hold more than `limit` bytes (a course in a folder that also holds a
    /// build tree): reading them all each time would cost more than it saves.
    init?(cache: BuildCache, options: CourseBuilder.Options, limit: Int = 64 << 20) {
        self.cache = cache
        var lines = ["format \(BuildCache.formatVersion)", "tool \(BuildCache.toolIdentity)", "options \(Self.describe(options))",
                     "katex \(CachedTypesetter.version(of: options.katex))"]
        var budget = limit
        for (role, folder) in [("content", options.contentDirectory), ("templates", options.templatesDirectory)] {
            guard let folder else { continue }
            lines.append("\(role) \(folder.standardizedFileURL.path)")
            guard let files = Self.files(under: folder.standardizedFileURL.path, budget: &budget) else { return nil }
            for (path, hash) in files { lines.append("\(hash) \(path)") }
        }
        fingerprint = lines.joined(separator: "\n")
        name = "builds/\(BuildCache.fileHash(options.outputDirectory.standardizedFileURL.path)).txt"
    }

    /// The stamps of both folders a build writes: the site and the grading key (a deleted or
    /// edited key must be written again, as a touched site must).
    static func stamps(output: URL, key: URL) -> String {
        outputStamps(output.standardizedFileURL.path).joined(separator: "\n") + "\n-key-\n"
            + outputStamps(key.standardizedFileURL.path).joined(separator: "\n")
    }

    /// The last build's summary when nothing changed since, else nil.
    func summary(of output: URL, key: URL) -> CourseBuilder.Summary? {
        guard let data = cache.read(name) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\n--\n")
        guard parts.count == 4, parts[0] == fingerprint,
              parts[1] == Self.stamps(output: output, key: key),
              let header = parts[2].split(separator: " ").first.flatMap({ Int($0) })
        else { return nil }
        let lists = parts[3].components(separatedBy: "\n-\n")
        guard lists.count == 3 else { return nil }
        func list(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: "\n") }
        return CourseBuilder.Summary(
            chapters: list(lists[0]), exerciseCount: header, files: list(lists[1]), outputDirectory: output,
            keyDirectory: key, keyFiles: list(lists[2]), chaptersRun: [], formulasTypeset: 0, wasUpToDate: true, warnings: [])
    }

    /// Records a successful build without warnings (called after the site is in place).
    func record(_ summary: CourseBuilder.Summary) {
        guard summary.warnings.isEmpty, !summary.chapters.contains(where: { $0.contains("\n") }),
              !summary.files.contains(where: { $0.contains("\n") }),
              !summary.keyFiles.contains(where: { $0.contains("\n") }) else { return }
        let text = [
            fingerprint,
            Self.stamps(output: summary.outputDirectory, key: summary.keyDirectory),
            "\(summary.exerciseCount) exercises",
            summary.chapters.joined(separator: "\n") + "\n-\n" + summary.files.joined(separator: "\n")
                + "\n-\n" + summary.keyFiles.joined(separator: "\n"),
        ].joined(separator: "\n--\n")
        cache.write(Data(text.utf8), to: name)
    }

    /// Every stored property, by label; a URL as its path (a `URL` made from a path gains a
    /// trailing slash once the folder exists, which must not read as another option).
    static func describe(_ options: CourseBuilder.Options) -> String {
        func text(_ value: Any) -> String {
            if let url = value as? URL { return url.standardizedFileURL.path }
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional { return mirror.children.first.map { text($0.value) } ?? "nil" }
            return "\(value)"
        }
        return Mirror(reflecting: options).children.map { "\($0.label ?? "?")=\(text($0.value))" }.joined(separator: ", ")
    }

    /// Every regular file under `root`, by relative path, with an FNV-1a hash of its bytes;
    /// hidden files included (a build may read them), in path order. Nil past `budget` bytes.
    static func files(under root: String, budget: inout Int) -> [(String, String)]? {
        var files: [(String, String)] = []
        var remaining = budget
        walk(root, relative: "") { path, relative, info in
            remaining -= Int(info.st_size)
            guard remaining >= 0 else { return }
            let data = FileManager.default.contents(atPath: path) ?? Data()
            files.append((relative, contentHash(data)))
        }
        budget = remaining
        guard remaining >= 0 else { return nil }
        return files.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    /// `path size mtime inode` of every file under the output, in path order.
    static func outputStamps(_ root: String) -> [String] {
        var stamps: [String] = []
        walk(root, relative: "") { _, relative, info in
            #if canImport(Darwin)
            let modified = "\(info.st_mtimespec.tv_sec).\(info.st_mtimespec.tv_nsec)"
            #else
            let modified = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            #endif
            stamps.append("\(relative) \(info.st_size) \(modified) \(info.st_ino)")
        }
        return stamps.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func walk(_ path: String, relative: String, depth: Int = 0,
                             _ visit: (String, String, stat) -> Void) {
        guard depth < 64, let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name != ".", name != ".." else { continue }
            let child = path + "/" + name, childRelative = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(child, &info) == 0 else {
                visit(child, childRelative + " (unreadable)", info)
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(child, relative: childRelative, depth: depth + 1, visit)
            } else {
                visit(child, childRelative, info)
            }
        }
    }

    /// FNV-1a, 64 bits, with the length: a changed file is told from the old one but for a
    /// chance of 2⁻⁶⁴.
    static func contentHash(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return "\(String(hash, radix: 16))-\(data.count)"
    }
}
