/// Post 003's unpooling: undoes a 2x (or `factor`) pooling by putting each
/// value in the top-left corner of a block of zeros, whatever the pool saw.
/// (Real max-unpooling, to where the maxima were, is `maxUnpool` with the
/// pool's `PoolingIndices`.)
///
/// `MaxUnpool2D(zeroFill: 2)` maps 7x7 to 14x14.
public final class MaxUnpool2D: Layer, Codable {
  public let factor: Size2D

  public init(zeroFill factor: Size2D = 2) {
    self.factor = factor
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4 else {
      throw ShapeError(layer: constructor, expected: "[N, height, width, channels]", actual: inputShape)
    }
    return [inputShape[0], inputShape[1] * factor.height, inputShape[2] * factor.width, inputShape[3]]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    let outputShape = try outputShape(for: x.shape)
    let (h, w, c) = (x.shape[1], x.shape[2], x.shape[3])
    let ow = outputShape[2]
    // One sample's map: input pixel -> top-left corner of its block.
    var indices = [Int32]()
    indices.reserveCapacity(h * w * c)
    for i in 0..<h {
      for j in 0..<w {
        let base = (i * factor.height * ow + j * factor.width) * c
        for ch in 0..<c { indices.append(Int32(base + ch)) }
      }
    }
    let map = IndexMap.eachSample(indices)
    return x.scattered(to: map, shape: outputShape).recorded(from: [x]) { [shape = x.shape] g in
      [g.gathered(from: map, shape: shape)]
    }
  }

  public var isSampleWise: Bool { true }

  public var constructor: String { "MaxUnpool2D(zeroFill: \(factor))" }
}
