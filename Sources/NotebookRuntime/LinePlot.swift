import Foundation
import NNCore
import NotebookProtocol

/// One curve of a plot.
public struct Series: Sendable {
  public var name: String
  public var x: [Float]
  public var y: [Float]

  /// A curve over `x` (default 1, 2, 3, ..., e.g. epochs).
  public init(_ name: String, x: [Float]? = nil, y: [Float]) {
    self.name = name
    self.y = y
    self.x = x ?? (1...max(y.count, 1)).map(Float.init)
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
  /// Further plots drawn in the same figure, below this one.
  public var panels: [LinePlot] = []

  public init(
    _ series: Series..., title: String = "", xLabel: String = "", yLabel: String = "",
    logScaleY: Bool = false,
    caption: String? = nil
  ) {
    self.init(
      series: series, title: title, xLabel: xLabel, yLabel: yLabel, logScaleY: logScaleY, caption: caption)
  }

  public init(
    series: [Series], title: String = "", xLabel: String = "", yLabel: String = "", logScaleY: Bool = false,
    caption: String? = nil
  ) {
    self.series = series
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logScaleY = logScaleY
    self.caption = caption
  }

  /// One curve of values, e.g. `LinePlot(losses, title: "Training loss")`.
  public init(
    _ values: [Float], title: String = "", xLabel: String = "", yLabel: String = "", caption: String? = nil
  ) {
    self.init(
      series: [Series(yLabel.isEmpty ? "value" : yLabel, y: values)], title: title, xLabel: xLabel,
      yLabel: yLabel, caption: caption)
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
    let height = all.count == 1 ? 360 : 180 * all.count
    gnuplot.command(
      "set terminal svg size 720,\(height) dynamic enhanced font 'sans,12' background '#ffffff'")
    gnuplot.command("set output \(Gnuplot.quoted(file.url.path))")
    gnuplot.command("set grid lc rgb '#dddddd'")
    gnuplot.command("set key top right")
    if all.count > 1 { gnuplot.command("set multiplot layout \(all.count),1") }
    for plot in all {
      plot.draw(on: gnuplot)
    }
    if all.count > 1 { gnuplot.command("unset multiplot") }
    try gnuplot.finish()
    return RichOutput(kind: .svg, content: file.name, caption: caption ?? (title.isEmpty ? nil : title))
  }

  private func draw(on gnuplot: Gnuplot) {
    gnuplot.command("set title \(Gnuplot.quoted(title)) noenhanced")
    gnuplot.command("set xlabel \(Gnuplot.quoted(xLabel)) noenhanced")
    gnuplot.command("set ylabel \(Gnuplot.quoted(yLabel)) noenhanced")
    gnuplot.command(logScaleY ? "set logscale y" : "unset logscale y")
    let styles = series.map { "'-' with lines lw 2 title \(Gnuplot.quoted($0.name)) noenhanced" }
    gnuplot.command("plot " + styles.joined(separator: ", "))
    for curve in series {
      gnuplot.send(x: curve.x.map(Double.init), y: curve.y.map(Double.init))
    }
  }
}
