import Foundation
import XCTest

@testable import NNCore

final class TensorCodingTests: XCTestCase {
  /// Without a saved state's coding, the elements are written inline.
  func testPlainJSONHoldsShapeAndScalars() throws {
    let tensor = Tensor(shape: [2, 2], scalars: [1, -2.5, 0, 3])
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let text = String(decoding: try encoder.encode(tensor), as: UTF8.self)
    XCTAssertEqual(text, #"{"scalars":[1,-2.5,0,3],"shape":[2,2]}"#)
    XCTAssertEqual(try JSONDecoder().decode(Tensor.self, from: Data(text.utf8)), tensor)
  }

  /// Under a saved state's coding, the text names a blob and the blob holds the elements.
  func testStateCodingPutsTheElementsInABlob() throws {
    let blobs = MemoryBlobStore()
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.userInfo[.stateCoding] = StateCoding(blobs: blobs)
    let batch = Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])[1..<3]
    let text = String(decoding: try encoder.encode(batch), as: UTF8.self)
    XCTAssertEqual(text, #"{"blob":"blob0","shape":[2,1]}"#)
    XCTAssertEqual(blobs.blobs["blob0"].map(Array.init), [2, 3], "only the batch's elements")
    let decoder = JSONDecoder()
    decoder.userInfo[.stateCoding] = StateCoding(blobs: blobs)
    let restored = try decoder.decode(Tensor.self, from: Data(text.utf8))
    XCTAssertEqual(restored, batch)
    XCTAssertEqual(restored.scalar(at: 0), 2, "a restored slice indexes from its own start")
  }

  func testEmptyAndScalarTensorsRoundTrip() throws {
    for tensor in [Tensor(zeros: [0, 3]), Tensor(scalar: 7)] {
      XCTAssertEqual(try stateRoundTrip(tensor), tensor)
    }
  }

  /// The recording of how a value was computed is not saved.
  func testARecordedTensorComesBackDetached() throws {
    let layer = Dense(2 => 1)
    var restored: Tensor?
    _ = try valueAndGrad(layer) { model in
      let output = try model(Tensor(shape: [1, 2], scalars: [1, 2]))
      XCTAssertTrue(output.isRecorded)
      restored = try stateRoundTrip(output)
      return output.sum()
    }
    XCTAssertEqual(restored?.isRecorded, false)
  }

  func testAShapeThatDoesNotFitItsScalarsIsRefused() {
    let text = #"{"scalars":[1,2,3],"shape":[2,2]}"#
    XCTAssertThrowsError(try JSONDecoder().decode(Tensor.self, from: Data(text.utf8))) { error in
      XCTAssertTrue("\(error)".contains("needs 4 scalars, got 3"), "\(error)")
    }
  }
}

extension Tensor {
  fileprivate func scalar(at index: Int) -> Float { withUnsafeBufferPointer { $0[index] } }
}
