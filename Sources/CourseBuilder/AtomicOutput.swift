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
        try output.checkReplaceable()
        let staging = try write(beside: output)
        defer { FileSystemCalls.unlock(staging.lock) }
        let fileManager = FileManager.default
        let replacing = (try? fileManager.contentsOfDirectory(atPath: output.path))?.isEmpty == false
        do throws(FileSystemCalls.Failure) {
            if replacing {
                try FileSystemCalls.exchange(staging.path, output.path)
            } else {
                try FileSystemCalls.rename(staging.path, to: output.path)
            }
        } catch {
            OutputFolder.removeSite(at: staging.path)
            let how = replacing ? "the file system refused an atomic exchange (renameat2 RENAME_EXCHANGE)" : "rename failed"
            throw Diagnostic(at: nil, "cannot put the new site in place of '\(output.displayPath)': \(how): \(error.text)",
                             notes: ["the previous site is unchanged"])
        }
        // After the exchange the staging path holds the previous site.
        if replacing { OutputFolder.removeSite(at: staging.path) }
    }

    /// The staging folder with the marker (locked while this build runs) and every file.
    private func write(beside output: OutputFolder) throws(Diagnostic) -> (path: String, lock: Int32) {
        let fileManager = FileManager.default
        let staging = output.newStagingPath()
        var lock: Int32?
        do {
            try fileManager.createDirectory(atPath: output.parent, withIntermediateDirectories: true)
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            let marker = (staging as NSString).appendingPathComponent(OutputFolder.markerName)
            lock = FileSystemCalls.lock(marker, create: true)
            guard let lock else { throw CocoaError(.fileWriteUnknown) }
            try FileHandle(fileDescriptor: lock, closeOnDealloc: false).write(contentsOf: Data(OutputFolder.markerText.utf8))
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
            OutputFolder.removeSite(at: staging)
            if let lock { FileSystemCalls.unlock(lock) }
            throw Diagnostic(at: nil, "cannot write the site beside '\(output.displayPath)': \(error.localizedDescription)")
        }
    }
}
