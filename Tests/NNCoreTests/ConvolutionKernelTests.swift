import XCTest

@testable import NNCore

/// The chunked, multi-core convolution products against a direct loop and
/// against each other: batches large enough that every core runs several
/// chunks, with overhanging SAME windows and a stride.
final class ConvolutionKernelTests: XCTestCase {
  /// 40x40x8 images under a 5x5 kernel: 1,600 x 200 patch values per
  /// sample, so each chunk holds one sample and each core several chunks.
  private let geometry = ConvGeometry(
    batch: 5, inputHeight: 40, inputWidth: 40, channels: 8, kernel: 5, stride: 1, padding: .same)
  private let features = 4

  private func dot(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.scalars, b.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }

  func testGatherIsTheDirectConvolution() {
    throughEveryConvolutionLibrary {
      let g = ConvGeometry(
        batch: 3, inputHeight: 7, inputWidth: 6, channels: 2, kernel: [3, 2], stride: 2, padding: .same)
      Random.seed(1)
      let image = Tensor.randomNormal(shape: [3, 7, 6, 2])
      let weights = Tensor.randomNormal(shape: [3, 2, 2, 5])
      let result = g.gather(image, weights, shape: [3, g.outputHeight, g.outputWidth, 5])
      XCTAssertEqual([g.outputHeight, g.outputWidth], [4, 3])
      for n in 0..<3 {
        for oh in 0..<4 {
          for ow in 0..<3 {
            for f in 0..<5 {
              var expected: Float = 0
              for i in 0..<3 {
                for j in 0..<2 {
                  let (ih, iw) = (oh * 2 - g.padTop + i, ow * 2 - g.padLeft + j)
                  guard ih >= 0, ih < 7, iw >= 0, iw < 6 else { continue }
                  for c in 0..<2 {
                    expected +=
                      image.scalars[((n * 7 + ih) * 6 + iw) * 2 + c]
                      * weights.scalars[((i * 2 + j) * 2 + c) * 5 + f]
                  }
                }
              }
              XCTAssertEqual(result.scalars[((n * 4 + oh) * 3 + ow) * 5 + f], expected, accuracy: 1e-5)
            }
          }
        }
      }
    }
  }

  /// `<P·W, Y> = <X, col2im(Y·Wᵀ)> = <W, Pᵀ·Y>`: the three products are
  /// adjoint to each other, which holds exactly only if every chunk and
  /// every core's partial sum is accounted for.
  func testScatterAndCorrelateAreTheAdjointsOfGather() {
    throughEveryConvolutionLibrary {
      Random.seed(2)
      let image = Tensor.randomNormal(shape: [5, 40, 40, 8])
      let weights = Tensor.randomNormal(shape: [5, 5, 8, features])
      let rows = Tensor.randomNormal(shape: [5, 40, 40, features])
      let forward = dot(geometry.gather(image, weights, shape: rows.shape), rows)
      let scattered = dot(image, geometry.scatter(rows, weights, shape: image.shape))
      let correlated = dot(weights, geometry.correlate(image, rows, shape: weights.shape))
      XCTAssertEqual(scattered, forward, accuracy: abs(forward) * 1e-5)
      XCTAssertEqual(correlated, forward, accuracy: abs(forward) * 1e-5)
    }
  }

  /// Stride 1: the input gradient as a convolution with the turned kernel
  /// equals adding patches back, element by element, for SAME and VALID,
  /// odd, even and non-square kernels, and more or fewer features than
  /// channels.
  func testStrideOneAdjointEqualsAddingPatchesBack() throws {
    let cases: [(Size2D, Padding, channels: Int, features: Int)] = [
      (3, .same, 8, 8), (5, .same, 16, 4), ([1, 5], .same, 3, 2), (2, .same, 4, 6),
      ([4, 3], .valid, 5, 3), (3, .valid, 1, 16),
    ]
    Random.seed(3)
    for (kernel, padding, channels, features) in cases {
      let g = ConvGeometry(
        batch: 3, inputHeight: 9, inputWidth: 7, channels: channels, kernel: kernel, stride: 1,
        padding: padding)
      let weights = Tensor.randomNormal(shape: [kernel.height, kernel.width, channels, features])
      let rows = Tensor.randomNormal(shape: [3, g.outputHeight, g.outputWidth, features])
      let shape = [3, 9, 7, channels]
      let adjoint = try XCTUnwrap(g.adjoint(features: features))
      let expected = g.scatterThroughPatches(rows, weights, shape: shape).scalars
      let turned = adjoint.gatherThroughPatches(rows, g.turned(weights, features: features), shape: shape)
        .scalars
      for (a, b) in zip(turned, expected) {
        XCTAssertEqual(a, b, accuracy: 1e-4, "kernel \(kernel) \(padding) \(channels) => \(features)")
      }
      XCTAssertEqual(
        g.scatterThroughPatchesOrAdjoint(rows, weights, shape: shape).scalars,
        features <= channels ? turned : expected)
    }
    let strided = ConvGeometry(
      batch: 1, inputHeight: 8, inputWidth: 8, channels: 2, kernel: 3, stride: 2, padding: .same)
    XCTAssertNil(strided.adjoint(features: 2))
  }
}
