import XCTest

@testable import NNCore

final class ModelSummaryTests: XCTestCase {
  /// Post 002's Keras model: 327,761 parameters.
  private func post002() -> Sequential {
    Sequential {
      Flatten()
      Dense(784 => 196, activation: .relu)
      Dense(196 => 49, activation: .relu)
      Dense(49 => 196, activation: .relu)
      Dense(196 => 784, activation: .sigmoid)
      Reshape([28, 28])
    }
  }

  func testSummaryMatchesKeras() throws {
    let summary = try post002().summary(input: [1, 28, 28])
    XCTAssertEqual(summary.totalParameters, 327_761)
    XCTAssertEqual(summary.rows.map(\.parameters), [0, 153_860, 9_653, 9_800, 154_448, 0])
    XCTAssertEqual(
      summary.rows.map(\.outputShape), [[1, 784], [1, 196], [1, 49], [1, 196], [1, 784], [1, 28, 28]])
    XCTAssertEqual(summary.rows[1].layer, "Dense(784 => 196, activation: .relu)")
    XCTAssertTrue(summary.description.contains("Total parameters: 327,761"), summary.description)
  }

  /// The table comes from the shapes layers state: a layer that cannot run
  /// is still tabulated.
  func testSummaryRunsNothing() throws {
    let summary = try Sequential {
      Dense(3 => 2); CannotRun()
    }.summary(input: [5, 3])
    XCTAssertEqual(summary.rows.map(\.outputShape), [[5, 2], [5, 2]])
  }
}

private final class CannotRun: Layer {
  func callAsFunction(_ x: Tensor) throws -> Tensor {
    XCTFail("summary ran the model")
    return x
  }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}
