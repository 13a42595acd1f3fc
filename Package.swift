// swift-tools-version: 6.1
import PackageDescription

/// Strict settings shared by every target: Swift 6 language mode (strict concurrency),
/// explicit `any`, and imports that must be visible where members are used.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "coursegen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coursegen", targets: ["coursegen"]),
        .library(name: "NNEngine", targets: ["NNEngine"]),
        .library(name: "NNLanguage", targets: ["NNLanguage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The preview server of `coursegen serve` (PreviewServer); no TLS, no configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The C library, seen by exactly one Swift module (CourseMarkdown).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Source locations and compiler-style diagnostics shared by every stage.
        // Escaping for text that lands in HTML, Markdown or CSV (author values, student feedback).
        .target(name: "TextEscaping", swiftSettings: strictSettings),
        // (The caret excerpt quotes a student's line: it shows controls by TextEscaping's rule.)
        .target(name: "Diagnostics", dependencies: ["TextEscaping"], swiftSettings: strictSettings),
        // GFM parsing and rendering; the only module that touches cmark-gfm pointers.
        .target(name: "CourseMarkdown", dependencies: ["CCmarkGFM", "Diagnostics", "TextEscaping"], swiftSettings: strictSettings),
        // Tensors, reverse-mode autodiff, activations, losses, training.
        .target(name: "NNEngine", swiftSettings: strictSettings),
        // The exercise contract shared by the language (declares), builder (writes), grader (reads).
        .target(name: "ExerciseModel", swiftSettings: strictSettings),
        // The `nn` language: lexer, parser, interpreter, diagnostics.
        .target(name: "NNLanguage", dependencies: ["NNEngine", "ExerciseModel", "Diagnostics"], swiftSettings: strictSettings),
        // Grades student answers by executing them with the engine.
        .target(name: "Grader", dependencies: ["NNEngine", "NNLanguage", "ExerciseModel", "Diagnostics", "TextEscaping"], swiftSettings: strictSettings),
        // Typesets TeX with KaTeX (one node process per build) into HTML + MathML; its stylesheet and fonts.
        .target(name: "MathTypesetting", dependencies: ["Diagnostics", "TextEscaping"], swiftSettings: strictSettings),
        // Chapters in, site + Markdown + exercise files out.
        .target(
            name: "CourseBuilder",
            dependencies: [
                "CourseMarkdown", "MathTypesetting", "NNLanguage", "ExerciseModel", "Diagnostics", "TextEscaping",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The default templates, stylesheet and scripts, compiled into the binary
            // (`PackageResources`), so `coursegen build` works from any folder.
            resources: [.embedInCode("Templates")],
            swiftSettings: strictSettings
        ),
        // `coursegen serve` and `build --watch`: watches the sources, rebuilds, serves the site on
        // loopback and reloads open pages (server-sent events).
        .target(
            name: "PreviewServer",
            dependencies: [
                "CourseBuilder", "Diagnostics", "TextEscaping",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The thin command-line shell.
        .executableTarget(
            name: "coursegen",
            dependencies: [
                "CourseBuilder", "PreviewServer", "Grader", "NNLanguage", "NNEngine", "MathTypesetting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Engine benchmarks (Benchmarks/run-engine.sh builds this in release mode); not a product.
        .executableTarget(
            name: "EngineBenchmarks", dependencies: ["NNEngine"], path: "Benchmarks/EngineBenchmarks",
            swiftSettings: strictSettings),
        // Grades 10 000 generated submissions in one call (Benchmarks/grading/README.md).
        // `swift run -c release grading-benchmark`; one small file, cheap in a normal build.
        .executableTarget(
            name: "grading-benchmark",
            dependencies: ["Grader", "NNLanguage", "NNEngine", "ExerciseModel"],
            path: "Benchmarks/grading",
            exclude: ["course.nn", "README.md", "otter_compare.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ExerciseModelTests", dependencies: ["ExerciseModel"], swiftSettings: strictSettings),
        .testTarget(name: "TextEscapingTests", dependencies: ["TextEscaping"], swiftSettings: strictSettings),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"], swiftSettings: strictSettings),
        .testTarget(name: "CourseMarkdownTests", dependencies: ["CourseMarkdown", "Diagnostics", "MathTypesetting"], resources: [.copy("Resources")], swiftSettings: strictSettings),
        .testTarget(name: "NNEngineTests", dependencies: ["NNEngine"], resources: [.copy("Reference")], swiftSettings: strictSettings),
        .testTarget(name: "NNLanguageTests", dependencies: ["NNLanguage", "NNEngine", "Diagnostics"], swiftSettings: strictSettings),
        .testTarget(name: "GraderTests", dependencies: ["Grader", "NNLanguage", "ExerciseModel", "TextEscaping"], swiftSettings: strictSettings),
        .testTarget(name: "MathTypesettingTests", dependencies: ["MathTypesetting", "Diagnostics"], swiftSettings: strictSettings),
        .testTarget(name: "CourseBuilderTests", dependencies: ["CourseBuilder", "CourseMarkdown"], swiftSettings: strictSettings),
        .testTarget(name: "PreviewServerTests", dependencies: ["PreviewServer", "CourseBuilder"], swiftSettings: strictSettings),
        .testTarget(name: "coursegenTests", dependencies: ["coursegen", "Grader", "ExerciseModel", "NNLanguage"], swiftSettings: strictSettings),
    ]
)
