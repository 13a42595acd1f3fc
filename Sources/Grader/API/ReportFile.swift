#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import TextEscaping

/// Where a report the CLI produces goes (a gradebook, a handout, standard output), with one
/// rule for every report file, checked before anything is graded or written:
///
/// - a new file, or an existing regular file, is written whole: into a temporary file in the
///   same folder, then renamed over the path, so no reader ever sees half a report;
/// - a symbolic link is refused rather than followed (the safe choice: a link may point at a
///   sheet, an answers file or a system file, and replacing it would silently cut the link);
/// - a folder, device, named pipe or socket is refused, never replaced by a regular file;
/// - an input of the same run is refused: an answers file being graded, or anything inside
///   the exercises folder being read.
public struct ReportFile: Sendable {
    public let path: String
    /// How messages name it: "the gradebook", "the handout".
    public let what: String
    /// The permissions of the file being replaced; nil for a new file.
    let existingMode: mode_t?

    /// Checks that `path` may receive a report.
    /// - Parameters:
    ///   - answersFiles: the answers files of this run, which it must not overwrite.
    ///   - inputFolder: the exercises folder of this run, inside which nothing is written.
    /// - Throws: a `Diagnostic` saying why the report cannot go there.
    public init(_ path: String, what: String, answersFiles: [String] = [], inputFolder: String? = nil) throws(Diagnostic) {
        self.path = path
        self.what = what
        func refuse(_ reason: String) -> Diagnostic {
            Diagnostic(at: nil, "cannot write \(what) to '\(Escape.visible(path))': \(reason)")
        }
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { throw refuse(String(cString: strerror(errno))) }
            existingMode = nil
        } else if let kind = AnswersFile.kind(info.st_mode) {
            let why = info.st_mode & S_IFMT == S_IFLNK ? "; report files are not written through links" : ""
            throw refuse("it is \(kind.rawValue)\(why)")
        } else {
            existingMode = info.st_mode & 0o7777
            if answersFiles.contains(where: { Self.isSameFile($0, info) }) {
                throw refuse("that would overwrite an answers file being graded")
            }
        }
        guard let folder = Self.realPath(Self.folder(of: path)) else {
            throw refuse("its folder does not exist")
        }
        if let inputFolder, let input = Self.realPath(inputFolder), folder == input || folder.hasPrefix(input + "/") {
            throw refuse(existingMode == nil ? "it is inside the exercises folder being read" : "that would overwrite a file in the exercises folder being read")
        }
    }

    /// Writes `text` as the whole file, atomically (temporary file, then rename).
    /// - Throws: a `Diagnostic` with the system's reason; the path is then left as it was.
    public func write(_ text: String) throws(Diagnostic) {
        let folder = Self.folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (folder == "/" ? "" : folder) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard descriptor >= 0 else { throw failure(errno) }
        var failed: Int32? = nil
        if let existingMode, fchmod(descriptor, existingMode) != 0 { failed = errno }
        if failed == nil { failed = Self.writeAll(descriptor, Array(text.utf8)) }
        if failed == nil, fsync(descriptor) != 0 { failed = errno }
        if close(descriptor) != 0, failed == nil { failed = errno }
        if failed == nil, rename(temporary, path) != 0 { failed = errno }
        if let failed {
            unlink(temporary)
            throw failure(failed)
        }
    }

    /// Writes `text` to standard output, whose failure (a full disk, a closed pipe) is an
    /// error: when standard output is the product, a silently short report is a lost one.
    /// - Throws: a `Diagnostic` naming `what` and the system's reason.
    public static func writeToStandardOutput(_ text: String, what: String) throws(Diagnostic) {
        if let code = writeAll(STDOUT_FILENO, Array(text.utf8)) {
            throw Diagnostic(at: nil, "cannot write \(what) to standard output: \(String(cString: strerror(code)))")
        }
    }

    private func failure(_ code: Int32) -> Diagnostic {
        Diagnostic(at: nil, "cannot write \(what) to '\(Escape.visible(path))': \(String(cString: strerror(code)))")
    }

    /// Every byte, retrying after a signal; the failing `errno`, or nil.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if count == 0 { return EIO }
            offset += count
        }
        return nil
    }

    private static func isSameFile(_ other: String, _ info: stat) -> Bool {
        var otherInfo = stat()
        return lstat(other, &otherInfo) == 0 && otherInfo.st_dev == info.st_dev && otherInfo.st_ino == info.st_ino
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// `write(2)` (the type's own `write` hides the C name).
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
