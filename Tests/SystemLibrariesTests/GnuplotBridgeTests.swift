import Foundation
import GnuplotBridge
import XCTest

final class GnuplotBridgeTests: XCTestCase {
  func testBridgeProducesAnSVGWithTheTitle() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let svg = folder.appendingPathComponent("plot.svg").path
    let log = folder.appendingPathComponent("gnuplot.log").path

    let session = try XCTUnwrap(nbgp_open(log))
    nbgp_command(session, "set terminal svg size 400,300")
    nbgp_command(session, "set output '\(svg)'")
    nbgp_command(session, "set title 'Bridge check'")
    nbgp_command(session, "plot '-' with lines title 'squares'")
    let xs: [Double] = [0, 1, 2, 3]
    let ys: [Double] = [0, 1, 4, 9]
    nbgp_send_xy(session, xs, ys, xs.count)
    nbgp_close(session)

    let errors = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    XCTAssertEqual(errors, "", "gnuplot complained")
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    XCTAssertTrue(text.contains("<svg"), "not an SVG")
    XCTAssertTrue(text.contains("Bridge check"), "title missing")
    XCTAssertTrue(text.contains("squares"), "legend missing")
  }
}
