#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tolerance {
    /// True when `answer` is close enough to `reference` by any bound given; with no bound
    /// given, by `Tolerance.standard`. Non-finite values never pass.
    ///
    /// The one rule: the grader marks answers with it, and `coursegen build` uses it to refuse
    /// a worked example whose answer would pass for some student's numbers.
    public func accepts(_ answer: Double, _ reference: Double) -> Bool {
        guard answer.isFinite, reference.isFinite else { return false }
        if relative == nil, absolute == nil, significantFigures == nil {
            return Tolerance.standard.accepts(answer, reference)
        }
        let difference = abs(answer - reference)
        if let relative, difference <= relative * abs(reference) { return true }
        if let absolute, difference <= absolute { return true }
        if let figures = significantFigures {
            if reference == 0 { return answer == 0 }
            let exponent = floor(log10(abs(reference)))
            let scale = pow(10, Double(figures - 1) - exponent)
            if scale.isFinite, scale > 0, (answer * scale).rounded() == (reference * scale).rounded() { return true }
        }
        return false
    }
}
