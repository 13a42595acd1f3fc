import Foundation
extension ChapterSession {
    func plot(title: String?, variable: String?, range: (Expr, Expr)?, series: [Item], at position: Position) throws(RuntimeError) -> Plot {
        throw RuntimeError(position: position, message: "plot is not available yet")
    }
    func trace(_ call: Expr, at position: Position) throws(RuntimeError) -> (Value, Table) {
        throw RuntimeError(position: position, message: "trace is not available yet")
    }
}
import ExerciseModel
