import XCTest

@testable import NNCore

/// Compares reverse-mode gradients with central finite differences, for the
/// input and every parameter of `layer`, on the loss `sum(layer(x) * r)`
/// with a fixed random `r` (so every output element matters differently).
func assertGradientsMatchFiniteDifferences(
  _ layer: some Layer, input: Tensor, epsilon: Float = 1e-2, tolerance: Float = 2e-2,
  file: StaticString = #filePath, line: UInt = #line
) throws {
  let weights = Tensor.randomNormal(shape: try layer(input).shape)
  let inputParameter = Parameter(input)
  func loss() throws -> Tensor { (try layer(inputParameter.tensor) * weights).sum() }

  let (_, analytic) = try GradientRecording.$isActive.withValue(true) {
    let output = try loss()
    return (output.scalar, backpropagate(from: output))
  }
  let checked = [("input", inputParameter)] + layer.parameters.map { ($0.path, $0.parameter) }
  for (name, parameter) in checked {
    let gradient = try XCTUnwrap(analytic[parameter], "no gradient for \(name)", file: file, line: line)
    XCTAssertEqual(gradient.shape, parameter.shape, "gradient shape of \(name)", file: file, line: line)
    // Sample up to 40 coordinates: enough to catch an index bug, fast enough to run always.
    let stride = max(parameter.count / 40, 1)
    for i in Swift.stride(from: 0, to: parameter.count, by: stride) {
      let original = parameter.value.scalars[i]
      parameter.value.withUnsafeMutableBufferPointer { $0[i] = original + epsilon }
      let plus = try loss().scalar
      parameter.value.withUnsafeMutableBufferPointer { $0[i] = original - epsilon }
      let minus = try loss().scalar
      parameter.value.withUnsafeMutableBufferPointer { $0[i] = original }
      let numeric = (plus - minus) / (2 * epsilon)
      let exact = gradient.scalars[i]
      XCTAssertEqual(
        exact, numeric, accuracy: tolerance * max(1, abs(numeric)),
        "d loss / d \(name)[\(i)]", file: file, line: line)
    }
  }
}

/// Element-wise closeness with a message naming the first mismatch.
func assertClose(
  _ actual: [Float], _ expected: [Float], accuracy: Float = 1e-5,
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(actual.count, expected.count, "element count", file: file, line: line)
  for (i, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > accuracy {
    XCTFail("element \(i): \(a) is not \(e)", file: file, line: line)
    return
  }
}

/// 1, 2, 3, ... shaped `shape`.
func counting(_ shape: [Int]) -> Tensor {
  Tensor(shape: shape, scalars: (1...shape.reduce(1, *)).map(Float.init))
}

/// Wraps a tensor function as a layer, so the gradient check can drive it.
final class Function: Layer {
  let body: (Tensor) -> Tensor
  init(_ body: @escaping (Tensor) -> Tensor) { self.body = body }
  func callAsFunction(_ x: Tensor) throws -> Tensor { body(x) }
  func outputShape(for inputShape: [Int]) throws -> [Int] { body(Tensor(zeros: inputShape)).shape }
}
