import Diagnostics
import Foundation
import Mustache

/// The Mustache templates and static files of the site. The defaults are compiled into the
/// binary (`Templates/`, embedded by SwiftPM as `PackageResources`), so a build needs no file
/// beside the executable; an author's `--templates DIR` replaces them file by file.
struct SiteTemplates {
    /// Template names the builder renders; each must exist as `NAME.mustache`.
    static let required = ["page", "index", "search"]
    /// Static files copied verbatim into `assets/`.
    static let assetExtensions: Set<String> = ["css", "js", "svg", "png", "woff2"]

    /// Every file of `Sources/CourseBuilder/Templates/`, by name (a test checks none is missing).
    static let defaults: [String: [UInt8]] = [
        "page.mustache": PackageResources.page_mustache,
        "index.mustache": PackageResources.index_mustache,
        "search.mustache": PackageResources.search_mustache,
        "head.mustache": PackageResources.head_mustache,
        "header.mustache": PackageResources.header_mustache,
        "style.css": PackageResources.style_css,
        "site.js": PackageResources.site_js,
        "search.js": PackageResources.search_js,
        "exercises.js": PackageResources.exercises_js,
    ]

    let library: MustacheLibrary
    /// Files for `assets/`, by name.
    let assets: [String: Data]

    /// - Parameters:
    ///   - directory: An author's templates folder, whose files replace the defaults of the
    ///     same name (and add new partials and assets); nil for the defaults alone.
    init(overrides directory: URL?, displayPath: String) throws(Diagnostic) {
        var files = Self.defaults.mapValues { Data($0) }
        var origins = Dictionary(uniqueKeysWithValues: Self.defaults.keys.map { ($0, "(built-in)/\($0)") })
        if let directory {
            for (name, data) in try Self.read(directory, displayPath: displayPath) {
                files[name] = data
                origins[name] = "\(displayPath)/\(name)"
            }
        }
        var templates: [String: MustacheTemplate] = [:]
        var assets: [String: Data] = [:]
        for (name, data) in files {
            if name.hasSuffix(".mustache") {
                let origin = origins[name] ?? name
                guard let text = String(data: data, encoding: .utf8) else {
                    throw Diagnostic(at: nil, "template '\(origin)' is not UTF-8 text")
                }
                do {
                    templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
                } catch {
                    throw Diagnostic(at: SourceLocation(file: origin, line: 1, column: 1), "invalid Mustache template: \(error)")
                }
            } else if Self.assetExtensions.contains((name as NSString).pathExtension) {
                assets[name] = data
            }
        }
        self.library = MustacheLibrary(templates: templates)
        self.assets = assets
    }

    /// The template files and assets of an author's folder.
    private static func read(_ directory: URL, displayPath: String) throws(Diagnostic) -> [(String, Data)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw Diagnostic(at: nil, "templates folder '\(displayPath)' cannot be read (--templates names a folder of Mustache templates and assets that replace the built-in ones)")
        }
        var files: [(String, Data)] = []
        for name in names where name.hasSuffix(".mustache") || assetExtensions.contains((name as NSString).pathExtension) {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
                throw Diagnostic(at: nil, "cannot read template file '\(displayPath)/\(name)'")
            }
            files.append((name, data))
        }
        return files
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
