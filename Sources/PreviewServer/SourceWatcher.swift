#if canImport(Glibc)
// Glibc's `struct stat` is first seen through libdispatch's C module, which member import
// visibility then asks for by name.
import CDispatch
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Notices when a file under the watched folders is added, removed or rewritten, by comparing
/// snapshots of every file's size, modification time and inode.
///
/// Polling rather than inotify: it follows editors that save by writing a new file and renaming
/// it over the old one, folders created later, and any file system; a course folder of a few
/// hundred files takes well under a millisecond to look at (`stat`, no Foundation objects).
/// Hidden files (an editor's `.swp`) and backups ending in `~` are not the course's.
public struct SourceWatcher: Sendable {
    public let folders: [URL]

    public init(folders: [URL]) { self.folders = folders }

    /// Size, modification time (ns) and inode of a file.
    public struct Stamp: Hashable, Sendable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
    }

    /// Every file under the folders, by path.
    public func snapshot() -> [String: Stamp] {
        var files: [String: Stamp] = [:]
        for folder in folders { Self.scan(folder.path, into: &files, depth: 0) }
        return files
    }

    /// Waits until the files differ from `last`, then until they stay unchanged for `quiet`
    /// (an editor writing several files, a `git checkout`), and returns the new snapshot.
    /// Checks every `interval`; returns nil when `stop` says so.
    public func waitForChange(
        after last: [String: Stamp], interval: Duration = .milliseconds(25), quiet: Duration = .milliseconds(20),
        stop: @Sendable () -> Bool = { false }
    ) -> [String: Stamp]? {
        var current = last
        while current == last {
            if stop() { return nil }
            Thread.sleep(forTimeInterval: interval.seconds)
            current = snapshot()
        }
        while true {
            Thread.sleep(forTimeInterval: quiet.seconds)
            let settled = snapshot()
            if settled == current { return settled }
            current = settled
        }
    }

    private static func scan(_ path: String, into files: inout [String: Stamp], depth: Int) {
        guard depth < 32, let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard !name.hasPrefix("."), !name.hasSuffix("~") else { continue }
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            var info = stat()
            guard stat(child, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                scan(child, into: &files, depth: depth + 1)
            } else {
                #if canImport(Darwin)
                let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
                #else
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                #endif
                files[child] = Stamp(size: Int64(info.st_size), modified: modified, inode: UInt64(info.st_ino))
            }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
