import Foundation
import NNEngine

/// What a plot draws, gathered before any SVG is written so the axes fit everything.
struct Figure {
    struct Line {
        var label: String
        /// Runs of finite points; a gap (NaN, ∞) starts a new run.
        var runs: [[(Double, Double)]]
    }

    struct Points {
        var label: String
        var points: [(x: Double, y: Double, group: Int)]
    }

    /// Predicted classes on a regular grid, drawn as pale cells under the data.
    struct Regions {
        var xs: [Double]
        var ys: [Double]
        var classes: [Int]  // row-major, y outer
    }

    var title: String?
    /// The name of the plotted variable, written under the horizontal axis.
    var xLabel: String?
    var lines: [Line] = []
    var points: [Points] = []
    var regions: Regions?

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    static let pale = ["#c6dbef", "#fcc5c0", "#c7e9c0", "#fdd0a2", "#dadaeb", "#d9c7bd", "#f9d0e8", "#c0eef3"]

    /// A deterministic SVG: fixed size, coordinates to two decimals, no timestamps or ids.
    func svg() -> String {
        let width = 560.0, height = 360.0
        let left = 60.0, right = 150.0, top = title == nil ? 16.0 : 36.0, bottom = 40.0
        var xs: [Double] = [], ys: [Double] = []
        for line in lines { for run in line.runs { for (x, y) in run { xs.append(x); ys.append(y) } } }
        for set in points { for p in set.points { xs.append(p.x); ys.append(p.y) } }
        if let r = regions { xs += [r.xs.first!, r.xs.last!]; ys += [r.ys.first!, r.ys.last!] }
        var (x0, x1) = Figure.bounds(xs, pad: regions == nil && points.isEmpty ? 0 : 0.05)
        var (y0, y1) = Figure.bounds(ys, pad: 0.05)
        if let r = regions { x0 = min(x0, r.xs.first!); x1 = max(x1, r.xs.last!); y0 = min(y0, r.ys.first!); y1 = max(y1, r.ys.last!) }
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - y0) / (y1 - y0) * plotHeight }
        func n(_ v: Double) -> String { NumberFormat.clean(String(format: "%.2f", v)) }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        if let title {
            out += "<title>\(Figure.escape(title))</title>\n"
            out += "<text x=\"\(n(left + plotWidth / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(Figure.escape(title))</text>\n"
        }
        out += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"white\" stroke=\"#888\"/>\n"
        if let r = regions {
            let cw = plotWidth / Double(r.xs.count), ch = plotHeight / Double(r.ys.count)
            // One rectangle per run of equal classes in a row keeps the file small.
            for j in r.ys.indices {
                var i = 0
                while i < r.xs.count {
                    let c = r.classes[j * r.xs.count + i]
                    var end = i + 1
                    while end < r.xs.count, r.classes[j * r.xs.count + end] == c { end += 1 }
                    let x = left + Double(i) * cw, y = top + plotHeight - Double(j + 1) * ch
                    out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(Double(end - i) * cw + 0.5))\" height=\"\(n(ch + 0.5))\" fill=\"\(Figure.pale[c % Figure.pale.count])\"/>\n"
                    i = end
                }
            }
        }
        // Grid lines and tick labels.
        for t in Figure.ticks(x0, x1) {
            out += "<line x1=\"\(n(px(t)))\" y1=\"\(n(top))\" x2=\"\(n(px(t)))\" y2=\"\(n(top + plotHeight))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(n(px(t)))\" y=\"\(n(top + plotHeight + 16))\" text-anchor=\"middle\">\(Figure.escape(NumberFormat.automatic.format(t)))</text>\n"
        }
        for t in Figure.ticks(y0, y1) {
            out += "<line x1=\"\(n(left))\" y1=\"\(n(py(t)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py(t)))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(py(t) + 4))\" text-anchor=\"end\">\(Figure.escape(NumberFormat.automatic.format(t)))</text>\n"
        }
        if let xLabel {
            out += "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight + 34))\" text-anchor=\"middle\" font-style=\"italic\">\(Figure.escape(xLabel))</text>\n"
        }
        if x0 < 0 && x1 > 0 {
            out += "<line x1=\"\(n(px(0)))\" y1=\"\(n(top))\" x2=\"\(n(px(0)))\" y2=\"\(n(top + plotHeight))\" stroke=\"#999\"/>\n"
        }
        if y0 < 0 && y1 > 0 {
            out += "<line x1=\"\(n(left))\" y1=\"\(n(py(0)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py(0)))\" stroke=\"#999\"/>\n"
        }
        var legend: [(String, String, Bool)] = []
        for (k, line) in lines.enumerated() {
            let color = Figure.palette[k % Figure.palette.count]
            for run in line.runs where !run.isEmpty {
                let coordinates = run.map { "\(n(px($0.0))),\(n(py($0.1)))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(coordinates)\"/>\n"
            }
            legend.append((line.label, color, true))
        }
        for set in points {
            let groups = Set(set.points.map(\.group)).sorted()
            for p in set.points {
                let color = Figure.palette[(p.group + lines.count) % Figure.palette.count]
                out += "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
            }
            for g in groups {
                let name = groups.count == 1 ? set.label : "\(set.label) \(g)"
                legend.append((name, Figure.palette[(g + lines.count) % Figure.palette.count], false))
            }
        }
        for (k, (label, color, isLine)) in legend.enumerated() {
            let y = top + 10 + Double(k) * 18
            let x = left + plotWidth + 12
            if isLine {
                out += "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 18))\" y2=\"\(n(y))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            } else {
                out += "<circle cx=\"\(n(x + 9))\" cy=\"\(n(y))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            out += "<text x=\"\(n(x + 24))\" y=\"\(n(y + 4))\">\(Figure.escape(label))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    static func bounds(_ values: [Double], pad: Double) -> (Double, Double) {
        // Clamped so the span and its margin stay finite even for values near ±1.8e308 (a
        // larger value is drawn past the edge, never as NaN in the SVG).
        let finite = values.filter(\.isFinite).map { Swift.min(Swift.max($0, -1e300), 1e300) }
        guard var low = finite.min(), var high = finite.max() else { return (0, 1) }
        if high - low < 1e-12 {
            low -= 1
            high += 1
        }
        let margin = (high - low) * pad
        return (low - margin, high + margin)
    }

    /// Ticks at 1, 2 or 5 × 10ᵏ, about five across the range.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var t = ceil(low / step) * step
        var result: [Double] = []
        while t <= high + step * 1e-9, result.count < 20 {
            result.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return result
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension ChapterSession {
    static let plotSamples = 201

    func plot(title: String?, variable: String?, range: (Expr, Expr)?, series: [Item], at position: Position) throws(RuntimeError) -> Plot {
        let m = machine
        var figure = Figure(title: title)
        if let variable, let (lowExpr, highExpr) = range {
            figure.xLabel = variable
            let low = try m.scalar(lowExpr), high = try m.scalar(highExpr)
            guard low < high, low.isFinite, high.isFinite else {
                throw RuntimeError(position: lowExpr.position, message: "a plot range must go from a smaller to a larger number")
            }
            for item in series {
                var runs: [[(Double, Double)]] = [[]]
                let saved = m.globals[variable], savedTape = m.tape
                defer {
                    m.globals[variable] = saved
                    m.tape = savedTape
                }
                let scratch = Tape()
                m.tape = scratch
                for i in 0..<ChapterSession.plotSamples {
                    let x = low + (high - low) * Double(i) / Double(ChapterSession.plotSamples - 1)
                    m.globals[variable] = .number(scratch.constant(x))
                    let y = try m.scalar(item.expression)
                    scratch.truncate(to: 0)
                    if y.isFinite { runs[runs.count - 1].append((x, y)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
                }
                figure.lines.append(Figure.Line(label: item.label ?? item.expression.text, runs: runs.filter { !$0.isEmpty }))
            }
        } else {
            for item in series {
                let label = item.label ?? item.expression.text
                switch try m.evaluate(item.expression) {
                case .number(let v) where v.value.rank == 1:
                    var runs: [[(Double, Double)]] = [[]]
                    for (i, y) in v.value.scalars.enumerated() {
                        if y.isFinite { runs[runs.count - 1].append((Double(i + 1), y)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
                    }
                    figure.lines.append(Figure.Line(label: label, runs: runs.filter { !$0.isEmpty }))
                case .dataset(let data):
                    figure.points.append(try scatter(data, label: label, at: item.expression.position))
                case .boundary(let model, let data):
                    figure.points.append(try scatter(data, label: label, at: item.expression.position))
                    figure.regions = try regions(model, data, at: item.expression.position)
                case let other:
                    throw RuntimeError(
                        position: item.expression.position,
                        message: "cannot plot '\(item.expression.text)', a \(other.typeName)",
                        notes: ["plot a vector (e.g. a loss history), a data set, boundary(model, data), or curves with 'plot x in a .. b: f(x)'"])
                }
            }
        }
        return Plot(title: title, svg: figure.svg(), name: plotName(title))
    }

    private func scatter(_ data: Dataset, label: String, at position: Position) throws(RuntimeError) -> Figure.Points {
        let features = data.inputs.shape[1]
        guard features == 1 || features == 2 else {
            throw RuntimeError(position: position, message: "only data sets with 1 or 2 inputs can be plotted, this one has \(features)")
        }
        var points: [(x: Double, y: Double, group: Int)] = []
        for i in 0..<data.count {
            if features == 2 {
                points.append((data.inputs.scalars[2 * i], data.inputs.scalars[2 * i + 1], data.labels.isEmpty ? 0 : data.labels[i]))
            } else {
                points.append((data.inputs.scalars[i], data.targets.scalars[i * data.targets.shape[1]], 0))
            }
        }
        return Figure.Points(label: label, points: points)
    }

    private func regions(_ model: Model, _ data: Dataset, at position: Position) throws(RuntimeError) -> Figure.Regions {
        guard data.inputs.shape[1] == 2 else {
            throw RuntimeError(position: position, message: "a decision boundary needs a data set with 2 inputs")
        }
        let steps = 60
        let px: [Double] = (0..<data.count).map { data.inputs.scalars[2 * $0] }
        let py: [Double] = (0..<data.count).map { data.inputs.scalars[2 * $0 + 1] }
        let (x0, x1) = Figure.bounds(px, pad: 0.05)
        let (y0, y1) = Figure.bounds(py, pad: 0.05)
        let xs: [Double] = (0..<steps).map { x0 + (x1 - x0) * (Double($0) + 0.5) / Double(steps) }
        let ys: [Double] = (0..<steps).map { y0 + (y1 - y0) * (Double($0) + 0.5) / Double(steps) }
        var grid: [Double] = []
        for y in ys { for x in xs { grid += [x, y] } }
        let classes = try machine.classes(model, Tensor(shape: [steps * steps, 2], scalars: grid), at: position)
        // Cells are drawn edge to edge; widen the axis to the cell edges.
        let dx = (x1 - x0) / Double(steps) / 2, dy = (y1 - y0) / Double(steps) / 2
        var edgeX = xs, edgeY = ys
        edgeX[0] -= dx
        edgeX[steps - 1] += dx
        edgeY[0] -= dy
        edgeY[steps - 1] += dy
        return Figure.Regions(xs: edgeX, ys: edgeY, classes: classes)
    }
}
