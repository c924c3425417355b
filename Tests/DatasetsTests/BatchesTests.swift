import NNCore
import XCTest

@testable import Datasets

final class BatchesTests: XCTestCase {
  private let x = Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init))

  func testSameSeedSameBatchesDifferentSeedDifferentOrder() {
    Random.seed(1)
    let a = x.batches(of: 4, shuffled: true)
    Random.seed(1)
    let b = x.batches(of: 4, shuffled: true)
    Random.seed(2)
    let c = x.batches(of: 4, shuffled: true)
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, c)
    XCTAssertEqual(a.flatMap(\.scalars).sorted(), x.scalars, "every sample exactly once")
  }

  func testRemainderIsKeptUnlessDropped() {
    XCTAssertEqual(x.batches(of: 4).map(\.batchSize), [4, 4, 2])
    XCTAssertEqual(x.batches(of: 4, dropRemainder: true).map(\.batchSize), [4, 4])
    XCTAssertEqual(x.batches(of: 5).map(\.batchSize), [5, 5])
  }

  func testStratifiedSplitInterleavesLabels() {
    let labels = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    let (train, test) = MNIST.stratifiedSplit(labels, trainPerClass: 2)
    XCTAssertEqual(train, [0, 3, 6, 1, 4, 7])
    XCTAssertEqual(test, [2, 5, 8])
  }

  func testSignalsMatchPost000() {
    Random.seed(4)
    let signals = Signals.cosine(count: 1_000)
    XCTAssertEqual(signals.noisy.shape, [1_000, 1, 100, 1])
    XCTAssertEqual(signals.x.first!, 0.05, accuracy: 1e-6)
    XCTAssertEqual(signals.x.last!, 2, accuracy: 1e-6)
    XCTAssertEqual(signals.clean.scalars[99], 1, accuracy: 1e-5, "cos(4π) = 1")
    let noise = signals.noisy - signals.clean
    XCTAssertEqual(noise.squared().mean().scalar.squareRoot(), 0.1, accuracy: 0.003)
  }

  func testNoiseAndClipping() {
    Random.seed(9)
    let noisy = Tensor(repeating: 0.5, shape: [100, 100]).addingNoise(0.5).clipped(to: 0...1)
    XCTAssertEqual(noisy.min(), 0)
    XCTAssertEqual(noisy.max(), 1)
  }
}
