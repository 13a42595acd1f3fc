import Diagnostics
import Foundation

/// The folder a build replaces, and the rules that keep `--out` from destroying anything else.
///
/// A build swaps a whole new folder in, so whatever was at `--out` disappears. That is safe only
/// for a new folder, an empty one, or one an earlier build wrote, recognised by the marker file
/// `.coursegen-site` every build leaves. The content and templates folders are never the
/// output, nor inside it or around it (compared as real paths, symlinks resolved). All of this
/// is checked before any chapter runs, so a refused build touches nothing.
struct OutputFolder {
    /// The file that marks a folder (a site, or a build's staging folder) as written by coursegen.
    static let markerName = ".coursegen-site"
    static let markerText = "This folder was written by `coursegen build`; the next build replaces all of it.\n"

    /// What a build writes there: the site (`--out`) or the grading key (`--key`). Each has its
    /// own marker, so a site is never taken for a key folder, nor the other way round.
    enum Kind: Sendable {
        case site, key

        var markerName: String { self == .site ? OutputFolder.markerName : ".coursegen-key" }
        var markerText: String {
            self == .site ? OutputFolder.markerText
                : "This folder is the grading key `coursegen build` wrote (every exercise's reference answer); "
                    + "keep it out of the published site. The next build replaces all of it.\n"
        }
        /// "the site", "the grading key": how messages name it.
        var noun: String { self == .site ? "the site" : "the grading key" }
        var option: String { self == .site ? "--out" : "--key" }
    }

    /// A folder the output must stay clear of, e.g. ("content", `Content/`, "Content").
    struct Protected {
        var role: String
        var url: URL
        var displayPath: String
    }

    /// Real path of the output folder (a symlink named by `--out` is followed, so it keeps
    /// pointing at the site).
    let path: String
    /// As the user typed it, for messages.
    let displayPath: String
    let kind: Kind

    var parent: String { (path as NSString).deletingLastPathComponent }
    var name: String { (path as NSString).lastPathComponent }

    /// - Throws: a diagnostic naming the rule `output` breaks; nothing has been touched then.
    init(checking output: URL, displayPath: String, kind: Kind = .site, protecting protected: [Protected]) throws(Diagnostic) {
        self.path = Self.resolved(output.path)
        self.displayPath = displayPath
        self.kind = kind
        for folder in protected {
            let other = Self.resolved(folder.url.path)
            let reason =
                other == path ? "it is the \(folder.role) folder"
                : Self.contains(path, other) ? "it contains the \(folder.role) folder '\(folder.displayPath)'"
                : Self.contains(other, path) ? "it is inside the \(folder.role) folder '\(folder.displayPath)'" : nil
            if let reason {
                throw refusal(reason, note: kind == .site
                    ? "the site goes to a folder of its own, apart from the content and templates folders (e.g. --out site)"
                    : "the grading key goes to a folder of its own, outside the site, the content and the templates (e.g. --key grading)")
            }
        }
        try checkReplaceable()
    }

    /// Refuses an output that exists and is neither an empty folder nor an earlier site; run
    /// again just before the swap, in case something appeared there while chapters ran.
    func checkReplaceable() throws(Diagnostic) {
        let fileManager = FileManager.default
        guard let attributes = try? fileManager.attributesOfItem(atPath: path) else { return }
        let type = attributes[.type] as? FileAttributeType
        guard type == .typeDirectory else {
            throw refusal(type == .typeRegular ? "it is a file, not a folder" : "it exists and is not a folder")
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
        if entries.isEmpty || isMarked(path) { return }
        throw refusal("it is a folder that coursegen did not write (it has no \(kind.markerName) file) and it is not empty")
    }

    private func refusal(_ reason: String, note: String? = nil) -> Diagnostic {
        let note = note ?? "a build replaces the whole \(kind == .site ? "output" : "key") folder, so \(kind.option) must be a new or empty folder, or one that an earlier 'coursegen build' wrote"
        return Diagnostic(at: nil, "cannot write \(kind.noun) to '\(displayPath)': \(reason)", notes: [note])
    }

    /// True when `path` is a folder an earlier build wrote (it carries this kind's marker).
    var holdsEarlierBuild: Bool { isMarked(path) }

    private func isMarked(_ folder: String) -> Bool {
        var isDirectory: ObjCBool = false
        let marker = (folder as NSString).appendingPathComponent(kind.markerName)
        return FileManager.default.fileExists(atPath: marker, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    // MARK: Staging folders

    /// A fresh staging folder beside the output: `.<name>.new-<8 hex digits>`.
    func newStagingPath() -> String {
        let token = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        return (parent as NSString).appendingPathComponent(".\(name).new-\(token)")
    }

    func isStagingName(_ entry: String) -> Bool {
        let prefix = ".\(name).new-"
        guard entry.hasPrefix(prefix) else { return false }
        let token = entry.dropFirst(prefix.count)
        return token.count == 8 && token.allSatisfy(\.isHexDigit)
    }

    /// Removes the staging folders that interrupted builds of this output left: those with this
    /// output's staging name that carry the marker and whose lock no running build holds (or that
    /// are empty, a build stopped right after creating it). Anything else is left alone.
    func removeAbandonedStaging() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries where isStagingName(entry) {
            let staging = (parent as NSString).appendingPathComponent(entry)
            // A link with a staging name is not ours: never follow it into another folder.
            let type = (try? FileManager.default.attributesOfItem(atPath: staging))?[.type] as? FileAttributeType
            guard type == .typeDirectory else { continue }
            let marker = (staging as NSString).appendingPathComponent(kind.markerName)
            if isMarked(staging), let lock = FileSystemCalls.lock(marker, create: false) {
                remove(staging)
                FileSystemCalls.unlock(lock)
            } else if (try? FileManager.default.contentsOfDirectory(atPath: staging))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: staging)
            }
        }
    }

    /// Deletes a site (or key) folder with its marker last, so a deletion cut short still leaves
    /// a folder the next build recognises and finishes removing.
    func remove(_ folder: String) {
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: folder)) ?? [] where entry != kind.markerName {
            try? fileManager.removeItem(atPath: (folder as NSString).appendingPathComponent(entry))
        }
        try? fileManager.removeItem(atPath: folder)
    }

    // MARK: Paths

    /// The real path of `path`; for parts that do not exist yet, the real path of the deepest
    /// existing ancestor followed by the rest.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var current = "/"
        for component in absolute.split(separator: "/") where component != "." {
            let candidate = (current as NSString).appendingPathComponent(String(component))
            if let real = FileSystemCalls.realPath(candidate) {
                current = real
            } else if component == ".." {
                current = (current as NSString).deletingLastPathComponent
            } else {
                current = candidate
            }
        }
        return current
    }

    /// True when `inner` lies strictly inside `outer` (both real, absolute paths).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        outer == "/" ? inner != "/" : inner.hasPrefix(outer + "/")
    }
}
