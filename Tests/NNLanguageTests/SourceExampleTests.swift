import Diagnostics
import Foundation
import NNLanguage
import Testing

/// The source material's examples written in `nn`; expected numbers are computed here in Swift
/// from the formulas (the source's own digits contain mistakes and are never copied).
@Suite struct SourceExampleTests {
    static let backprop = """
        x = 2
        t = 1
        w1 = param(0.5)
        w2 = param(0.5)
        a1 = w1 * x
        h1 = sigmoid(a1)
        a2 = w2 * h1
        y = sigmoid(a2)
        L = 0.5 * (y - t)^2
        backward L
        table "順伝播と逆伝播" v in {a1, h1, a2, y, L}: "値": v | .4f, "∂L/∂v": grad(v) | .4f
        show "∂L/∂w1": grad(w1) | .4f, "∂L/∂w2": grad(w2) | .4f
        dL_dw1 = grad(w1)
        """

    @Test func workedBackpropExampleGivesTheChainRuleNumbers() throws {
        let session = ChapterSession(file: "Content/03.md")
        let outputs = try session.run(block: Self.backprop, firstLine: 1)
        func s(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        let a1 = 1.0, h1 = s(a1), a2 = 0.5 * h1, y = s(a2)
        let dy = y - 1, da2 = dy * y * (1 - y), dw2 = da2 * h1, dh1 = da2 * 0.5, da1 = dh1 * h1 * (1 - h1), dw1 = da1 * 2
        guard case .table(let table) = outputs[0] else { Issue.record("no table"); return }
        #expect(table.header == ["v", "値", "∂L/∂v"])
        #expect(table.rows.map(\.first) == ["a1", "h1", "a2", "y", "L"])
        let f = { (x: Double) in String(format: "%.4f", x) }
        #expect(table.rows[1] == ["h1", f(h1), f(dh1)])
        #expect(table.rows[2] == ["a2", f(a2), f(da2)])
        #expect(table.rows[3] == ["y", f(y), f(dy)])
        #expect(shown(outputs) == ["∂L/∂w1 = \(f(dw1))", "∂L/∂w2 = \(f(dw2))"])
        let quoted = try session.inline("dL_dw1", format: ".3g", at: location(line: 40, column: 3))
        #expect(quoted == String(format: "%.3g", dw1))
    }

    @Test func exerciseThreeLinearChain() throws {
        let outputs = try run(linearChainProgram + "\nshow L, grad(w1), grad(w2)")
        // L = ½(w2·w1·x − t)²: ∂L/∂w1 = (y − t)·w2·x, ∂L/∂w2 = (y − t)·w1·x.
        let y = 2.0, t = 5.0
        #expect(shown(outputs) == ["L = \(Int(0.5 * (y - t) * (y - t) * 10) / 10).5", "grad(w1) = \(Int((y - t) * 2))", "grad(w2) = \(Int((y - t) * 2))"])
    }

    @Test func vanishingGradientPower() throws {
        let session = ChapterSession(file: "Content/03.md")
        let outputs = try session.run(block: "ratio = 0.25^9\nshow ratio, ratio | .1x, ratio | .2e", firstLine: 1)
        let r = Foundation.pow(0.25, 9.0)
        #expect(shown(outputs) == [
            "ratio = " + String(format: "%.6g", r / 1e-6).replacingOccurrences(of: "0+$", with: "", options: .regularExpression) + "×10⁻⁶",
            "ratio = " + String(format: "%.1f", r / 1e-6) + "×10⁻⁶",
            "ratio = " + String(format: "%.2e", r),
        ])
        #expect(try session.inline("ratio", format: ".1x", at: location(line: 9, column: 1)) == "3.8×10⁻⁶")
        #expect(try session.inline("1 / ratio", format: "d", at: location(line: 9, column: 1)) == String(Int(1 / r)))
    }

    @Test func xorNetworkTruthTable() throws {
        let outputs = try run("""
            h1(x1, x2) = step(x1 + x2 - 0.5)
            h2(x1, x2) = step(-2*x1 - 2*x2 + 3)
            xor(x1, x2) = step(h1(x1, x2) + h2(x1, x2) - 1.5)
            truth_table "XOR" h1, h2, xor over x1, x2 in {0, 1}
            """)
        guard case .table(let table) = outputs[0] else { Issue.record("no table"); return }
        #expect(table.caption == "XOR")
        #expect(table.header == ["x1", "x2", "h1", "h2", "xor"])
        var expected: [[String]] = []
        for a in [0, 1] { for b in [0, 1] {
            let or = (a + b) > 0 ? 1 : 0, nand = (a + b) < 2 ? 1 : 0
            expected.append(["\(a)", "\(b)", "\(or)", "\(nand)", "\(a ^ b)"])
        } }
        #expect(table.rows == expected)
    }

    @Test func matrixFormOfTheXorNetwork() throws {
        let outputs = try run("""
            W1 = [[1, 1], [-2, -2]]
            b1 = [-0.5, 3]
            w2 = [1, 1]
            b2 = -1.5
            net(x1, x2) = step(w2 @ step(W1 @ [x1, x2] + b1) + b2)
            truth_table net over x1, x2 in {0, 1}
            """)
        guard case .table(let table) = outputs[0] else { Issue.record("no table"); return }
        #expect(table.rows.map { $0.last! } == ["0", "1", "1", "0"])
    }
}
