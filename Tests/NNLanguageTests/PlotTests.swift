import Diagnostics
import Foundation
import NNLanguage
import Testing

@Suite struct PlotTests {
    func plots(_ outputs: [BlockOutput]) -> [Plot] {
        outputs.compactMap { if case .plot(let p) = $0 { p } else { nil } }
    }

    func count(_ needle: String, in svg: String) -> Int { svg.components(separatedBy: needle).count - 1 }

    @Test func functionAndItsDerivativeSideBySide() throws {
        let plot = try #require(plots(try run("plot \"σ と σ'\" x in -6 .. 6: sigmoid(x), \"σ'(x)\": sigmoid'(x)")).first)
        #expect(plot.title == "σ と σ'")
        #expect(plot.name == "plot")
        #expect(plot.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(count("<polyline", in: plot.svg) == 2)
        #expect(plot.svg.contains(">sigmoid(x)</text>") && plot.svg.contains(">σ&apos;(x)</text>") == false)
        #expect(plot.svg.contains(">σ'(x)</text>"))
        // 201 samples per curve.
        let firstLine = plot.svg.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
        #expect(firstLine.split(separator: " ").count == 201)
    }

    @Test func gapsWhereAFunctionIsNotFinite() throws {
        let plot = try #require(plots(try run("plot x in -1 .. 1: log(x)")).first)
        let runs = count("<polyline", in: plot.svg)
        #expect(runs == 1)
        let points = plot.svg.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
        #expect(points.split(separator: " ").count == 100)   // x > 0 only
    }

    @Test func lossHistoryAndDecisionBoundary() throws {
        let outputs = try run("""
            data = spiral(points = 20, classes = 3)
            net = train(mlp([2, 6, 3], seed = 2), data, epochs = 30, rate = 0.5)
            plot "loss" net.history
            plot "regions" boundary(net, data)
            plot "loss" data
            """)
        let found = plots(outputs)
        #expect(found.map(\.name) == ["loss", "regions", "loss-2"])
        let history = found[0].svg.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
        #expect(history.split(separator: " ").count == 30)
        #expect(count("<circle", in: found[1].svg) == 60 + 3)     // points + legend marks
        #expect(count("<rect", in: found[1].svg) > 60)            // 60 grid rows of regions
        #expect(count("<circle", in: found[2].svg) == 60 + 3)
    }

    @Test func plottingSomethingElseIsExplained() {
        #expect(diagnostics("plot \"x\" \"text\"").map(\.description) == ["""
            Content/03.md:1:10: error: cannot plot '"text"', a string
            1 | plot "x" "text"
              |          ^
            note: plot a vector (e.g. a loss history), a data set, boundary(model, data), or curves with 'plot x in a .. b: f(x)'
            """])
        #expect(diagnostics("step = 0.1\ny = step(2)").map(\.description) == ["""
            Content/03.md:2:5: error: 'step' is a scalar, not a function
            2 | y = step(2)
              |     ^
            note: the assignment to 'step' hides the function 'step'; choose another name for the variable
            """])
    }
}
