/// Gives each sample a new shape (the batch axis stays): `Reshape([28, 28, 1])`.
public final class Reshape: Layer {
  public var name: String?
  public let sampleShape: [Int]

  public init(_ sampleShape: [Int]) {
    self.sampleShape = sampleShape
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.rank >= 1, x.sampleCount == sampleShape.reduce(1, *) else {
      throw ShapeError(
        layer: description, expected: "[N, …] with \(sampleShape.reduce(1, *)) values per sample",
        actual: x.shape)
    }
    return x.reshaped([x.batchSize] + sampleShape)
  }

  public var description: String { "Reshape(\(sampleShape))" }
}

/// Flattens each sample to one axis: `[N, 28, 28, 1]` becomes `[N, 784]`.
public final class Flatten: Layer {
  public var name: String?

  public init() {}

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.rank >= 1 else {
      throw ShapeError(layer: description, expected: "[N, …]", actual: x.shape)
    }
    return x.reshaped([x.batchSize, x.sampleCount])
  }

  public var description: String { "Flatten()" }
}
