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

  /// The backward sweep against a plain loop: the pre-activation gradient
  /// exactly (the same formula per element), and the bias gradient, summed
  /// in Float blocks carried into Double, within a few Float roundings of a
  /// Double sum. Feature counts with and without a tail of fewer than eight,
  /// row counts around a block (64 rows) and past a core's share.
  func testBackwardSweepMatchesAPlainLoop() {
    Random.seed(5)
    let derivatives: [(ActivationFunction, (Float, Float) -> Float)] = [
      (.identity, { g, _ in g }), (.relu, { g, y in y > 0 ? g : 0 }),
      (.sigmoid, { g, y in g * (y * (1 - y)) }), (.tanh, { g, y in g * (1 - y * y) }),
    ]
    for features in [1, 3, 8, 13, 32, 784] {
      for rows in [1, 63, 64, 65, 2_500] where rows * features <= 100_000 {
        let incoming = Tensor.randomNormal(shape: [rows, features])
        let (g, y) = (incoming.scalars, Tensor.randomNormal(shape: [rows, features]).scalars)
        for (activation, derivative) in derivatives {
          let output = activation == .sigmoid ? y.map { 1 / (1 + exp(-$0)) } : y
          let (pre, bias) = incoming.throughBiasAndActivation(
            output: Tensor(shape: [rows, features], scalars: output), activation, features: features)
          let expected = zip(g, output).map(derivative)
          XCTAssertEqual(pre.scalars, expected, "\(activation), \(rows)x\(features)")
          XCTAssertEqual(bias.shape, [features])
          for j in 0..<features {
            let column = stride(from: j, to: expected.count, by: features).map { Double(expected[$0]) }
            let scale = column.reduce(0) { $0 + abs($1) }
            XCTAssertEqual(
              Double(bias.scalars[j]), column.reduce(0, +), accuracy: 1e-6 * scale + 1e-7,
              "\(activation), \(rows)x\(features), feature \(j)")
          }
        }
      }
    }
  }

  /// By hand: two rows of three features through the rectifier. Where the
  /// output is 0 (or NaN) no gradient passes; the bias gradient is the
  /// column sum of what does.
  func testRectifierGradientByHand() {
    let incoming = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let output = Tensor(shape: [2, 3], scalars: [0.5, 0, .nan, 2, 1, 0])
    let (pre, bias) = incoming.throughBiasAndActivation(output: output, .relu, features: 3)
    XCTAssertEqual(pre.scalars, [1, 0, 0, 4, 5, 0])
    XCTAssertEqual(bias.scalars, [5, 5, 0])
  }
}
