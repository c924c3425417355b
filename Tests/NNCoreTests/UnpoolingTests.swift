import XCTest

@testable import NNCore

final class UnpoolingTests: XCTestCase {
  override func setUp() { Random.seed(7) }

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

  func testBothUnpoolKinds() throws {
    try assertGradientsMatchFiniteDifferences(PoolAndUnpool(), input: .randomNormal(shape: [1, 6, 6, 1]))
    try assertGradientsMatchFiniteDifferences(
      MaxUnpool2D(zeroFill: 2), input: .randomNormal(shape: [2, 4, 4, 2]))
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
