import XCTest

@testable import NNCore

/// A printed model is the code that builds it, with parameter counts.
final class LayerDescriptionTests: XCTestCase {
  func testPrintedModelReadsLikeItsConstructor() {
    let model = Sequential {
      Sequential {
        Conv2D(1 => 16, kernel: 5, stride: 2, activation: .sigmoid); Dropout(keep: 0.7)
      }.named("encoder")
      Dense(4 => 2).named("head")
    }
    // 5 * 5 * 16 + 16 = 416 and 4 * 2 + 2 = 10.
    XCTAssertEqual(
      model.description,
      """
      Sequential {
        Sequential {
          Conv2D(1 => 16, kernel: 5, stride: 2, activation: .sigmoid)  // 416 parameters
          Dropout(keep: 0.7)
        }.named("encoder")
        Dense(4 => 2).named("head")  // 10 parameters
      }  // 426 parameters in total
      """)
  }

  func testALeafPrintsItsArgumentsThatAreNotDefaults() {
    XCTAssertEqual(
      "\(Dense(784 => 196, activation: .relu))", "Dense(784 => 196, activation: .relu)  // 153,860 parameters"
    )
    XCTAssertEqual(
      "\(Dense(784 => 256, activation: .sigmoid, initializer: .uniform(-1...1)))",
      "Dense(784 => 256, activation: .sigmoid, initializer: .uniform(-1.0...1.0))  // 200,960 parameters")
    XCTAssertEqual(
      Conv2D(
        1 => 2, kernel: [1, 25], padding: .valid, initializer: .truncatedNormal(std: 0.1),
        biasInitializer: .constant(0.1)
      ).constructor,
      "Conv2D(1 => 2, kernel: [1, 25], padding: .valid, initializer: .truncatedNormal(std: 0.1), "
        + "biasInitializer: .constant(0.1))")
    XCTAssertEqual(
      ConvTranspose2D(64 => 32, kernel: 5, stride: 2, outputSize: [7, 7], activation: .sigmoid, bias: false)
        .constructor,
      "ConvTranspose2D(64 => 32, kernel: 5, stride: 2, outputSize: 7, activation: .sigmoid, bias: false)")
    XCTAssertEqual("\(MaxPool2D(size: 2, stride: [1, 2]))", "MaxPool2D(size: 2, stride: [1, 2])")
    XCTAssertEqual("\(MaxUnpool2D(zeroFill: 2))", "MaxUnpool2D(zeroFill: 2)")
    XCTAssertEqual("\(Upsample(size: [7, 7]))", "Upsample(size: 7)")
    XCTAssertEqual("\(Reshape([28, 28, 1]))", "Reshape([28, 28, 1])")
    XCTAssertEqual("\(Activation(.tanh))", "Activation(.tanh)")
  }

  /// A container of its own making lists its children by property name.
  func testACustomContainerListsItsChildrenByName() {
    XCTAssertEqual(
      "\(TwoLayers())",
      """
      TwoLayers {
        first: Dense(2 => 3)  // 9 parameters
        second: Dense(3 => 1, activation: .sigmoid)  // 4 parameters
      }  // 13 parameters in total
      """)
  }
}

private final class TwoLayers: Layer {
  let first = Dense(2 => 3)
  let second = Dense(3 => 1, activation: .sigmoid)
  func callAsFunction(_ x: Tensor) throws -> Tensor { try second(first(x)) }
  func outputShape(for inputShape: [Int]) throws -> [Int] {
    try second.outputShape(for: first.outputShape(for: inputShape))
  }
}
