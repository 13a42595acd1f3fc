import Diagnostics
import Foundation

/// Collects every file of a build in memory and then replaces the output folder in one step,
/// so a failed build leaves the previous site exactly as it was, never half-written.
struct OutputTree {
    private(set) var files: [String: Data] = [:]

    mutating func add(_ relativePath: String, _ text: String) { files[relativePath] = Data(text.utf8) }
    mutating func add(_ relativePath: String, data: Data) { files[relativePath] = data }

    /// Writes into a fresh sibling folder, then swaps it in place of `destination`.
    func commit(to destination: URL) throws(Diagnostic) {
        let fileManager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).new-\(token)")
        let retired = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(token)")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (path, data) in files {
                let url = staging.appendingPathComponent(path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw Diagnostic(at: nil, "cannot write output into '\(parent.path)': \(error.localizedDescription)")
        }
        let existed = fileManager.fileExists(atPath: destination.path)
        do {
            if existed { try fileManager.moveItem(at: destination, to: retired) }
            try fileManager.moveItem(at: staging, to: destination)
        } catch {
            if existed, !fileManager.fileExists(atPath: destination.path) {
                try? fileManager.moveItem(at: retired, to: destination)
            }
            try? fileManager.removeItem(at: staging)
            throw Diagnostic(at: nil, "cannot replace output folder '\(destination.path)': \(error.localizedDescription)")
        }
        if existed { try? fileManager.removeItem(at: retired) }
    }
}
