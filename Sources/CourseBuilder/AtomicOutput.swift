import Diagnostics
import Foundation

/// A file of the site that could not be written, as `Diagnostic` text.
private struct FileWriteFailure: LocalizedError {
    var errorDescription: String?
}

/// Collects every file of a build in memory and then replaces the output folder in one step,
/// so a failed build leaves the previous site exactly as it was, never half-written.
struct OutputTree {
    private(set) var files: [String: Data] = [:]

    mutating func add(_ relativePath: String, _ text: String) { files[relativePath] = Data(text.utf8) }
    mutating func add(_ relativePath: String, data: Data) { files[relativePath] = data }

    /// Writes into a fresh staging folder beside the output (marked and locked first, so an
    /// interrupted build's leftover is recognised and removed by the next build), then puts it
    /// in place of the output: an atomic exchange when a site is there, so the output path
    /// never goes missing, or a rename for a new or empty folder.
    func commit(to output: OutputFolder) throws(Diagnostic) {
        try Self.commit([(self, output)])
    }

    /// Puts several trees in place together (the site and the grading key): all are staged
    /// first, then swapped in one after the other; should a swap fail, the ones already swapped
    /// are swapped back, so the folders never disagree (a key for a site that is not there).
    static func commit(_ outputs: [(tree: OutputTree, folder: OutputFolder)]) throws(Diagnostic) {
        for (_, folder) in outputs { try folder.checkReplaceable() }
        var staged: [(path: String, lock: Int32, folder: OutputFolder)] = []
        defer { for staging in staged { FileSystemCalls.unlock(staging.lock) } }
        do throws(Diagnostic) {
            for (tree, folder) in outputs {
                let staging = try tree.write(beside: folder)
                staged.append((staging.path, staging.lock, folder))
            }
        } catch {
            for staging in staged { staging.folder.remove(staging.path) }
            throw error
        }
        var swapped: [(path: String, folder: OutputFolder, replaced: Bool)] = []
        for staging in staged {
            let output = staging.folder
            let replacing = (try? FileManager.default.contentsOfDirectory(atPath: output.path))?.isEmpty == false
            do throws(FileSystemCalls.Failure) {
                if replacing {
                    try FileSystemCalls.exchange(staging.path, output.path)
                } else {
                    try FileSystemCalls.rename(staging.path, to: output.path)
                }
                swapped.append((staging.path, output, replacing))
            } catch {
                for done in swapped.reversed() { undo(done) }
                for other in staged { other.folder.remove(other.path) }
                let how = replacing ? "the file system refused an atomic exchange (renameat2 RENAME_EXCHANGE)" : "rename failed"
                let noun = output.kind == .site ? "site" : "grading key"
                let kept = swapped.isEmpty ? "the previous \(noun) is unchanged" : "the previous site and grading key are unchanged"
                throw Diagnostic(at: nil, "cannot put the new \(noun) in place of '\(output.displayPath)': \(how): \(error.text)",
                                 notes: [kept])
            }
        }
        // After an exchange the staging path holds the previous folder.
        for done in swapped where done.replaced { done.folder.remove(done.path) }
    }

    /// Swaps a folder already put in place back out: the previous one returns (an exchange is
    /// its own inverse); a folder that was new goes back to its staging name, to be removed.
    private static func undo(_ done: (path: String, folder: OutputFolder, replaced: Bool)) {
        do throws(FileSystemCalls.Failure) {
            if done.replaced {
                try FileSystemCalls.exchange(done.path, done.folder.path)
            } else {
                try FileSystemCalls.rename(done.folder.path, to: done.path)
            }
        } catch {}
    }

    /// The staging folder with the marker (locked while this build runs) and every file.
    fileprivate func write(beside output: OutputFolder) throws(Diagnostic) -> (path: String, lock: Int32) {
        let fileManager = FileManager.default
        let staging = output.newStagingPath()
        var lock: Int32?
        do {
            try fileManager.createDirectory(atPath: output.parent, withIntermediateDirectories: true)
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            let marker = (staging as NSString).appendingPathComponent(output.kind.markerName)
            lock = FileSystemCalls.lock(marker, create: true)
            guard let lock else { throw CocoaError(.fileWriteUnknown) }
            try FileHandle(fileDescriptor: lock, closeOnDealloc: false).write(contentsOf: Data(output.kind.markerText.utf8))
            let root = URL(fileURLWithPath: staging)
            for (path, data) in files {
                let url = root.appendingPathComponent(path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                do throws(FileSystemCalls.Failure) {
                    try FileSystemCalls.writeFile(url.path, data)
                } catch {
                    throw FileWriteFailure(errorDescription: "'\(path)': \(error.text)")
                }
            }
            return (staging, lock)
        } catch {
            output.remove(staging)
            if let lock { FileSystemCalls.unlock(lock) }
            throw Diagnostic(at: nil, "cannot write \(output.kind.noun) beside '\(output.displayPath)': \(error.localizedDescription)")
        }
    }
}
