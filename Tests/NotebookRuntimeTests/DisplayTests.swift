import CPNG
import Foundation
import NNCore
import NotebookProtocol
import XCTest

@testable import NotebookRuntime

final class DisplayTests: XCTestCase {
  private var session: NotebookSession { NotebookSession.shared }

  override class func setUp() { useScratchFigureFolder() }

  override func setUpWithError() throws {
    try FileManager.default.createDirectory(at: session.figuresDirectory, withIntermediateDirectories: true)
  }

  private func readPNG(_ name: String) throws -> (width: Int, height: Int, pixels: [UInt8]) {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    let path = session.figuresDirectory.appendingPathComponent(name).path
    XCTAssertNotEqual(png_image_begin_read_from_file(&image, path), 0)
    image.format = UInt32(PNG_FORMAT_GRAY)
    var pixels = [UInt8](repeating: 0, count: Int(image.width * image.height))
    XCTAssertNotEqual(png_image_finish_read(&image, nil, &pixels, 0, nil), 0)
    return (Int(image.width), Int(image.height), pixels)
  }

  func testImageGridLaysOutRowsAndColumns() throws {
    // Two rows of three 2x2 images: black, white, and a gradient.
    let black = Tensor(zeros: [1, 2, 2, 1])
    let white = Tensor(repeating: 1, shape: [1, 2, 2, 1])
    let row = Tensor.concatenating([black, white, black])
    let output = try ImageGrid(rows: [row, row], zoom: 1).render(in: session)
    XCTAssertEqual(output.kind, .png)
    let png = try readPNG(output.content)
    // 3 columns of 2 px with 2 px gaps around: 3 * (2 + 2) + 2 = 14; rows: 2 * 4 + 2 = 10.
    XCTAssertEqual([png.width, png.height], [14, 10])
    XCTAssertEqual(png.pixels[2 * 14 + 2], 0, "first image is black")
    XCTAssertEqual(png.pixels[2 * 14 + 6], 255, "second image is white")
    XCTAssertEqual(png.pixels[0], 200, "gaps are gray")
  }

  func testRowLabelsAreDrawnBesideTheirRows() throws {
    let row = Tensor(repeating: 1, shape: [3, 20, 20, 1])
    let output = try ImageGrid(rows: [row, row], labels: ["noisy", "output"], zoom: 1).render(in: session)
    XCTAssertEqual(output.caption, "Rows: noisy / output.")
    let png = try readPNG(output.content)
    // A margin for "output" (6 glyphs of 7 px, 8 px of padding) before the 3 columns of 20 + 2 px.
    let margin = 6 * 7 + 8
    XCTAssertEqual([png.width, png.height], [margin + 3 * 22 + 2, 2 * 22 + 2])
    func ink(row r: Int) -> Int {
      (2 + r * 22..<(r + 1) * 22).reduce(0) { sum, y in
        sum + (0..<margin).filter { png.pixels[y * png.width + $0] == 0 }.count
      }
    }
    XCTAssertGreaterThan(ink(row: 0), 20, "the first label is drawn beside the first row")
    XCTAssertGreaterThan(ink(row: 1), 20, "the second label beside the second")
    XCTAssertGreaterThan(ink(row: 1), ink(row: 0), "\"output\" has more ink than \"noisy\"")
    XCTAssertEqual(png.pixels[2 * png.width + margin + 2], 255, "the first image starts after the margin")
  }

  func testFeatureMapsAreStretchedPerImage() throws {
    let maps = Tensor(shape: [1, 1, 2, 2], scalars: [0, 10, 5, 5])  // channel 0: 0, 5; channel 1: 10, 5
    let output = try ImageGrid(featureMaps: maps, columns: 2).render(in: session)
    let png = try readPNG(output.content)
    XCTAssertEqual(png.pixels[2 * png.width + 2], 0, "channel 0's minimum is black")
    XCTAssertEqual(png.pixels[2 * png.width + 2 + 6], 255, "channel 0's maximum is white")
  }

  func testLinePlotIsAnSVGFromGnuplot() throws {
    let plot = LinePlot(
      Series("train", y: [0.04, 0.014, 0.011]), Series("validation", y: [0.017, 0.011, 0.009]),
      title: "Loss per epoch", xLabel: "epoch", yLabel: "MSE")
    let output = try plot.render(in: session)
    XCTAssertEqual(output.kind, .svg)
    let svg = try String(
      contentsOf: session.figuresDirectory.appendingPathComponent(output.content), encoding: .utf8)
    for text in ["<svg", "Loss per epoch", "validation", "epoch"] {
      XCTAssertTrue(svg.contains(text), "SVG lacks \(text)")
    }
    let stacked = try LinePlot.stacked([plot, LinePlot([1, 2, 3], title: "Second panel")]).render(in: session)
    let both = try String(
      contentsOf: session.figuresDirectory.appendingPathComponent(stacked.content), encoding: .utf8)
    XCTAssertTrue(both.contains("Second panel") && both.contains("Loss per epoch"))
  }

  func testEmptySeriesIsAClearError() {
    XCTAssertThrowsError(try LinePlot([], title: "Nothing").render(in: session)) {
      XCTAssertEqual("\($0)", "LinePlot 'Nothing' has a series with no points")
    }
  }

  func testTableTravelsAsTextNotMarkup() throws {
    let output = try Table(header: ["<b>"], rows: [["a & b"]], caption: "c").render(in: session)
    XCTAssertEqual(output.kind, .table)
    XCTAssertEqual(output.table, TableData(header: ["<b>"], rows: [["a & b"]]))
    XCTAssertEqual(output.content, "", "no markup made in the notebook process")
    XCTAssertEqual(output.caption, "c")
  }

  func testComparisonVerdicts() {
    XCTAssertEqual(
      Comparison(name: "x", reported: 0.03, reproduced: 0.033, relativeTolerance: 0.2, note: nil).verdict,
      .matches)
    XCTAssertEqual(
      Comparison(name: "x", reported: 0.03, reproduced: 0.05, relativeTolerance: 0.2, note: nil).verdict,
      .differs)
    XCTAssertEqual(
      Comparison(name: "x", reported: nil, reproduced: 0.05, relativeTolerance: 0.2, note: nil).verdict,
      .noValue)
  }

  /// Several seeds: ours is their mean; the post's value inside the spread
  /// matches even beyond the tolerance, outside it only within tolerance.
  func testComparisonOverSeeds() {
    let inside = Comparison(
      name: "x", reported: 0.031, runs: [0.02, 0.032, 0.05], relativeTolerance: 0.05, note: nil)
    XCTAssertEqual(inside.reproduced, 0.034, accuracy: 1e-12)
    XCTAssertEqual(inside.spread, 0.02...0.05)
    XCTAssertEqual(inside.verdict, .matches, "0.031 lies within 0.02-0.05 though the mean is 10% off")
    let outside = Comparison(
      name: "x", reported: 0.06, runs: [0.02, 0.032, 0.05], relativeTolerance: 0.05, note: nil)
    XCTAssertEqual(outside.verdict, .differs)
    let near = Comparison(
      name: "x", reported: 0.035, runs: [0.033, 0.034], relativeTolerance: 0.05, note: nil)
    XCTAssertEqual(near.verdict, .matches, "outside the spread but within 5% of the mean 0.0335")
    let one = Comparison(name: "x", reported: 0.03, runs: [0.031], relativeTolerance: 0.05, note: nil)
    XCTAssertNil(one.spread, "one run has no spread")
    XCTAssertEqual(one.runs, [])
  }
}
