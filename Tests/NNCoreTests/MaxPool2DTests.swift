import XCTest

@testable import NNCore

final class MaxPool2DTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testMaxPoolSameWindowsAndTies() throws {
    let pool = MaxPool2D(size: 2)
    let y = try pool(counting([1, 3, 3, 1]))
    XCTAssertEqual(y.shape, [1, 2, 2, 1])
    assertClose(y.scalars, [5, 6, 8, 9])
    XCTAssertEqual(try pool(Tensor(zeros: [1, 7, 7, 2])).shape, [1, 4, 4, 2])

    let (_, ties) = try pool.pooledWithIndices(Tensor(repeating: 5, shape: [1, 2, 2, 1]))
    XCTAssertEqual(ties.indices, [0], "a tie goes to the first element")
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

  /// Outside training the pool keeps no argmax; its maxima are the same
  /// bits, NaNs, signed zeros and ties included.
  func testInferenceWithoutTheArgmaxPoolsTheSameBits() throws {
    Random.seed(11)
    var values = Tensor.randomUniform(shape: [3, 7, 9, 19], in: -2...2).map { $0.rounded(.down) }.scalars
    for i in stride(from: 0, to: values.count, by: 37) { values[i] = .nan }
    for i in stride(from: 5, to: values.count, by: 11) { values[i] = -0.0 }
    let x = Tensor(shape: [3, 7, 9, 19], scalars: values)
    for pool in [MaxPool2D(size: 2), MaxPool2D(size: 3, stride: 2, padding: .valid)] {
      XCTAssertFalse(x.isRecorded)
      let inference = try pool(x).scalars
      let training = try pool.pooledWithIndices(x).output.scalars
      XCTAssertEqual(inference.map(\.bitPattern), training.map(\.bitPattern), pool.constructor)
      XCTAssertTrue(inference.contains { $0.isNaN } && inference.contains { $0 == 0 && $0.sign == .minus })
    }
  }

  func testMaxPoolSameOn7x7() throws {
    try assertGradientsMatchFiniteDifferences(MaxPool2D(size: 2), input: .randomNormal(shape: [2, 7, 7, 3]))
  }
}
