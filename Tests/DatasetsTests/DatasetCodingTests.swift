import Foundation
import NNCore
import XCTest

@testable import Datasets

/// The data sets notebooks keep at top level can be saved with their state.
final class DatasetCodingTests: XCTestCase {
  private func roundTrip<T: Codable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
  }

  private let images = LabeledImages(
    images: Tensor(shape: [3, 1, 2, 1], scalars: [0, 0.5, 1, 0.25, 0.75, 0.125]), labels: [7, 2, 1])

  func testImageDatasetRoundTrips() throws {
    let dataset = ImageDataset(train: images, test: images.prefix(1), source: "three digits")
    let restored = try roundTrip(dataset)
    XCTAssertEqual(restored.train.images, images.images)
    XCTAssertEqual(restored.train.labels, [7, 2, 1])
    XCTAssertEqual(restored.test.labels, [7])
    XCTAssertEqual(restored.test.images.scalars, [0, 0.5])
    XCTAssertEqual(restored.description, dataset.description)
  }

  func testSignalsRoundTrip() throws {
    Random.seed(1)
    let signals = Signals.cosine(count: 2, points: 5)
    let restored = try roundTrip(signals)
    XCTAssertEqual(restored.noisy, signals.noisy)
    XCTAssertEqual(restored.clean, signals.clean)
    XCTAssertEqual(restored.x, signals.x)
  }

  /// A stream restored partway serves the batches the original would have,
  /// across a reshuffled pass.
  func testARestoredBatchStreamContinuesWhereItWas() throws {
    Random.seed(6)
    let stream = BatchStream(Tensor(shape: [5, 1], scalars: [0, 1, 2, 3, 4]), size: 2)
    _ = stream.next()
    let restored = try roundTrip(stream)
    let generator = Random.generator
    let expected = (0..<4).map { _ in stream.next().scalars }
    Random.generator = generator
    XCTAssertEqual((0..<4).map { _ in restored.next().scalars }, expected)
  }
}
