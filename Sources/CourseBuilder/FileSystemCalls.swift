#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The few file-system calls Foundation does not offer, in one place: an atomic exchange of two
/// folders, `rename(2)`, `realpath(3)`, an advisory lock and a write without `fsync`. Each returns the C error as text.
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

    /// Creates (or truncates) the file at `path` and writes `data`, without `fsync`.
    ///
    /// Foundation's `Data.write(to:)` syncs every file to disk; for a site of ~60 files that was
    /// 0.19 s of a 1 s cold build on a busy machine (`strace -T`), more than typesetting all its
    /// math. A build's output is derived and rebuilt at will, and it is put in place by one
    /// rename only after every file is written, so a failed build still never shows.
    static func writeFile(_ path: String, _ data: Data) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure(code: errno) }
        var failed: Int32?
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failed == nil { failed = errno }
        if let failed { throw Failure(code: failed) }
    }
}
