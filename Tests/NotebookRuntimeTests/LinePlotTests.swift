import Foundation
import XCTest

@testable import NotebookRuntime

/// The SVG gnuplot draws for a `LinePlot`: stacked panels aligned, one
/// tick style, reference lines that stay visible, the post's values marked.
final class LinePlotTests: XCTestCase {
  private var session: NotebookSession { NotebookSession.shared }

  override class func setUp() { useScratchFigureFolder() }

  override func setUpWithError() throws {
    try FileManager.default.createDirectory(at: session.figuresDirectory, withIntermediateDirectories: true)
  }

  private func svg(_ plot: LinePlot) throws -> String {
    let output = try plot.render(in: session)
    return try String(
      contentsOf: session.figuresDirectory.appendingPathComponent(output.content), encoding: .utf8)
  }

  /// What gnuplot drew for the curve titled `title`: up to the next curve's group.
  private func curve(_ title: String, in svg: String) throws -> Substring {
    let start = try XCTUnwrap(svg.range(of: "<title>\(title)</title>"), "no curve \(title)").upperBound
    let end = svg.range(of: "<g id=\"gnuplot_plot", range: start..<svg.endIndex)?.lowerBound ?? svg.endIndex
    return svg[start..<end]
  }

  /// The plot areas' frames: gnuplot's closed `M x0,y0 L x0,y1 L x1,y1 L x1,y0 L x0,y0 Z` paths.
  private func frames(_ svg: String) -> [(left: Double, right: Double, top: Double)] {
    let frame = /d='M([\d.]+),([\d.]+) L\1,[\d.]+ L([\d.]+),[\d.]+ L\3,\2 L\1,\2 Z/
    return svg.matches(of: frame).map { (Double($0.output.1)!, Double($0.output.3)!, Double($0.output.2)!) }
  }

  func testStackedPanelsShareOnePlotArea() throws {
    // Tick labels of different widths: "10^-5" on a log axis, "-12000" on a linear one.
    let narrow = LinePlot(
      Series("a", y: [1, 0.01, 0.00001]), Series("b", y: [1, 0.1, 0.01]), logScaleY: true)
    let wide = LinePlot([-12_000, 3, 5_000], title: "Wide labels")
    let frames = frames(try svg(.stacked([narrow, wide])))
    XCTAssertEqual(Set(frames.map(\.top)).count, 2, "two panels: \(frames)")
    XCTAssertEqual(Set(frames.map(\.left)).count, 1, "the panels' plot areas start at one x: \(frames)")
    XCTAssertEqual(Set(frames.map(\.right)).count, 1, "and end at one x: \(frames)")
  }

  /// Five epochs are ticked 1 to 5, not 1, 1.5, 2, ...; a fractional or
  /// long x axis keeps gnuplot's own ticks.
  func testCountsOnXAreTickedAsWholeNumbers() throws {
    let epochs = try svg(LinePlot(Series("cost", y: [50, 40, 30, 25, 22])))
    XCTAssertFalse(epochs.contains(">1.5<") || epochs.contains(">4.5<"), "ticks between epochs")
    for tick in 1...5 { XCTAssertTrue(epochs.contains(">\(tick)<"), "tick \(tick)") }
    XCTAssertFalse(LinePlot(Series("s", x: [0, 0.5, 1], y: [1, 2, 3])).wholeNumberTicksOnX)
    XCTAssertFalse(LinePlot(Series("s", y: Array(repeating: 1, count: 100))).wholeNumberTicksOnX)
  }

  /// tensorflow-autoencoders' first epoch (0.2591) lay just under the tick 0.26 the axis
  /// stopped at, so the curve came in along the frame as if clipped.
  func testTheHighestPointIsBelowTheFrame() throws {
    let losses: [Float] = [0.2591, 0.1600, 0.1338, 0.1184, 0.1085, 0.1025, 0.0990, 0.0970, 0.0958, 0.0951]
    let svg = try svg(LinePlot(Series("loss", y: losses), title: "Loss"))
    let frame = try XCTUnwrap(frames(svg).first, "no frame")
    let path = try XCTUnwrap(svg.firstMatch(of: /<path stroke='rgb\(148,   0, 211\)'[^>]* d='([^']+)'/))
    let ys = path.output.1.matches(of: /[ML]([\d.]+),([\d.]+)/).map { Double($0.output.2)! }
    let highest = try XCTUnwrap(ys.min(), "no points in \(path.output.1)")
    // SVG y grows downwards; the plot is 360 px tall, the frame's area about 300.
    XCTAssertGreaterThan(
      highest - frame.top, 5, "the first point is on the frame (at \(highest), frame \(frame.top))")
  }

  func testALogAxisLabelsEveryDecadeAsAPowerOfTen() throws {
    let svg = try svg(LinePlot([1, 0.01, 0.00001], title: "Log", logScaleY: true))
    for decimal in [">1e-05<", ">0.0001<", ">0.01<"] {
      XCTAssertFalse(svg.contains(decimal), "no \(decimal) among powers of ten")
    }
    XCTAssertTrue(
      svg.contains(">10</tspan><tspan font-family=\"sans\"  font-size=\"9.6\" dy=\"-6.00px\">-5<"), svg)
    XCTAssertTrue(svg.contains(">-2<") && svg.contains(">0<"), "every decade alike")
  }

  func testReferenceLinesAreDrawnOverTheCurvesOnABand() throws {
    // A run stuck on the baseline: its noise around 0.11 once hid the line.
    let stuck = Series("stuck", y: (0..<50).map { 0.11 + ($0 % 2 == 0 ? 0.002 : -0.002) })
    let svg = try svg(
      LinePlot(
        stuck, Series("trained", y: (0..<50).map { 0.1 / Float($0 + 1) }), title: "Baseline",
        references: [ReferenceLine("all-black output", y: 0.11)]))
    let lastCurve = try XCTUnwrap(svg.range(of: "<title>trained</title>")).lowerBound
    let band = try XCTUnwrap(svg.range(of: "stroke-width=\"5.00\"")).lowerBound
    let line = try XCTUnwrap(svg.range(of: "<title>all-black output</title>")).lowerBound
    XCTAssertLessThan(lastCurve, band, "the band is drawn over the curves")
    XCTAssertLessThan(band, line, "and the dashed line over the band")
    XCTAssertTrue(
      svg[band...].prefix(400).contains("stroke='rgb(255, 255, 255)'"), "in the background's colour")
    XCTAssertTrue(
      try curve("all-black output", in: svg).contains("stroke='rgb( 34,  34,  34)' stroke-dasharray"),
      "dark, dashed")
  }

  func testThePostsValuesHaveMarkersAndAreDrawnAboveOurs() throws {
    let svg = try svg(
      LinePlot(
        Series.reported("post (printed)", x: [1, 3, 5], y: [0.5, 0.2, 0.1]),
        Series("ours", y: [0.6, 0.4, 0.3, 0.2, 0.1]),
        title: "Post and ours"))
    let post = try XCTUnwrap(svg.range(of: "<title>post (printed)</title>")).lowerBound
    let ours = try XCTUnwrap(svg.range(of: "<title>ours</title>")).lowerBound
    XCTAssertLessThan(ours, post, "ours first, the post's on top")
    let markers = svg[post...].components(separatedBy: "<use xlink:href='#gpPt6'").count - 1
    XCTAssertEqual(markers, 3 + 1, "a marker at each of the post's points, and one in the legend")
    XCTAssertTrue(
      try curve("post (printed)", in: svg).contains("<path stroke='rgb(148,   0, 211)'"),
      "in the first series' colour, as listed")
    XCTAssertFalse(svg[ours..<post].contains("gpPt"), "our curve has no markers")
  }

  /// A loss of one epoch (the quick profile) drew an empty frame: a line needs two points.
  func testACurveOfOnePointIsDrawnAsAMarker() throws {
    let one = try svg(LinePlot(Series("loss", y: [0.26]), title: "One epoch"))
    XCTAssertEqual(one.components(separatedBy: "<use xlink:href='#gpPt6'").count - 1, 1, "one marker")
    let two = try svg(LinePlot(Series("loss", y: [0.26, 0.2]), title: "Two epochs"))
    XCTAssertFalse(two.contains("<use xlink:href='#gpPt6'"), "a line of two points has no markers")
  }
}
