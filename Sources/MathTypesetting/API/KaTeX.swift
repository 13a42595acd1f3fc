import Diagnostics
import Foundation

/// Where KaTeX is installed: the node module that typesets and the stylesheet and fonts that
/// the pages need. `.debian` is what `scripts/setup.sh` installs (`katex`, `libjs-katex`,
/// `fonts-katex`).
public struct KaTeX: Sendable {
    /// A folder that holds `katex/` (the node module); becomes `NODE_PATH`, because a node
    /// that is not Debian's own does not look in `/usr/share/nodejs`.
    public var nodeModules: URL
    /// A folder that holds `katex.min.css` and `fonts/`.
    public var distribution: URL
    /// The node to run; nil looks for `node`, then `nodejs`, on `PATH`.
    public var node: URL?

    public init(nodeModules: URL, distribution: URL, node: URL? = nil) {
        self.nodeModules = nodeModules
        self.distribution = distribution
        self.node = node
    }

    public static let debian = KaTeX(
        nodeModules: URL(fileURLWithPath: "/usr/share/nodejs"),
        distribution: URL(fileURLWithPath: "/usr/share/javascript/katex"))

    /// True when this KaTeX can typeset and be published: its node module, its stylesheet and
    /// a node to run it (what a build needs; tests that need KaTeX skip without it).
    public var isInstalled: Bool {
        (try? nodeExecutable()) != nil
            && FileManager.default.fileExists(atPath: distribution.appendingPathComponent("katex.min.css").path)
    }

    static let setupHint = "run scripts/setup.sh, which installs node's KaTeX from Debian (katex, libjs-katex, fonts-katex)"

    /// The stylesheet and the fonts it names, as files for the site's `assets/katex/` folder:
    /// `katex.min.css` with only the WOFF2 fonts (every current browser reads them), and
    /// `fonts/*.woff2`.
    /// - Throws: a diagnostic naming the missing file and how to install it.
    public func assets() throws(Diagnostic) -> [(path: String, data: Data)] {
        let cssURL = distribution.appendingPathComponent("katex.min.css")
        guard let cssData = FileManager.default.contents(atPath: cssURL.path) else {
            throw Diagnostic(at: nil, "cannot read KaTeX's stylesheet '\(cssURL.path)'", notes: [Self.setupHint])
        }
        let css = Self.woff2Only(String(decoding: cssData, as: UTF8.self))
        var files: [(path: String, data: Data)] = [("katex.min.css", Data(css.utf8))]
        for reference in Self.urlReferences(in: css) {
            let url = distribution.appendingPathComponent(reference)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw Diagnostic(at: nil, "cannot read KaTeX's font '\(url.path)'", notes: [Self.setupHint])
            }
            files.append((reference, data))
        }
        return files
    }

    /// Drops the WOFF and TrueType fallbacks from each `@font-face`, keeping the WOFF2 source.
    static func woff2Only(_ css: String) -> String {
        guard let fallback = try? Regex(#",url\([^)]*\.(?:woff|ttf)\) format\(['"]?(?:woff|truetype)['"]?\)"#) else {
            return css
        }
        return css.replacing(fallback, with: "")
    }

    /// The relative paths in `url(…)`, in order, each once.
    static func urlReferences(in css: String) -> [String] {
        guard let pattern = try? Regex(#"url\(\s*['"]?([^'")]+)['"]?\s*\)"#) else { return [] }
        var seen: Set<String> = []
        var references: [String] = []
        for match in css.matches(of: pattern) {
            guard let captured = match.output[1].substring else { continue }
            let path = String(captured)
            guard !path.contains(":"), !path.hasPrefix("/"), seen.insert(path).inserted else { continue }
            references.append(path)
        }
        return references
    }

    /// The node executable.
    /// - Throws: a diagnostic when there is none, or KaTeX's node module is missing.
    func nodeExecutable() throws(Diagnostic) -> URL {
        let module = nodeModules.appendingPathComponent("katex/package.json")
        guard FileManager.default.fileExists(atPath: module.path) else {
            throw Diagnostic(
                at: nil, "cannot typeset math: KaTeX's node module is not installed (no '\(module.deletingLastPathComponent().path)')",
                notes: [Self.setupHint])
        }
        if let node { return node }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            for name in ["node", "nodejs"] {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        throw Diagnostic(at: nil, "cannot typeset math: no 'node' on PATH", notes: [Self.setupHint])
    }
}
