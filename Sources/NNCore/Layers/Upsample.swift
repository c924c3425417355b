/// Nearest-neighbour resize of NHWC images, as TensorFlow's
/// `resize_nearest_neighbor` (source pixel = floor(target * in / out)).
///
/// `Upsample(size: [7, 7])` grows 4x4 to 7x7; `Upsample(factor: 2)` doubles.
public final class Upsample: Layer, Codable {
  public enum Target: Codable {
    case size(Size2D)
    case factor(Size2D)
  }

  public let target: Target

  public init(size: Size2D) { target = .size(size) }
  public init(factor: Size2D) { target = .factor(factor) }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4 else {
      throw ShapeError(layer: constructor, expected: "[N, height, width, channels]", actual: inputShape)
    }
    let (h, w) = (inputShape[1], inputShape[2])
    switch target {
    case .size(let size): return [inputShape[0], size.height, size.width, inputShape[3]]
    case .factor(let f): return [inputShape[0], h * f.height, w * f.width, inputShape[3]]
    }
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    let outputShape = try outputShape(for: x.shape)
    let (h, w, c) = (x.shape[1], x.shape[2], x.shape[3])
    let out = Size2D(outputShape[1], outputShape[2])
    // One sample's map: target pixel -> source pixel.
    var sources = [Int32]()
    sources.reserveCapacity(out.height * out.width * c)
    for i in 0..<out.height {
      let si = min(i * h / out.height, h - 1)
      for j in 0..<out.width {
        let sj = min(j * w / out.width, w - 1)
        for ch in 0..<c { sources.append(Int32((si * w + sj) * c + ch)) }
      }
    }
    return x.gathered(from: .eachSample(sources), shape: outputShape).recorded(from: [x]) {
      [shape = x.shape] g in
      [g.scattered(to: .eachSample(sources), shape: shape)]
    }
  }

  public var isSampleWise: Bool { true }

  public var constructor: String {
    switch target {
    case .size(let size): "Upsample(size: \(size))"
    case .factor(let factor): "Upsample(factor: \(factor))"
    }
  }
}
