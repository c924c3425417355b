import XCTest

@testable import NNCore

final class BiasActivationTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  /// Every affine layer starts its product from the bias: the output with a
  /// bias of 0.5 is the output without it plus 0.5, on every element and
  /// through every product path (dense, patches, the stride-1 adjoint, and
  /// adding patches back).
  func testBiasReachesEveryOutput() throws {
    let layers: [(ChannelPair, Initializer) -> any Layer] = [
      { c, bias in
        Sequential {
          Flatten(); Dense(3 * 5 * c.input => 7, initializer: .constant(0.1), biasInitializer: bias)
        }
      },
      { Conv2D($0, kernel: 3, initializer: .constant(0.1), biasInitializer: $1) },
      { Conv2D($0, kernel: 3, stride: 2, initializer: .constant(0.1), biasInitializer: $1) },
      { ConvTranspose2D($0, kernel: 3, initializer: .constant(0.1), biasInitializer: $1) },
      { ConvTranspose2D($0, kernel: 3, stride: 2, initializer: .constant(0.1), biasInitializer: $1) },
    ]
    let x = counting([2, 3, 5, 4])
    for channels in [4 => 2, 4 => 6] {
      for make in layers {
        let (plain, biased) = (make(channels, .zeros), make(channels, .constant(0.5)))
        let (a, b) = (try plain(x), try biased(x))
        XCTAssertEqual(a.shape, b.shape)
        for (u, v) in zip(a.scalars, b.scalars) {
          XCTAssertEqual(v, u + 0.5, accuracy: 1e-4, "\(plain)")
        }
      }
    }
  }

  /// Products large enough to be split across the cores, by columns (few
  /// rows) and by rows (many): each core's block starts from its part of
  /// the bias.
  func testBiasSurvivesProductsSplitAcrossCores() throws {
    Random.seed(13)
    for (rows, inputs, outputs) in [(50, 300, 400), (600, 300, 100)] {
      let x = Tensor.randomNormal(shape: [rows, inputs])
      let plain = Dense(inputs => outputs, biasInitializer: .zeros)
      let biased = Dense(inputs => outputs, biasInitializer: .zeros)
      biased.weight.value = plain.weight.value
      biased.bias.value = Tensor((0..<outputs).map { Float($0) })
      let (a, b) = (try plain(x).scalars, try biased(x).scalars)
      for (i, (u, v)) in zip(a, b).enumerated() {
        XCTAssertEqual(v, u + Float(i % outputs), accuracy: 1e-3, "\(rows) rows, element \(i)")
      }
    }
  }
}
