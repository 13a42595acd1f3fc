#if canImport(Glibc)
// Glibc's `struct stat` is first seen through libdispatch's C module, which member import
// visibility then asks for by name.
import CDispatch
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Maps a request path to a file of the built site, and to nothing else.
///
/// Only files inside the site folder are served: the grading key (`grading/` beside the site),
/// the cache, the sources and the rest of the machine are outside it. A path is refused when a
/// segment, percent-decoded, is empty-named trickery (`..`, `.`), hidden (`.coursegen-site`),
/// or holds a `/`, a backslash or a NUL; and when the file, its symbolic links resolved, lies
/// outside the site folder.
public struct SiteFiles: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The file for `path` (the request target's path, still percent-encoded), or nil.
    /// A folder means its `index.html`.
    public func file(for path: String) -> URL? {
        guard path.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for raw in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let segment = String(raw).removingPercentEncoding else { return nil }
            if segment.isEmpty { continue }
            guard !segment.hasPrefix("."), !segment.contains("/"), !segment.contains("\\"),
                  !segment.contains("\0") else { return nil }
            segments.append(segment)
        }
        guard let realRoot = Self.realPath(root.path) else { return nil }
        var candidate = URL(fileURLWithPath: realRoot)
        for segment in segments { candidate.appendPathComponent(segment) }
        guard var real = Self.realPath(candidate.path), Self.isInside(real, realRoot) else { return nil }
        if Self.isDirectory(real) {
            guard let index = Self.realPath(real + "/index.html"), Self.isInside(index, realRoot) else { return nil }
            real = index
        }
        return Self.isRegularFile(real) ? URL(fileURLWithPath: real) : nil
    }

    /// The MIME type a browser needs for a site file.
    static func contentType(of file: URL) -> String {
        switch file.pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "woff2": "font/woff2"
        case "md", "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    private static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
