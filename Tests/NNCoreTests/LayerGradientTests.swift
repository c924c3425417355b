import XCTest

@testable import NNCore

final class LayerGradientTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  func testDense() throws {
    for activation in [ActivationFunction.identity, .relu, .sigmoid, .tanh] {
      try assertGradientsMatchFiniteDifferences(
        Dense(5 => 3, activation: activation), input: .randomNormal(shape: [4, 5]))
    }
  }

  func testConv2DStride2SameOnOddSize() throws {
    try assertGradientsMatchFiniteDifferences(
      Conv2D(2 => 3, kernel: 5, stride: 2, activation: .sigmoid), input: .randomNormal(shape: [2, 7, 7, 2]))
  }

  func testConv2DNonSquareKernelAndValidPadding() throws {
    try assertGradientsMatchFiniteDifferences(
      Conv2D(1 => 2, kernel: [1, 5], activation: .tanh), input: .randomNormal(shape: [2, 1, 12, 1]))
    try assertGradientsMatchFiniteDifferences(
      Conv2D(2 => 2, kernel: 3, stride: 2, padding: .valid), input: .randomNormal(shape: [1, 7, 6, 2]))
  }

  func testConvTranspose2DOnOddSizes() throws {
    // 4 -> 7 needs an explicit output size; 7 -> 14 is the stride's default.
    try assertGradientsMatchFiniteDifferences(
      ConvTranspose2D(3 => 2, kernel: 5, stride: 2, outputSize: [7, 7], activation: .sigmoid),
      input: .randomNormal(shape: [2, 4, 4, 3]))
    try assertGradientsMatchFiniteDifferences(
      ConvTranspose2D(2 => 1, kernel: 5, stride: 2), input: .randomNormal(shape: [1, 7, 7, 2]))
    try assertGradientsMatchFiniteDifferences(
      ConvTranspose2D(1 => 2, kernel: [1, 25], activation: .tanh), input: .randomNormal(shape: [1, 1, 30, 1]))
  }

  /// Post 003's decoders have no bias: no bias parameter to train or
  /// save, nothing added to the output, and the weight's gradient still right.
  func testConvolutionsWithoutBias() throws {
    let conv = Conv2D(2 => 3, kernel: 3, activation: .sigmoid, biasInitializer: .constant(0.5), bias: false)
    let deconv = ConvTranspose2D(3 => 2, kernel: 5, stride: 2, biasInitializer: .constant(0.5), bias: false)
    XCTAssertEqual(conv.parameters.map(\.path), ["weight"])
    XCTAssertEqual(deconv.parameters.map(\.path), ["weight"])
    XCTAssertEqual(deconv.constructor, "ConvTranspose2D(3 => 2, kernel: 5, stride: 2, bias: false)")
    // With a zero input a bias-free layer outputs exactly its activation of zero.
    XCTAssertEqual(try conv(Tensor(zeros: [1, 4, 4, 2])).scalars, Array(repeating: 0.5, count: 48))
    XCTAssertEqual(try deconv(Tensor(zeros: [1, 2, 2, 3])).scalars, Array(repeating: 0, count: 32))
    try assertGradientsMatchFiniteDifferences(conv, input: .randomNormal(shape: [2, 5, 5, 2]))
    try assertGradientsMatchFiniteDifferences(deconv, input: .randomNormal(shape: [1, 3, 3, 3]))
  }

  func testMaxPoolSameOn7x7() throws {
    try assertGradientsMatchFiniteDifferences(MaxPool2D(size: 2), input: .randomNormal(shape: [2, 7, 7, 3]))
  }

  func testBothUnpoolKinds() throws {
    try assertGradientsMatchFiniteDifferences(PoolAndUnpool(), input: .randomNormal(shape: [1, 6, 6, 1]))
    try assertGradientsMatchFiniteDifferences(
      MaxUnpool2D(zeroFill: 2), input: .randomNormal(shape: [2, 4, 4, 2]))
  }

  func testUpsample4To7AndByFactor() throws {
    try assertGradientsMatchFiniteDifferences(
      Upsample(size: [7, 7]), input: .randomNormal(shape: [2, 4, 4, 2]))
    try assertGradientsMatchFiniteDifferences(Upsample(factor: 2), input: .randomNormal(shape: [1, 3, 3, 1]))
  }

  func testNestedModel() throws {
    let model = Sequential {
      Sequential {
        Conv2D(1 => 2, kernel: 3, stride: 2, activation: .tanh); Flatten()
      }.named("encoder")
      Sequential {
        Dense(8 => 4, activation: .sigmoid); Reshape([2, 2, 1])
      }.named("decoder")
    }
    try assertGradientsMatchFiniteDifferences(model, input: .randomNormal(shape: [3, 4, 4, 1]))
  }

  func testActivationLayers() throws {
    for function in [ActivationFunction.relu, .sigmoid, .tanh] {
      try assertGradientsMatchFiniteDifferences(Activation(function), input: .randomNormal(shape: [3, 4]))
    }
  }
}

/// Pools, applies a 1 => 1 Dense to every pixel (so the unpooled values
/// carry a parameter gradient too) and unpools with the pool's indices: a
/// container whose activations do not flow as a chain.
private final class PoolAndUnpool: Layer {
  let pool = MaxPool2D(size: 2)
  let dense = Dense(1 => 1)

  func callAsFunction(_ x: Tensor) throws -> Tensor {
    let (pooled, indices) = try pool.pooledWithIndices(x)
    let mixed = try dense(pooled.reshaped([-1, 1])).reshaped(pooled.shape)
    return try maxUnpool(mixed, indices)
  }

  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}
