#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading one answers file from disk: the grader's only system calls.
///
/// A path in a submissions folder is the student's to choose: it may be a named pipe (reading
/// would wait forever), a device (`/dev/zero` never ends), a folder, or a symbolic link to a
/// file the student may not read (`/etc/passwd`, `/proc/self/environ`). So the file is opened
/// without following a final symbolic link and without waiting (`O_NOFOLLOW | O_NONBLOCK`),
/// and only a regular file — as `fstat` of the opened descriptor says — is read, at most
/// `limit` + 1 bytes. Anything else is refused with a message and never read.
enum AnswersFile {
    enum Problem: Error, Equatable {
        /// Not a regular file: what it is (a folder, a named pipe, ...).
        case notRegular(Kind)
        case symbolicLink
        /// The real size of the opened file; nil when it grew past `limit` while being read.
        case tooLarge(bytes: Int?)
        /// `open` or `read` failed: the system's reason.
        case system(String)
    }

    /// The file's bytes, or why it was not read.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], Problem> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            // O_NOFOLLOW fails with ELOOP on a symbolic link (Linux and macOS); a socket with ENXIO.
            var info = stat()
            if lstat(path, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFLNK { return .failure(.symbolicLink) }
                if let kind = kind(info.st_mode) { return .failure(.notRegular(kind)) }
            }
            return .failure(.system(String(cString: strerror(code))))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.system(String(cString: strerror(errno)))) }
        if let kind = kind(info.st_mode) { return .failure(.notRegular(kind)) }
        guard Int(info.st_size) <= limit else { return .failure(.tooLarge(bytes: Int(info.st_size))) }
        return readAll(descriptor, limit: limit)
    }

    /// `paths` without the ones naming a file already listed (same device and inode, the link
    /// itself for a symbolic link), first mention kept.
    static func distinct(_ paths: [String]) -> [String] {
        var seen = Set<[UInt64]>()
        return paths.filter { path in
            var info = stat()
            guard lstat(path, &info) == 0 else { return true }
            return seen.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted
        }
    }

    /// What a file that is not a regular file is; `rawValue` is its English name in messages.
    enum Kind: String, Sendable, Hashable {
        case folder = "a folder", namedPipe = "a named pipe (FIFO)", device = "a device"
        case socket = "a socket", symbolicLink = "a symbolic link", special = "a special file"
    }

    /// What a non-regular file is, for the message; nil for a regular file.
    static func kind(_ mode: mode_t) -> Kind? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .folder
        case S_IFIFO: return .namedPipe
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        case S_IFLNK: return .symbolicLink
        default: return .special
        }
    }

    /// Up to `limit` + 1 bytes, growing the buffer as the file turns out longer.
    private static func readAll(_ descriptor: Int32, limit: Int) -> Result<[UInt8], Problem> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.system(String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes.count > limit ? .failure(.tooLarge(bytes: nil)) : .success(bytes)
    }
}

/// `read(2)` (the enum's own `read` hides the C name).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
