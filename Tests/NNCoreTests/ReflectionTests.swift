import XCTest

@testable import NNCore

/// Parameters and sub-layers are the stored properties of those types,
/// found by `Mirror` in declaration order; names starting with `_` are not
/// parameters (MLX's rule).
final class ReflectionTests: XCTestCase {
  func testStoredPropertiesBecomeParametersAndChildren() throws {
    let model = Gated()
    XCTAssertEqual(
      model.parameters.map(\.path), ["scale", "offset", "inner.weight", "inner.bias"])
    XCTAssertEqual(model.children.map(\.name), ["inner"])
    XCTAssertTrue(model.layer(at: "inner") === model.inner)
    XCTAssertTrue(model.parameter("scale") === model.scale)
    XCTAssertEqual(model.parameterCount, 2 + 2 + (2 * 2 + 2))
  }

  func testAnAbsentOptionalParameterIsNoParameter() {
    XCTAssertEqual(Conv2D(1 => 1, kernel: 1, bias: false).parameters.map(\.path), ["weight"])
    XCTAssertEqual(Conv2D(1 => 1, kernel: 1).parameters.map(\.path), ["weight", "bias"])
  }

  /// A subclass's members follow its superclass's.
  func testSubclassMembersFollowTheSuperclass() {
    XCTAssertEqual(
      MoreGated().parameters.map(\.path), ["scale", "offset", "extra", "inner.weight", "inner.bias"])
  }

  func testGradientsReachReflectedParameters() throws {
    let model = Gated()
    let x = Tensor.randomNormal(shape: [3, 2])
    let (_, gradients) = try valueAndGrad(model) { try $0(x).sum() }
    for (path, parameter) in model.parameters {
      XCTAssertNotNil(gradients[parameter], path)
    }
    SGD(learningRate: 0.1).update(model, along: gradients)
    XCTAssertEqual(model._cache.value.scalars, [5], "the _-prefixed tensor is not trained")
    XCTAssertNotEqual(model.scale.value.scalars, [1, 2])
  }
}

private class Gated: Layer {
  let scale = Parameter(Tensor([1, 2]))
  let offset: Parameter? = Parameter(Tensor([0, 1]))
  let inner = Dense(2 => 2)
  let _cache = Parameter(Tensor([5]))
  let label = "not a parameter"

  func callAsFunction(_ x: Tensor) throws -> Tensor {
    try inner(x) * scale.tensor + offset!.tensor + _cache.tensor
  }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

private final class MoreGated: Gated {
  let extra = Parameter(Tensor([3]))
}
