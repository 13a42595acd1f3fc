// Grading benchmark: builds the course's exercise sheet from `course.nn` with the real language,
// generates N submissions (right, equivalent, wrong and malformed answers, and some broken
// files), and grades them all in one call. See README.md beside this file.
//
//   swift run -c release grading-benchmark [--count N] [--runs R] [--mixed | --distinct | --worst] [--write DIR]
//
// By default the typical mix and the all-distinct worst case are timed side by side (alternating,
// R runs each, medians); --mixed or --distinct times one of them once; --worst grades the most
// expensive answers files we could construct, one at a time.
// --write DIR also writes DIR/exercises/03.json and DIR/submissions/*.json, for timing the
// command line (`coursegen grade DIR/submissions --exercises DIR --format json`).
import ExerciseModel
import Foundation
import Grader
import NNEngine
import NNLanguage

struct Generator {
    var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    mutating func small() -> Int { Int(next() % 97) + 2 }
}

func sheet(from url: URL) throws -> ExerciseSheet {
    let source = try String(contentsOf: url, encoding: .utf8)
    let session = ChapterSession(file: "Content/03.md")
    var line = 1
    for block in source.components(separatedBy: "\n---\n") {
        _ = try session.run(block: block, firstLine: line)
        line += block.split(separator: "\n", omittingEmptySubsequences: false).count + 1
    }
    return ExerciseSheet(chapter: "03.md", exercises: session.exercises)
}

/// One answers file. Answers are drawn per exercise: mostly right (in many equivalent forms, with
/// random constants so no two files are alike), some wrong, some malformed.
/// With `distinct`, every expression and number string carries the student's own constant, so no
/// two files share an answer text and the grader's outcome cache never hits: the worst case.
func submission(_ index: Int, backprop: Exercise, distinct: Bool, random: inout Generator) -> [UInt8] {
    let student = "s\(String(format: "%05d", index))"
    if random.chance(0.03) {  // broken files: bad JSON, too deep, wrong top level
        return Array(random.pick([
            "{\"student\": \"\(student)\", \"answers\": {\"relu-derivative\": \"step(x)\",}}",
            "{\"student\": \"\(student)\", \"answers\": " + String(repeating: "[", count: 5000),
            "[\"\(student)\"]", "{\"student\": \"\(student)\", \"answers\": {\"gradient-decay\": NaN}}",
        ]).utf8)
    }
    let k = distinct ? index + 2 : random.small()
    var answers: [String] = []
    if distinct {
        answers.append("\"relu-derivative\": " + random.pick([
            "\"(x > 0) * \(k) / \(k)\"", "\"step(x) + 0 * \(k)\"", "\"x >= 0 ? \(k) / \(k) : 0\"", "\"x > \(k) ? 1 : 0\"",
        ]))
        answers.append("\"leaky-relu-derivative\": " + random.pick([
            "\"x > 0 ? 1 : \(k) / (100 * \(k))\"", "\"x > 0 ? \(k) / \(k) : 0.01\"", "\"x > 0 ? 1 : 0.01 + \(k)\"",
        ]))
        answers.append("\"gradient-decay\": \"0.25^9 * \(k) / \(k)\"")
        return Array("{\"student\": \"\(student)\", \"answers\": {\(answers.joined(separator: ", "))}}".utf8)
    }
    // relu-derivative
    answers.append("\"relu-derivative\": " + random.pick([
        "\"x > 0 ? 1 : 0\"", "\"step(x)\"", "\"x >= 0 ? 1 : 0\"", "\"(x > 0) * \(k) / \(k)\"", "\"relu(\(k) * x) / (\(k) * x)\"",
        "\"x > 1 ? 1 : 0\"", "\"x > 0 ? \(k) : 0\"", "\"x > 0 ? 1 :\"", "\"sigmoid(x)\"", "1",
    ]))
    // leaky-relu-derivative
    answers.append("\"leaky-relu-derivative\": " + random.pick([
        "\"x > 0 ? 1 : 0.01\"", "\"step(x) + 0.01 * (1 - step(x))\"", "\"x >= 0 ? 1 : 1/100\"", "\"max(0.01, step(x)) * \(k) / \(k)\"",
        "\"x > 0 ? 1 : 0\"", "\"x > 0 ? 1 : 0.1\"", "\"leaky(x)\"", "[0.01, 1]",
    ]))
    // backprop-w1: right for this student's variant, or wrong, or malformed
    let v = Variants.values(student: student, exercise: backprop)
    let right = (v["w2"]! * v["x"]! - v["t"]!) * v["w2"]! * v["x"]!
    answers.append("\"backprop-w1\": " + random.pick([
        "\(right)", "\"\(right) * \(k) / \(k)\"", "\"(\(v["w2"]!) * \(v["x"]!) - \(v["t"]!)) * \(v["w2"]!) * \(v["x"]!)\"",
        "-6", "\(right + 1)", "\"1/0\"", "\"2*(2-5\"", "true",
    ]))
    // gradient-decay
    answers.append("\"gradient-decay\": " + random.pick([
        "\"0.25^9\"", "\"(1/4)^9\"", "3.814697265625e-6", "\"1/4^9\"", "\"0.25^10\"", "0.25", "\"0/0\"", "\"10^400\"",
    ]))
    // xor-network
    let s = Double(k)
    answers.append("\"xor-network\": " + random.pick([
        "{\"W1\": [[1, 1], [-1, -1]], \"b1\": [-1.5, 0.5], \"W2\": [[-1, -1]], \"b2\": [0.5]}",
        "{\"W1\": [[\(s), \(s)], [-\(s), -\(s)]], \"b1\": [\(-0.5 * s), \(1.5 * s)], \"W2\": [[1, 1]], \"b2\": [-1.5]}",
        "{\"W1\": [[1, 1], [1, 1]], \"b1\": [-0.5, -1.5], \"W2\": [[1, -1]], \"b2\": [-0.5]}",
        "{\"W1\": [[1, 1], [0, 0]], \"b1\": [-1.5, 0], \"W2\": [[1, 0]], \"b2\": [-0.5]}",
        "{\"W1\": [[1, 1]], \"b1\": [0, 0], \"W2\": [[1, 1]], \"b2\": [0]}",
        "{\"W1\": [[1, \"a\"], [1, 1]], \"b1\": [0, 0], \"W2\": [[1, 1]], \"b2\": [0]}",
    ]))
    answers.append("\"weights\": " + random.pick(["[[1, 1], [-1, -1]]", "[[1, 1], [1, 1]]", "[1, 1, -1, -1]", "[[\"2/2\", 1], [-1, \"-1\"]]"]))
    answers.append("\"vanishing\": " + random.pick(["[\"sigmoid\", \"tanh\"]", "\"sigmoid\"", "[\"relu\"]", "[\"tanh\", \"relu\"]", "3"]))
    // Some students leave answers out.
    let kept = answers.filter { _ in !random.chance(0.05) }
    return Array("{\n  \"student\": \"\(student)\",\n  \"answers\": {\n    \(kept.joined(separator: ",\n    "))\n  }\n}\n".utf8)
}

/// Answers built to be as slow as the language allows: expensive built-ins (descent, training,
/// big tensors, wide networks), the longest expressions, lists the compiler leaves to the
/// interpreter. `x` is the expression exercises' variable; number answers use `1` instead.
let hostile: [String] = [
    "descent(sigmoid, steps=10000, start=x)*0+step(x)",
    "descent(relu, steps=10000)*0+step(x)",
    "descent(sigmoid', steps=10000)*0+step(x)",
    "accuracy(perceptron(gate(\\\"xor\\\"), epochs=2500), gate(\\\"xor\\\"))*0+step(x)",
    "accuracy(train(mlp([2, 8, 2]), gate(\\\"xor\\\"), epochs=10000), gate(\\\"xor\\\"))*0+step(x)",
    "accuracy(train(mlp([2, 64, 3]), spiral(100), epochs=3), spiral(100))*0+step(x)",
    "mlp([1, 700, 700, 1])(x)*0+step(x)",
    "sum(zeros(1000, 990))*0+step(x)",
    "sum(linspace(0, x, 990000))*0+step(x)",
    "sum(softmax(linspace(0, 1, 300000)))*0+step(x)",
    "sum(transpose(ones(700, 700)))*0+step(x)",
    "sum(ones(300, 300) @ ones(300, 300))*0+step(x)",
    "size(spiral(points=8000, classes=10).x)*0+step(x)",
    "sum([" + Array(repeating: "x", count: 330).joined(separator: ",") + "])*0+step(x)",
    Array(repeating: "sigmoid(x)", count: 90).joined(separator: "+") + "*0+step(x)",
    Array(repeating: "x", count: 490).joined(separator: "+") + "*0+step(x)",
    String(repeating: "sin(", count: 60) + "x" + String(repeating: ")", count: 60) + "*0+step(x)",
    "[x][0]" + String(repeating: "+[x][0]", count: 140) + "*0+step(x)",
    "size(gate(\\\"xor\\\").x)" + String(repeating: "+size(gate(\\\"or\\\").x)", count: 45) + "*0+step(x)",
    "x*0+step(x)+" + String(repeating: "[[x]][0][0]+", count: 80) + "0",
]

/// One answers file with `expression` as every answer (each expression exercise, each number
/// exercise with `x` as 1, and every element of the tensor).
func worstFile(_ expression: String) -> [UInt8] {
    let number = expression.replacingOccurrences(of: "x)", with: "1)").replacingOccurrences(of: "(x", with: "(1")
        .replacingOccurrences(of: "x,", with: "1,").replacingOccurrences(of: ",x", with: ",1").replacingOccurrences(of: "x+", with: "1+")
        .replacingOccurrences(of: "+x", with: "+1").replacingOccurrences(of: "[x]", with: "[1]").replacingOccurrences(of: "=x", with: "=1")
    let answers = [
        "\"relu-derivative\": \"\(expression)\"", "\"leaky-relu-derivative\": \"\(expression)\"",
        "\"backprop-w1\": \"\(number)\"", "\"gradient-decay\": \"\(number)\"",
        "\"weights\": [[\"\(number)\", \"\(number)\"], [\"\(number)\", \"\(number)\"]]",
    ]
    return Array("{\"student\": \"worst\", \"answers\": {\(answers.joined(separator: ", "))}}".utf8)
}

/// CPU time of this process (user + system), which a busy machine does not inflate.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Grades each hostile file alone with a fresh grader (one thread), and prints the slowest.
func runWorst(sheet: ExerciseSheet) throws {
    let clock = ContinuousClock()
    var slowest = (wall: 0.0, cpu: 0.0, expression: "")
    print("wall s   cpu s    results (xor relu leaky backprop decay weights vanishing)  answer")
    for expression in hostile {
        let grader = try Grader(catalog: ExerciseCatalog(sheets: [sheet]))
        let data = worstFile(expression)
        let start = clock.now, cpuStart = cpuSeconds()
        let report = grader.grade(data: data, file: "worst.json")
        let cpu = cpuSeconds() - cpuStart
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let statuses = report.exercises.map(\.status.rawValue).joined(separator: " ")
        print(String(format: "%.3f    %.3f    ", wall, cpu) + statuses.padding(toLength: 52, withPad: " ", startingAt: 0) + " " + expression.prefix(60))
        if let error = report.exercises.first(where: { $0.status == .error }) {
            print("         \(error.id): \(error.feedback.prefix(150))")
        }
        if cpu > slowest.cpu { slowest = (wall, cpu, expression) }
    }
    print(String(format: "slowest file: %.3f s CPU (%.3f s wall): ", slowest.cpu, slowest.wall) + slowest.expression.prefix(60))
}

var count = 10_000
var writeFolder: String?
var distinct = false
var worst = false
var single = false
var runs = 5
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--count": count = Int(arguments.popFirst() ?? "") ?? count
    case "--write": writeFolder = arguments.popFirst()
    case "--distinct": distinct = true; single = true
    case "--mixed": single = true
    case "--runs": runs = max(1, Int(arguments.popFirst() ?? "") ?? runs)
    case "--worst": worst = true
    default:
        FileHandle.standardError.write(Data("usage: grading-benchmark [--count N] [--runs R] [--mixed | --distinct | --worst] [--write DIR]\n".utf8))
        exit(2)
    }
}

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let courseSheet = try sheet(from: here.appendingPathComponent("course.nn"))
let backprop = courseSheet.exercises.first { $0.id == "backprop-w1" }!
if worst {
    try runWorst(sheet: courseSheet)
    exit(0)
}
/// N generated files, typical mix or all-distinct, from a fixed seed.
@MainActor func generate(distinct: Bool) -> [(file: String, data: [UInt8])] {
    var random = Generator(state: 20_261_123)
    return (0..<count).map { i in
        (file: "s\(String(format: "%05d", i)).json", data: submission(i, backprop: backprop, distinct: distinct, random: &random))
    }
}

let clock = ContinuousClock()

/// One timed `grade(files:)` with a fresh grader (its cache of graded answer texts empty).
@MainActor func timedRun(_ files: [(file: String, data: [UInt8])]) throws -> (seconds: Double, reports: [Report]) {
    let grader = try Grader(catalog: ExerciseCatalog(sheets: [courseSheet]))
    let start = clock.now
    let reports = grader.grade(files: files)
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, reports)
}

@MainActor func summary(_ files: [(file: String, data: [UInt8])], _ reports: [Report]) {
    var statuses: [String: Int] = [:]
    for report in reports {
        for result in report.exercises { statuses[result.status.rawValue, default: 0] += 1 }
    }
    let unreadable = reports.filter { $0.errors != nil }.count
    print("submissions:        \(count) (\(files.reduce(0) { $0 + $1.data.count } / 1024) KiB), \(unreadable) unreadable files")
    print("exercise results:   " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
}

let files = generate(distinct: distinct)
// A warm-up on a slice with a throwaway grader (code paths, allocator).
_ = try Grader(catalog: ExerciseCatalog(sheets: [courseSheet])).grade(files: Array(files.prefix(200)))
let prepareStart = clock.now
_ = try Grader(catalog: ExerciseCatalog(sheets: [courseSheet]))
print("prepare exercises:  \(clock.now - prepareStart)")

if single {
    let (seconds, reports) = try timedRun(files)
    summary(files, reports)
    print(String(format: "grade all:          %.3f s  →  %.0f submissions/s  (%.1f µs each, %d cores)",
                 seconds, Double(count) / seconds, seconds / Double(count) * 1e6, ProcessInfo.processInfo.activeProcessorCount))
} else {
    // Side by side: the typical mix and the all-distinct worst case, alternating, so both see
    // the same machine; medians over the runs.
    let distinctFiles = generate(distinct: true)
    var times: [[Double]] = [[], []]
    for _ in 0..<runs {
        times[0].append(try timedRun(files).seconds)
        times[1].append(try timedRun(distinctFiles).seconds)
    }
    summary(files, try timedRun(files).reports)
    summary(distinctFiles, try timedRun(distinctFiles).reports)
    print("\(count) submissions, \(runs) runs each, \(ProcessInfo.processInfo.activeProcessorCount) cores; median (min – max)")
    for (name, seconds) in zip(["typical mix", "all distinct"], times) {
        let sorted = seconds.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        print(name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%.3f s (%.3f – %.3f)  →  %.0f submissions/s (%.0f – %.0f)",
                     median, sorted.first!, sorted.last!, Double(count) / median, Double(count) / sorted.last!, Double(count) / sorted.first!))
    }
}

if let writeFolder {
    let root = URL(fileURLWithPath: writeFolder)
    let exercises = root.appendingPathComponent("exercises"), submissions = root.appendingPathComponent("submissions")
    try FileManager.default.createDirectory(at: exercises, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(courseSheet).write(to: exercises.appendingPathComponent("03.json"))
    for file in files { try Data(file.data).write(to: submissions.appendingPathComponent(file.file)) }
    print("wrote \(exercises.path)/03.json and \(files.count) files in \(submissions.path)")
}
