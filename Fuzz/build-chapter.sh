#!/usr/bin/env bash
# Builds Fuzz/chapter-fuzz: the build input's modules (and the grader's, which must read what the
# build writes) compiled with libFuzzer coverage and AddressSanitizer in their own scratch folder,
# .build-fuzz, then Fuzz/FuzzChapter.swift linked against them with libFuzzer's main.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-fuzz
for target in CourseBuilder Grader; do
    swift build --scratch-path "$scratch" --target "$target" -Xswiftc -sanitize=fuzzer,address -Xswiftc -g
done
objects=()
add() {  # module, source folder: one object per current source file (never a stale one)
    while IFS= read -r source; do
        objects+=("$scratch/debug/$1.build/$(basename "$source").o")
    done < <(find "$2" -name '*.swift')
}
for module in Diagnostics TextEscaping NNEngine ExerciseModel NNLanguage Grader CourseMarkdown MathTypesetting CourseBuilder; do
    add "$module" "Sources/$module"
done
add Mustache "$scratch/checkouts/swift-mustache/Sources/Mustache"
add Yams "$scratch/checkouts/Yams/Sources/Yams"
objects+=("$scratch"/debug/CYaml.build/src/*.c.o)   # Yams's C core, compiled by SwiftPM
# The built-in templates, compiled into CourseBuilder from a file SwiftPM generates.
objects+=("$scratch/debug/CourseBuilder.build/embedded_resources.swift.o")

swiftc -sanitize=fuzzer,address -parse-as-library -g -swift-version 6 \
    -I "$scratch/debug/Modules" -I Sources/CCmarkGFM -I "$scratch/checkouts/Yams/Sources/CYaml/include" \
    -lcmark-gfm -lcmark-gfm-extensions \
    Fuzz/FuzzChapter.swift "${objects[@]}" -o Fuzz/chapter-fuzz 2> >(grep -v "Cannot export local symbol" >&2)
echo "built Fuzz/chapter-fuzz"
