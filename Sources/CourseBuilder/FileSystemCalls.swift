#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The few file-system calls Foundation does not offer, in one place: an atomic exchange of two
/// folders, `rename(2)`, `realpath(3)` and an advisory lock. Each returns the C error as text.
enum FileSystemCalls {
    struct Failure: Error {
        var code: Int32
        var text: String { String(cString: strerror(code)) }
    }

    /// Swaps the folders at `a` and `b` in one step, so no process ever sees `b` missing.
    ///
    /// Linux: `renameat2(…, RENAME_EXCHANGE)` (Linux 3.15, glibc 2.28). Swift's Glibc module does
    /// not export `renameat2`, and `syscall(2)` is variadic (not callable from Swift), so the
    /// glibc symbol is looked up once with `dlsym`. File systems without exchange support fail
    /// with `EINVAL`; the caller reports it and leaves both folders as they were.
    static func exchange(_ a: String, _ b: String) throws(Failure) {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (
            Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
        ) -> Int32
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE in <linux/fs.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
            throw Failure(code: ENOSYS)
        }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        if renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) != 0 { throw Failure(code: errno) }
        #elseif canImport(Darwin)
        if renamex_np(a, b, UInt32(RENAME_SWAP)) != 0 { throw Failure(code: errno) }
        #else
        throw Failure(code: ENOSYS)
        #endif
    }

    /// `rename(2)`: atomic, and replaces an empty folder at `to`.
    static func rename(_ from: String, to: String) throws(Failure) {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        if result != 0 { throw Failure(code: errno) }
    }

    /// The canonical path (symlinks and `..` resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// An exclusive lock on the file at `path` (created first when `create`), held while the
    /// returned descriptor stays open; the kernel drops it when the process dies, so a lock
    /// nobody holds means the folder was abandoned. Nil when the file is missing or locked.
    static func lock(_ path: String, create: Bool) -> Int32? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0o644)
        guard descriptor >= 0 else { return nil }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    static func unlock(_ descriptor: Int32) { close(descriptor) }
}
