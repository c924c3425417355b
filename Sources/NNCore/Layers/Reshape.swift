/// Gives each sample a new shape (the batch axis stays): `Reshape([28, 28, 1])`.
public final class Reshape: Layer, Codable {
  public let sampleShape: [Int]

  public init(_ sampleShape: [Int]) {
    self.sampleShape = sampleShape
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard !inputShape.isEmpty, inputShape.dropFirst().reduce(1, *) == sampleShape.reduce(1, *) else {
      throw ShapeError(
        layer: constructor, expected: "[N, …] with \(sampleShape.reduce(1, *)) values per sample",
        actual: inputShape)
    }
    return [inputShape[0]] + sampleShape
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    x.reshaped(try outputShape(for: x.shape))
  }

  public var isSampleWise: Bool { true }

  public var constructor: String { "Reshape(\(sampleShape))" }
}

/// Flattens each sample to one axis: `[N, 28, 28, 1]` becomes `[N, 784]`.
public final class Flatten: Layer, Codable {

  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard !inputShape.isEmpty else {
      throw ShapeError(layer: constructor, expected: "[N, …]", actual: inputShape)
    }
    return [inputShape[0], inputShape.dropFirst().reduce(1, *)]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    x.reshaped(try outputShape(for: x.shape))
  }

  public var isSampleWise: Bool { true }

  public var constructor: String { "Flatten()" }
}
