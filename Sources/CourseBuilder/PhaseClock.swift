import Foundation

/// Phase times of a build on stderr when `COURSEGEN_TRACE_TIMES` is set (to anything), for
/// profiling (Benchmarks/math/README.md); otherwise it does nothing. Times are milliseconds
/// since the build started and since the previous mark.
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["COURSEGEN_TRACE_TIMES"] != nil
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let times = String(format: "%7.1f ms %7.1f ms", Double(now - start) / 1e6, Double(now - last) / 1e6)
        let line = "coursegen: \(times)  \(phase)\n"
        FileHandle.standardError.write(Data(line.utf8))
        last = now
    }
}
