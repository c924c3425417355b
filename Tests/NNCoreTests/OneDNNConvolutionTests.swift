import XCTest

@testable import NNCore

/// oneDNN's three convolution passes against double-precision loops, on
/// the kinds of shape the posts' models make: one channel in, 32 out, SAME
/// and VALID, strides that leave a pixel over, odd, even and non-square
/// kernels, and the 4 -> 7 of post 000's transposed convolution.
final class OneDNNConvolutionTests: XCTestCase {
  private struct Case {
    var geometry: ConvGeometry
    var features: Int
  }

  private let cases: [Case] = [
    // post004-denoise: 3x3 on 28x28, 1 => 32 and 32 => 32.
    Case(geometry: .init(batch: 3, 28, 28, 1, kernel: 3, stride: 1, padding: .same), features: 32),
    Case(geometry: .init(batch: 2, 14, 14, 32, kernel: 3, stride: 1, padding: .same), features: 32),
    // post000's encoder, and the 7x7 its transposed convolution maps back onto 4x4.
    Case(geometry: .init(batch: 2, 28, 28, 1, kernel: 5, stride: 2, padding: .same), features: 16),
    Case(geometry: .init(batch: 2, 7, 7, 6, kernel: 5, stride: 2, padding: .same), features: 5),
    // A VALID window that stops short of the edge; an even kernel; a 1-D one.
    Case(geometry: .init(batch: 2, 8, 7, 2, kernel: 3, stride: 2, padding: .valid), features: 3),
    Case(geometry: .init(batch: 1, 8, 8, 4, kernel: 2, stride: 2, padding: .same), features: 3),
    Case(geometry: .init(batch: 2, 1, 30, 1, kernel: [1, 25], stride: 1, padding: .same), features: 2),
    Case(geometry: .init(batch: 2, 9, 7, 5, kernel: [4, 3], stride: 1, padding: .valid), features: 3),
  ]

  private func random(_ count: Int) -> [Float] { Tensor.randomNormal(shape: [count]).scalars }

  func testOneDNNIsLoaded() throws {
    XCTAssertNil(OneDNN.unavailableReason)
    XCTAssertTrue(OneDNN.description.hasPrefix("oneDNN 2."), OneDNN.description)
  }

  func testEveryPassMatchesTheDoublePrecisionLoop() throws {
    Random.seed(11)
    for c in cases {
      let g = c.geometry
      let reference = ReferenceConvolution(geometry: g, features: c.features)
      let imageShape = [g.batch, g.inputHeight, g.inputWidth, g.channels]
      let rowsShape = [g.batch, g.outputHeight, g.outputWidth, c.features]
      let weightShape = [g.kernel.height, g.kernel.width, g.channels, c.features]
      let image = Tensor(shape: imageShape, scalars: random(imageShape.reduce(1, *)))
      let rows = Tensor(shape: rowsShape, scalars: random(rowsShape.reduce(1, *)))
      let weights = Tensor(shape: weightShape, scalars: random(weightShape.reduce(1, *)))
      let (features, channels) = (Tensor(random(c.features)), Tensor(random(g.channels)))
      let name = "\(g) => \(c.features)"

      let gathered = try XCTUnwrap(g.gatherThroughOneDNN(image, weights, shape: rowsShape), name)
      assertMatches(gathered, reference.gather(image.scalars, weights.scalars), "gather \(name)")
      let biased = try XCTUnwrap(g.gatherThroughOneDNN(image, weights, plus: features, shape: rowsShape))
      assertMatches(
        biased, reference.gather(image.scalars, weights.scalars, bias: features.scalars), "gather+bias")
      let scattered = try XCTUnwrap(g.scatterThroughOneDNN(rows, weights, shape: imageShape), name)
      assertMatches(scattered, reference.scatter(rows.scalars, weights.scalars), "scatter \(name)")
      let lifted = try XCTUnwrap(g.scatterThroughOneDNN(rows, weights, plus: channels, shape: imageShape))
      assertMatches(
        lifted, reference.scatter(rows.scalars, weights.scalars, bias: channels.scalars), "scatter+bias")
      let correlated = try XCTUnwrap(g.correlateThroughOneDNN(image, rows, shape: weightShape), name)
      assertMatches(correlated, reference.correlate(image.scalars, rows.scalars), "correlate \(name)")
    }
  }

  /// A relu applied in the product's pass (oneDNN's post-op, im2col's per
  /// chunk, the one-feature kernel's per share) gives the bits the product
  /// rectified afterwards gives, with and without a bias.
  func testARectifiedGatherIsTheGatherRectifiedAfterwardsBitForBit() throws {
    Random.seed(13)
    for c in cases + [Case(geometry: cases[0].geometry, features: 1)] {
      let g = c.geometry
      let image = Tensor.randomNormal(shape: [g.batch, g.inputHeight, g.inputWidth, g.channels])
      let weights = Tensor.randomNormal(shape: [g.kernel.height, g.kernel.width, g.channels, c.features])
      let shape = [g.batch, g.outputHeight, g.outputWidth, c.features]
      for bias in [nil, Tensor.randomNormal(shape: [c.features])] {
        let name = "\(g) => \(c.features)\(bias == nil ? "" : " + bias")"
        let oneDNN = try XCTUnwrap(g.gatherThroughOneDNN(image, weights, plus: bias, shape: shape))
        let patches = g.gatherThroughPatches(image, weights, plus: bias, shape: shape)
        let fusedOneDNN = try XCTUnwrap(
          g.gatherThroughOneDNN(image, weights, plus: bias, rectified: true, shape: shape))
        let fusedPatches = g.gatherThroughPatches(image, weights, plus: bias, rectified: true, shape: shape)
        for (fused, afterwards, library) in [
          (fusedOneDNN, oneDNN, "oneDNN"), (fusedPatches, patches, "im2col"),
        ] {
          let expected = afterwards.applying(.relu).scalars
          let differing = zip(fused.scalars, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
          XCTAssertEqual(
            differing, 0, "\(library) \(name): \(differing) of \(expected.count) elements differ")
        }
        XCTAssertTrue(fusedOneDNN.scalars.contains(0) && fusedOneDNN.scalars.contains { $0 > 0 }, name)
      }
    }
  }

  /// oneDNN picked one of its compiled kernels, not its reference loops
  /// (`ref:any`, many times slower), for the shapes the models run.
  func testKernelsAreCompiledNotReference() throws {
    for c in cases.prefix(3) {
      for pass in [OneDNN.Pass.gather, .scatter, .correlate] {
        let primitive = try OneDNN.primitive(pass, c.geometry, features: c.features).get()
        XCTAssertFalse(
          primitive.implementation.hasPrefix("ref"), "\(pass) \(c.geometry): \(primitive.implementation)")
      }
      let rectified = try OneDNN.primitive(
        .gather, c.geometry, features: c.features, bias: true, rectified: true
      )
      .get()
      XCTAssertFalse(
        rectified.implementation.hasPrefix("ref"), "relu \(c.geometry): \(rectified.implementation)")
    }
  }

  /// The same inputs give the same bits, call after call: a resumed run
  /// must compute what the full run did.
  func testResultsRepeatBitForBit() throws {
    Random.seed(12)
    let g = cases[1].geometry
    let image = Tensor.randomNormal(shape: [g.batch, g.inputHeight, g.inputWidth, g.channels])
    let rows = Tensor.randomNormal(shape: [g.batch, g.outputHeight, g.outputWidth, 32])
    let first = try XCTUnwrap(g.correlateThroughOneDNN(image, rows, shape: [3, 3, 32, 32]))
    for _ in 0..<3 {
      XCTAssertEqual(g.correlateThroughOneDNN(image, rows, shape: [3, 3, 32, 32]), first)
    }
  }
}
