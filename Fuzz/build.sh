#!/usr/bin/env bash
# Builds Fuzz/grader-fuzz: the package's modules compiled with libFuzzer coverage and
# AddressSanitizer (in their own scratch folder, .build-fuzz, away from the normal build),
# then Fuzz/FuzzGrader.swift linked against them with libFuzzer's main.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-fuzz
swift build --scratch-path "$scratch" --target Grader -Xswiftc -sanitize=fuzzer,address -Xswiftc -g
objects=()
for module in Diagnostics TextEscaping NNEngine ExerciseModel NNLanguage Grader; do
    # One object per current source file (a stale object of a deleted file must not be linked).
    while IFS= read -r source; do
        objects+=("$scratch/debug/$module.build/$(basename "$source").o")
    done < <(find "Sources/$module" -name '*.swift')
done
swiftc -sanitize=fuzzer,address -parse-as-library -g -swift-version 6 \
    -I "$scratch/debug/Modules" Fuzz/FuzzGrader.swift "${objects[@]}" -o Fuzz/grader-fuzz 2> >(grep -v "Cannot export local symbol" >&2)
echo "built Fuzz/grader-fuzz"
