import XCTest

@testable import NNCore

/// Parameters and sub-layers are the stored properties of those types,
/// found by reflection in declaration order; names starting with `_` are
/// not parameters (MLX's rule).
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

  /// Properties are read again on every call, by their declared types'
  /// layout learnt on the first: a `var` set later is seen, and so is a
  /// layer in a property of any type that can hold one.
  func testMembersAreReadAnewAndFoundWhereverTheirTypeAllowsOne() {
    let model = Rewired()
    XCTAssertEqual(model.children.map(\.name), ["first", "maybe", "base"])
    XCTAssertEqual(model.parameters.map(\.path), ["gain", "first.weight", "maybe.weight", "maybe.bias"])

    let replacement = Dense(1 => 1)
    model.first = replacement
    model.gain = nil
    model.maybe = nil
    model.anything = Dense(1 => 3)
    model.numbers = [4, 5]
    XCTAssertTrue(model.layer(at: "first") === replacement)
    XCTAssertEqual(model.children.map(\.name), ["first", "anything", "base"])
    XCTAssertEqual(
      model.parameters.map(\.path), ["first.weight", "first.bias", "anything.weight", "anything.bias"])
    XCTAssertEqual(model.parameterCount, 2 + 3 + 3)
  }

  /// A generic layer's properties are found through whatever it is made of.
  func testAGenericLayerFindsItsMembers() {
    let model = Wrapper(Dense(2 => 1))
    XCTAssertEqual(model.parameters.map(\.path), ["scale", "wrapped.weight", "wrapped.bias"])
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

/// Every way a property can hold a layer, or stop holding one.
private final class Rewired: Layer {
  var gain: Parameter? = Parameter(Tensor([1]))
  var first: any Layer = Conv2D(1 => 1, kernel: 1, bias: false)
  var maybe: (any Layer)? = Conv2D(1 => 2, kernel: 1)
  var anything: Any = [1, 2, 3]
  var numbers = [1, 2]
  /// Declared as a class that is no layer; holds one that is.
  var base: Plain = PlainLayer()

  func callAsFunction(_ x: Tensor) throws -> Tensor { x }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

private class Plain {}
private final class PlainLayer: Plain, Layer {
  func callAsFunction(_ x: Tensor) throws -> Tensor { x }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

private final class Wrapper<Wrapped: Layer>: Layer {
  let wrapped: Wrapped
  let scale = Parameter(Tensor([2]))
  init(_ wrapped: Wrapped) { self.wrapped = wrapped }

  func callAsFunction(_ x: Tensor) throws -> Tensor { try wrapped(x) * scale.tensor }
  func outputShape(for inputShape: [Int]) throws -> [Int] { try wrapped.outputShape(for: inputShape) }
}
