import NNCore
import XCTest

@testable import Datasets

/// `BatchStream` serves batches as TensorFlow 0.12's `next_batch` does.
final class BatchStreamTests: XCTestCase {
  func testFileOrderFirstThenAFreshOrderWithoutTheRemainder() {
    Random.seed(3)
    let images = Tensor(shape: [5, 1], scalars: [0, 1, 2, 3, 4])
    let stream = BatchStream(images, size: 2)
    XCTAssertEqual(stream.next().scalars, [0, 1])
    XCTAssertEqual(stream.next().scalars, [2, 3])
    // Image 4 is left over: the next pass starts in a new order.
    let nextPass = (0..<2).flatMap { _ in stream.next().scalars }
    XCTAssertEqual(Set(nextPass).count, 4, "four different images: \(nextPass)")
    Random.seed(3)
    XCTAssertEqual(BatchStream(images, size: 2, served: 2).next().scalars, Array(nextPass[0..<2]))
  }
}
