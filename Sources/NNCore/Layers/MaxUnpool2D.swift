/// Undoes a 2x (or `factor`) pooling by putting each value back in a block
/// of zeros.
///
/// - `MaxUnpool2D(indicesFrom: pool)`: real max-unpooling; each value goes to
///   where `pool` found its maximum, the output has `pool`'s input shape.
/// - `MaxUnpool2D(zeroFill: 2)`: post 003's version; each value goes to the
///   top-left corner of its block, whatever the pool saw.
public final class MaxUnpool2D: Layer {
  public enum Placement {
    case indicesOf(MaxPool2D)
    case topLeft(Size2D)
  }

  public var name: String?
  public let placement: Placement

  public init(indicesFrom pool: MaxPool2D) {
    placement = .indicesOf(pool)
  }

  public init(zeroFill factor: Size2D = 2) {
    placement = .topLeft(factor)
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.rank == 4 else {
      throw ShapeError(layer: description, expected: "[N, height, width, channels]", actual: x.shape)
    }
    let (indices, outputShape) = try targets(for: x.shape)
    return x.scattered(to: indices, shape: outputShape).recorded(from: [x]) { [shape = x.shape] g in
      [g.gathered(from: indices, shape: shape)]
    }
  }

  /// Where each input element goes, and the output shape.
  private func targets(for shape: [Int]) throws -> (IndexMap, [Int]) {
    switch placement {
    case .indicesOf(let pool):
      let pooledShape = pool.lastInputShape.isEmpty ? [] : outputShape(of: pool)
      guard shape == pooledShape else {
        throw ShapeError(
          layer: description,
          expected: pooledShape.isEmpty
            ? "a pool that has already run" : "the pool's last output shape \(pooledShape)",
          actual: shape, hint: "run the MaxPool2D it unpools first, on the same batch")
      }
      return (.batch(pool.lastIndices), pool.lastInputShape)
    case .topLeft(let factor):
      let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
      let (oh, ow) = (h * factor.height, w * factor.width)
      // One sample's map: input pixel -> top-left corner of its block.
      var indices = [Int32]()
      indices.reserveCapacity(h * w * c)
      for i in 0..<h {
        for j in 0..<w {
          let base = (i * factor.height * ow + j * factor.width) * c
          for ch in 0..<c { indices.append(Int32(base + ch)) }
        }
      }
      return (.eachSample(indices), [n, oh, ow, c])
    }
  }

  private func outputShape(of pool: MaxPool2D) -> [Int] {
    let s = pool.lastInputShape
    let rows = pool.padding.resolve(input: s[1], window: pool.size.height, stride: pool.stride.height)
    let cols = pool.padding.resolve(input: s[2], window: pool.size.width, stride: pool.stride.width)
    return [s[0], rows.output, cols.output, s[3]]
  }

  public var description: String {
    switch placement {
    case .indicesOf(let pool): "MaxUnpool2D(indicesFrom: \(pool.name ?? "MaxPool2D"))"
    case .topLeft(let factor): "MaxUnpool2D(zeroFill: \(factor))"
    }
  }
}
