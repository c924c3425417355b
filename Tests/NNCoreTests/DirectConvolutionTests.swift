import XCTest

@testable import NNCore

/// The convolutions our route computes without a patch matrix: one output
/// feature (forward and weight gradient, `SingleFeatureConvolution.swift`)
/// and one input channel (forward, and the stride-1 input gradient of one
/// feature, which is such a convolution, `SingleChannelConvolution.swift`).
/// Against double-precision loops on channel and feature counts around the
/// 16-lane vectors, widths around the 8-pixel blocks, strides, SAME and
/// VALID windows, and a 1x25 kernel.
final class DirectConvolutionTests: XCTestCase {
  private let geometries: [ConvGeometry] = [
    .init(batch: 3, 28, 28, 16, kernel: 3, stride: 1, padding: .same),
    .init(batch: 2, 9, 8, 5, kernel: 3, stride: 2, padding: .same),
    .init(batch: 2, 7, 17, 17, kernel: 5, stride: 2, padding: .valid),
    .init(batch: 2, 6, 9, 32, kernel: 3, stride: 1, padding: .same),
    .init(batch: 2, 8, 19, 33, kernel: 2, stride: 3, padding: .valid),
    .init(batch: 3, 1, 100, 1, kernel: [1, 25], stride: 1, padding: .same),
  ]

  private func random(_ shape: [Int]) -> Tensor { Tensor.randomNormal(shape: shape) }

  func testOneFeatureForwardAndWeightGradientMatchTheDoublePrecisionLoop() {
    Random.seed(3)
    for g in geometries {
      let reference = ReferenceConvolution(geometry: g, features: 1)
      let image = random([g.batch, g.inputHeight, g.inputWidth, g.channels])
      let weights = random([g.kernel.height, g.kernel.width, g.channels, 1])
      let rows = random([g.batch, g.outputHeight, g.outputWidth, 1])
      let bias = Tensor([0.25])
      assertMatches(
        g.gatherThroughPatches(image, weights, plus: bias, shape: rows.shape),
        reference.gather(image.scalars, weights.scalars, bias: [0.25]), "gather \(g)")
      assertMatches(
        g.correlateThroughPatches(image, rows, shape: weights.shape),
        reference.correlate(image.scalars, rows.scalars), "correlate \(g)")
      assertMatches(
        g.scatterThroughPatchesOrAdjoint(rows, weights, shape: image.shape),
        reference.scatter(rows.scalars, weights.scalars), "scatter \(g)")
    }
  }

  func testOneChannelForwardMatchesTheDoublePrecisionLoop() {
    Random.seed(5)
    for one in geometries {
      for features in [2, 16, 17, 32, 33] {
        var g = one
        g.channels = 1
        let reference = ReferenceConvolution(geometry: g, features: features)
        let image = random([g.batch, g.inputHeight, g.inputWidth, 1])
        let weights = random([g.kernel.height, g.kernel.width, 1, features])
        let bias = random([features])
        let shape = [g.batch, g.outputHeight, g.outputWidth, features]
        let name = "\(g) => \(features)"
        assertMatches(
          g.gatherThroughPatches(image, weights, shape: shape),
          reference.gather(image.scalars, weights.scalars),
          "gather \(name)")
        assertMatches(
          g.gatherThroughPatches(image, weights, plus: bias, shape: shape),
          reference.gather(image.scalars, weights.scalars, bias: bias.scalars), "gather+bias \(name)")
      }
    }
  }

  /// The relu applied in the one-channel kernel's pass gives the bits of
  /// the output rectified afterwards, as `max(x, 0)` does it.
  func testARectifiedOneChannelGatherIsTheGatherRectifiedAfterwards() {
    Random.seed(7)
    let g = ConvGeometry(batch: 3, 28, 28, 1, kernel: 3, stride: 1, padding: .same)
    let image = random([3, 28, 28, 1])
    let weights = random([3, 3, 1, 16])
    let shape = [3, 28, 28, 16]
    for bias in [nil, random([16])] {
      let fused = g.gatherThroughPatches(image, weights, plus: bias, rectified: true, shape: shape)
      let afterwards = g.gatherThroughPatches(image, weights, plus: bias, shape: shape).applying(.relu)
      let differing = zip(fused.scalars, afterwards.scalars).filter { $0.0.bitPattern != $0.1.bitPattern }
      XCTAssertEqual(differing.count, 0, "bias: \(bias != nil)")
      XCTAssertTrue(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 })
    }
  }

  /// Each sample's output is summed by one formula wherever it lies in the
  /// batch and whichever core's share it falls in: computed alone, it has
  /// the same bits (what inference in slices relies on).
  func testEverySampleIsComputedAsItIsAlone() {
    Random.seed(9)
    for (channels, features) in [(16, 1), (1, 16), (1, 32)] {
      let g = ConvGeometry(batch: 5, 28, 28, channels, kernel: 3, stride: 1, padding: .same)
      let image = random([5, 28, 28, channels])
      let weights = random([3, 3, channels, features])
      let whole = g.gatherThroughPatches(image, weights, shape: [5, 28, 28, features]).scalars
      var alone = g
      alone.batch = 1
      let perSample = 28 * 28 * features
      for n in 0..<5 {
        let sample = Tensor(
          shape: [1, 28, 28, channels],
          scalars: Array(image.scalars[(n * 28 * 28 * channels)..<((n + 1) * 28 * 28 * channels)]))
        let own = alone.gatherThroughPatches(sample, weights, shape: [1, 28, 28, features]).scalars
        XCTAssertEqual(
          own.map(\.bitPattern), whole[(n * perSample)..<((n + 1) * perSample)].map(\.bitPattern),
          "\(channels) => \(features), sample \(n)")
      }
    }
  }
}
