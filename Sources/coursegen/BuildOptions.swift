import ArgumentParser
import CourseBuilder
import Foundation
import MathTypesetting

/// What `build` and `serve` both take: where the course is, where the site and the grading key
/// go, and the options that change what a build writes. One group, so `serve` builds exactly
/// as `build` does.
struct BuildOptions: ParsableArguments {
    @Argument(help: "The folder that holds the chapters.")
    var content: String = "Content"

    @Option(name: .shortAndLong, help: "Where to write the site.")
    var out: String = "site"

    @Option(help: "Where to write the grading key (default: grading, beside the site). Keep it private.")
    var key: String?

    @Option(help: ArgumentHelp("Let this exercise deal students new numbers (its 'vary' choices changed since the key was written); repeatable.", valueName: "id"))
    var redeal: [String] = []

    @Option(help: "A folder whose Mustache templates and assets (page.mustache, style.css, …) replace the built-in ones of the same name.")
    var templates: String?

    @Option(help: "What a formula KaTeX cannot parse does: 'error' fails the build, 'warn' prints a warning and shows its TeX marked as an error.")
    var mathErrors: MathErrorPolicy?

    @Flag(help: "Run every chapter and typeset every formula, neither reading nor writing the build cache (.coursegen-cache beside --out).")
    var noCache = false

    /// The builder's options; the cache is `.coursegen-cache` beside the output unless `--no-cache`.
    var builderOptions: CourseBuilder.Options {
        CourseBuilder.Options(
            contentDirectory: URL(fileURLWithPath: content),
            outputDirectory: URL(fileURLWithPath: out),
            templatesDirectory: templates.map { URL(fileURLWithPath: $0) },
            contentDisplayPath: content.hasSuffix("/") ? String(content.dropLast()) : content,
            templatesDisplayPath: templates,
            outputDisplayPath: out,
            keyDirectory: key.map { URL(fileURLWithPath: $0) },
            keyDisplayPath: key ?? CourseBuilder.Options.defaultKeyPath(beside: out),
            redeal: Set(redeal),
            mathErrors: mathErrors,
            cacheDirectory: noCache ? nil : BuildCache.folder(besideOutput: URL(fileURLWithPath: out)))
    }
}

extension MathErrorPolicy: ExpressibleByArgument {}
