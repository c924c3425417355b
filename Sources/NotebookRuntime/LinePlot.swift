import Foundation
import NNCore
import NotebookProtocol

/// One curve of a plot.
public struct Series: Sendable, Codable {
  public var name: String
  public var x: [Float]
  public var y: [Float]
  /// Values the post printed rather than ones this run measured: each
  /// point gets a marker (they are few, and a reader should see where
  /// they are), and the curve is drawn above the measured ones.
  public var isReported: Bool

  /// A curve over `x` (default 1, 2, 3, ..., e.g. epochs).
  public init(_ name: String, x: [Float]? = nil, y: [Float], reported: Bool = false) {
    self.name = name
    self.y = y
    self.x = x ?? (1...max(y.count, 1)).map(Float.init)
    self.isReported = reported
  }

  /// The values a post printed, e.g. its loss at the epochs it logged.
  public static func reported(_ name: String, x: [Float]? = nil, y: [Float]) -> Series {
    Series(name, x: x, y: y, reported: true)
  }
}

/// A horizontal line across a plot, labelled: the post's value, a baseline.
public struct ReferenceLine: Sendable, Codable {
  public var label: String
  public var y: Float

  public init(_ label: String, y: Float) {
    self.label = label
    self.y = y
  }
}

/// Curves drawn as SVG by gnuplot: a loss per epoch, train against
/// validation, a learned kernel. Several plots side by side (or stacked)
/// make one figure through `panels`.
///
/// ```swift
/// try show(LinePlot(Series("train", y: history.loss), Series("validation", y: history.validationLoss),
///                   title: "Loss", xLabel: "epoch", yLabel: "MSE"))
/// ```
public struct LinePlot: Displayable {
  public var series: [Series]
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var logScaleY: Bool
  public var caption: String?
  /// The y-axis range; nil lets gnuplot fit the data (the post's
  /// `ylim=(-1.5, 1.5)` is `yRange: -1.5...1.5`).
  public var yRange: ClosedRange<Float>?
  /// Labelled horizontal lines drawn dashed across the plot.
  public var references: [ReferenceLine] = []
  /// Further plots drawn in the same figure, below this one.
  public var panels: [LinePlot] = []

  public init(
    _ series: Series..., title: String = "", xLabel: String = "", yLabel: String = "",
    logScaleY: Bool = false, yRange: ClosedRange<Float>? = nil, references: [ReferenceLine] = [],
    caption: String? = nil
  ) {
    self.init(
      series: series, title: title, xLabel: xLabel, yLabel: yLabel, logScaleY: logScaleY, yRange: yRange,
      references: references, caption: caption)
  }

  public init(
    series: [Series], title: String = "", xLabel: String = "", yLabel: String = "", logScaleY: Bool = false,
    yRange: ClosedRange<Float>? = nil, references: [ReferenceLine] = [], caption: String? = nil
  ) {
    self.series = series
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logScaleY = logScaleY
    self.yRange = yRange
    self.references = references
    self.caption = caption
  }

  /// One curve of values, e.g. `LinePlot(losses, title: "Training loss")`.
  public init(
    _ values: [Float], title: String = "", xLabel: String = "", yLabel: String = "",
    logScaleY: Bool = false, yRange: ClosedRange<Float>? = nil, references: [ReferenceLine] = [],
    caption: String? = nil
  ) {
    self.init(
      series: [Series(yLabel.isEmpty ? "value" : yLabel, y: values)], title: title, xLabel: xLabel,
      yLabel: yLabel, logScaleY: logScaleY, yRange: yRange, references: references, caption: caption)
  }

  /// Several plots stacked in one figure (post 000's 5-panel signal figure).
  public static func stacked(_ plots: [LinePlot], caption: String? = nil) -> LinePlot {
    var figure = plots[0]
    figure.panels = Array(plots.dropFirst())
    figure.caption = caption ?? figure.caption
    return figure
  }

  public func render(in session: NotebookSession) throws -> RichOutput {
    let all = [self] + panels
    guard all.allSatisfy({ !$0.series.isEmpty && $0.series.allSatisfy { !$0.y.isEmpty } }) else {
      throw FigureError(message: "LinePlot '\(title)' has a series with no points")
    }
    let file = session.nextFigure(extension: "svg")
    let gnuplot = try Gnuplot()
    // A panel tall enough for its legend in one column beside it.
    let entries = all.map { $0.series.count + $0.references.count }.max() ?? 1
    let panelHeight = all.count == 1 ? max(360, 60 + 18 * entries) : 230 + 18 * ((entries + 2) / 3)
    let height = panelHeight * all.count
    gnuplot.command(
      "set terminal svg size 720,\(height) dynamic enhanced font 'sans,12' background '\(Self.background)'")
    gnuplot.command("set output \(Gnuplot.quoted(file.url.path))")
    gnuplot.command("set grid lc rgb '#dddddd'")
    // gnuplot's fifth colour, yellow, is hard to see on white: a dark gold instead.
    gnuplot.command("set linetype 5 lc rgb '#b8860b'")
    // Fixed margins (in characters), not fitted to each panel's tick labels: the plot
    // areas of stacked panels, and of every figure, start at the same x.
    gnuplot.command("set lmargin \(Self.leftMargin)")
    if all.count > 1 { gnuplot.command("set rmargin 3") }
    // Outside the plot area, so a legend never covers a curve.
    // Off the data: beside a lone plot; below each panel of a stacked
    // figure, whose short panels would split a side legend into columns
    // that take half the width.
    gnuplot.command(
      all.count == 1
        ? "set key outside right top vertical samplen 2" : "set key below horizontal samplen 2 spacing 1.1")
    // "0.001" and "5000", not "0.001000" and tick labels running together.
    gnuplot.command("set format x '%g'")
    // One tick style: ticks on the left and bottom axes only, in every panel.
    gnuplot.command("set xtics nomirror")
    gnuplot.command("set ytics nomirror")
    if all.count > 1 { gnuplot.command("set multiplot layout \(all.count),1") }
    for plot in all {
      plot.draw(on: gnuplot)
    }
    if all.count > 1 { gnuplot.command("unset multiplot") }
    try gnuplot.finish()
    return RichOutput(kind: .svg, content: file.name, caption: caption ?? (title.isEmpty ? nil : title))
  }

  /// The figure's background; the page puts figures on a light card in its dark scheme.
  static let background = "#ffffff"
  /// Room for the y axis's label and tick labels ("10^{-5}", "0.0001").
  static let leftMargin = 11

  /// Whether x counts something (epochs, steps) over a span so short that
  /// gnuplot's own ticks would fall between the counts ("epoch 1.5").
  var wholeNumberTicksOnX: Bool {
    let xs = series.flatMap(\.x)
    guard let low = xs.min(), let high = xs.max() else { return false }
    return high - low <= 10 && xs.allSatisfy { $0 == $0.rounded() }
  }

  private func draw(on gnuplot: Gnuplot) {
    gnuplot.command("set title \(Gnuplot.quoted(title)) noenhanced")
    gnuplot.command("set xlabel \(Gnuplot.quoted(xLabel)) noenhanced")
    gnuplot.command("set ylabel \(Gnuplot.quoted(yLabel)) noenhanced")
    gnuplot.command(logScaleY ? "set logscale y" : "unset logscale y")
    gnuplot.command(wholeNumberTicksOnX ? "set xtics 1" : "set xtics autofreq")
    // A log axis labels its decades all alike (10^-5 ... 10^0), not "1e-05" below "0.0001" below "1".
    gnuplot.command(logScaleY ? "set format y '10^{%T}'" : "set format y '%g'")
    gnuplot.command(yRange.map { "set yrange [\($0.lowerBound):\($0.upperBound)]" } ?? "set autoscale y")
    // Room above the highest point before gnuplot extends the axis to its next tick: a loss
    // whose first epoch (0.2591) lay just under a tick (0.26) was drawn on the frame and read
    // as clipped. Not below: a loss axis would reach down to a negative tick.
    gnuplot.command("set offsets 0, 0, graph 0.04, 0")
    // One curve needs no legend: the title says what it is.
    let legend = series.count > 1 || !references.isEmpty
    func keyEntry(_ name: String) -> String {
      legend ? "title \(Gnuplot.quoted(name)) noenhanced" : "notitle"
    }
    // Drawn in layers, so that nothing hides what a reader compares against: the measured
    // curves, then the post's values (markers), then the reference lines. Each keeps the
    // colour of its place in `series`.
    let order =
      series.indices.filter { !series[$0].isReported } + series.indices.filter { series[$0].isReported }
    let curves = order.map { index in
      let curve = series[index]
      // A curve of one point (a loss of one epoch, as in the quick profile) has no line to
      // draw: it gets a marker, or the plot would be an empty frame.
      let style =
        curve.isReported
        ? "linespoints pt 7 ps 0.7 lw 1.5" : curve.x.count < 2 ? "points pt 7 ps 1" : "lines lw 2"
      return "'-' with \(style) lc \(index + 1) " + keyEntry(curve.name)
    }
    // A reference line over a curve near it (a run stuck at that baseline) would vanish in
    // the curve's noise: each is drawn last, dark, over a band that half fades what lies
    // under it (the curve stays visible, paler), in its own dash pattern, so that two of
    // them can be told apart.
    let lines = references.enumerated().flatMap { index, line in
      [
        "\(line.y) with lines lw 5 lc rgb '#80\(Self.background.dropFirst())' notitle",
        "\(line.y) with lines dt \(index % 4 + 2) lw 2 lc rgb '#222222' " + keyEntry(line.label),
      ]
    }
    gnuplot.command("plot " + (curves + lines).joined(separator: ", "))
    for index in order {
      gnuplot.send(x: series[index].x.map(Double.init), y: series[index].y.map(Double.init))
    }
  }
}
