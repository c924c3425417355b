import XCTest

@testable import NNCore

final class ForwardValueTests: XCTestCase {
  func testSamePaddingPutsTheExtraRowAndColumnAtTheBottomRight() throws {
    // 4x4 input, 3x3 ones, stride 2: output 2x2, padding 0 before and 1 after.
    let conv = Conv2D(1 => 1, kernel: 3, stride: 2, initializer: .constant(1))
    let y = try conv(counting([1, 4, 4, 1]))
    XCTAssertEqual(y.shape, [1, 2, 2, 1])
    assertClose(y.scalars, [54, 45, 72, 54])
  }

  func testValidPaddingShrinks() throws {
    let conv = Conv2D(1 => 1, kernel: 3, padding: .valid, initializer: .constant(1))
    let y = try conv(counting([1, 4, 4, 1]))
    XCTAssertEqual(y.shape, [1, 2, 2, 1])
    assertClose(y.scalars, [54, 63, 90, 99])
  }

  func testPost000EncoderShapes28To14To7To4() throws {
    var x = Tensor(zeros: [2, 28, 28, 1])
    for (channels, size) in [(1 => 16, 14), (16 => 32, 7), (32 => 64, 4)] {
      x = try Conv2D(channels, kernel: 5, stride: 2)(x)
      XCTAssertEqual(x.shape, [2, size, size, channels.output])
    }
  }

  func testTransposedConvSpreadsEachPixelOverItsBlock() throws {
    let up = ConvTranspose2D(1 => 1, kernel: 2, stride: 2, initializer: .constant(1))
    let y = try up(counting([1, 2, 2, 1]))
    XCTAssertEqual(y.shape, [1, 4, 4, 1])
    assertClose(y.scalars, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
  }

  func testTransposedConvOutputSizes() throws {
    let cases: [(input: Int, output: Size2D?, expected: Int)] = [
      (4, [7, 7], 7), (7, nil, 14), (14, nil, 28), (7, [14, 14], 14), (4, nil, 8),
    ]
    for (input, output, expected) in cases {
      let layer = ConvTranspose2D(2 => 1, kernel: 5, stride: 2, outputSize: output)
      XCTAssertEqual(try layer(Tensor(zeros: [1, input, input, 2])).shape, [1, expected, expected, 1])
    }
    let impossible = ConvTranspose2D(2 => 1, kernel: 5, stride: 2, outputSize: [9, 9])
    XCTAssertThrowsError(try impossible(Tensor(zeros: [1, 4, 4, 2]))) {
      XCTAssertTrue("\($0)".contains("got [1, 4, 4, 2]"), "\($0)")
    }
  }

  func testMaxPoolSameWindowsAndTies() throws {
    let pool = MaxPool2D(size: 2)
    let y = try pool(counting([1, 3, 3, 1]))
    XCTAssertEqual(y.shape, [1, 2, 2, 1])
    assertClose(y.scalars, [5, 6, 8, 9])
    XCTAssertEqual(try pool(Tensor(zeros: [1, 7, 7, 2])).shape, [1, 4, 4, 2])

    let (_, ties) = try pool.pooledWithIndices(Tensor(repeating: 5, shape: [1, 2, 2, 1]))
    XCTAssertEqual(ties.indices, [0], "a tie goes to the first element")
  }

  func testUnpoolingPlacesValues() throws {
    let pool = MaxPool2D(size: 2)
    let (_, indices) = try pool.pooledWithIndices(Tensor(shape: [1, 2, 2, 1], scalars: [1, 3, 4, 2]))
    assertClose(try maxUnpool(Tensor(shape: [1, 1, 1, 1], scalars: [7]), indices).scalars, [0, 0, 7, 0])
    XCTAssertThrowsError(try maxUnpool(Tensor(zeros: [1, 2, 1, 1]), indices)) {
      XCTAssertEqual(
        "\($0)",
        "maxUnpool expects input of shape the pool's output shape [1, 1, 1, 1], got [1, 2, 1, 1] "
          + "(unpool with the indices of the pool that made this batch)")
    }
    let filled = try MaxUnpool2D(zeroFill: 2)(Tensor(shape: [1, 1, 2, 1], scalars: [1, 2]))
    XCTAssertEqual(filled.shape, [1, 2, 4, 1])
    assertClose(filled.scalars, [1, 0, 2, 0, 0, 0, 0, 0])
  }

  func testNearestUpsample4To7() throws {
    let y = try Upsample(size: [1, 7])(counting([1, 1, 4, 1]))
    assertClose(y.scalars, [1, 1, 2, 2, 3, 3, 4])
    XCTAssertEqual(try Upsample(size: [7, 7])(Tensor(zeros: [1, 4, 4, 8])).shape, [1, 7, 7, 8])
  }

  func testDropoutOnlyWhileTraining() throws {
    Random.seed(3)
    let dropout = Dropout(keep: 0.7)
    let x = Tensor(repeating: 1, shape: [100, 100])
    XCTAssertEqual(try dropout(x), x, "inference passes values through")
    let trained = try GradientRecording.$isActive.withValue(true) { try dropout(x) }
    let kept = trained.scalars.filter { $0 != 0 }
    XCTAssertEqual(Float(kept.count) / 10_000, 0.7, accuracy: 0.02)
    XCTAssertTrue(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-5 }, "kept values are scaled by 1/keep")
  }

  func testTensorBasics() {
    let x = counting([2, 3])
    XCTAssertEqual(x.sum().scalar, 21)
    assertClose(x.sum(alongAxis: 0).scalars, [5, 7, 9])
    assertClose(x.max(alongAxis: 1).scalars, [3, 6])
    XCTAssertEqual(x[1..<2].scalars, [4, 5, 6])
    XCTAssertEqual(x.reshaped([3, -1]).shape, [3, 2])
    XCTAssertEqual(x.matmul(counting([3, 1])).scalars, [14, 32])
    XCTAssertEqual(Tensor(pixels: [0, 255], shape: [2]).scalars, [0, 1])
    XCTAssertEqual(Tensor([0, 0.5, 2]).pixels(), [0, 128, 255])
    XCTAssertEqual("\(Tensor([1, 2]))", "Tensor([2]: [1, 2])")
  }

  /// A batch shares its dataset's storage but stays a value: every
  /// operation sees only its rows, and writing it leaves the dataset alone.
  func testBatchesAreValuesOverTheirRows() {
    let data = counting([4, 3])
    var batch = data[1..<3]
    XCTAssertEqual(batch.scalars, [4, 5, 6, 7, 8, 9])
    XCTAssertEqual(batch[1..<2].scalars, [7, 8, 9])
    XCTAssertEqual(batch.sum().scalar, 39)
    XCTAssertEqual(batch.matmul(counting([3, 1])).scalars, [32, 50])
    XCTAssertEqual((batch * 2).scalars, [8, 10, 12, 14, 16, 18])
    XCTAssertEqual(batch, Tensor(shape: [2, 3], scalars: [4, 5, 6, 7, 8, 9]))
    batch.withUnsafeMutableBufferPointer { $0[0] = -1 }
    XCTAssertEqual(batch.scalars.first, -1)
    XCTAssertEqual(data.scalars, counting([4, 3]).scalars)
  }

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

  /// Max pooling with 19 channels (two SIMD lanes' worth and a ragged tail)
  /// and many ties against a direct scan: same maxima, and each index is
  /// the first maximum in scan order.
  func testMaxPoolOverManyChannelsMatchesADirectScan() throws {
    Random.seed(9)
    let (n, h, w, c) = (3, 7, 7, 19)
    let x = Tensor.randomUniform(shape: [n, h, w, c], in: 0...3).map { $0.rounded(.down) }
    let pool = MaxPool2D(size: 2, padding: .same)
    let (pooled, indices) = try pool.pooledWithIndices(x)
    let y = pooled.scalars
    let values = x.scalars
    var o = 0
    for b in 0..<n {
      for oh in 0..<4 {
        for ow in 0..<4 {
          for ch in 0..<c {
            var (best, index) = (-Float.infinity, -1)
            for ih in (oh * 2)..<min(oh * 2 + 2, h) {
              for iw in (ow * 2)..<min(ow * 2 + 2, w) {
                let i = ((b * h + ih) * w + iw) * c + ch
                if index < 0 || values[i] > best { (best, index) = (values[i], i) }
              }
            }
            XCTAssertEqual(y[o], best)
            XCTAssertEqual(indices.indices[o], Int32(index), "output \(o)")
            o += 1
          }
        }
      }
    }
  }

  /// Fixed resizes map every sample alike and keep samples apart: each
  /// output pixel holds its own sample's value, for a batch of three.
  func testResizesKeepEverySampleApart() throws {
    let x = counting([3, 2, 3, 2])  // values 1...36, sample b holds 12b+1...12b+12
    func input(_ b: Int, _ i: Int, _ j: Int, _ c: Int) -> Float { x.scalars[((b * 2 + i) * 3 + j) * 2 + c] }
    let up = try Upsample(size: [4, 5])(x)
    let unpooled = try MaxUnpool2D(zeroFill: 2)(x)
    XCTAssertEqual(up.shape, [3, 4, 5, 2])
    XCTAssertEqual(unpooled.shape, [3, 4, 6, 2])
    for b in 0..<3 {
      for c in 0..<2 {
        for i in 0..<4 {
          for j in 0..<5 {
            XCTAssertEqual(up.scalars[((b * 4 + i) * 5 + j) * 2 + c], input(b, i * 2 / 4, j * 3 / 5, c))
          }
          for j in 0..<6 {
            let corner = i % 2 == 0 && j % 2 == 0
            XCTAssertEqual(
              unpooled.scalars[((b * 4 + i) * 6 + j) * 2 + c], corner ? input(b, i / 2, j / 2, c) : 0)
          }
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
