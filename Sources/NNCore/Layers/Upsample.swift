/// Nearest-neighbour resize of NHWC images, as TensorFlow's
/// `resize_nearest_neighbor` (source pixel = floor(target * in / out)).
///
/// `Upsample(size: [7, 7])` grows 4x4 to 7x7; `Upsample(factor: 2)` doubles.
public final class Upsample: Layer {
  public enum Target {
    case size(Size2D)
    case factor(Size2D)
  }

  public var name: String?
  public let target: Target

  public init(size: Size2D) { target = .size(size) }
  public init(factor: Size2D) { target = .factor(factor) }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.rank == 4 else {
      throw ShapeError(layer: description, expected: "[N, height, width, channels]", actual: x.shape)
    }
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let out: Size2D
    switch target {
    case .size(let size): out = size
    case .factor(let f): out = Size2D(h * f.height, w * f.width)
    }
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
    let outputShape = [n, out.height, out.width, c]
    return x.gathered(from: .eachSample(sources), shape: outputShape).recorded(from: [x]) {
      [shape = x.shape] g in
      [g.scattered(to: .eachSample(sources), shape: shape)]
    }
  }

  public var description: String {
    switch target {
    case .size(let size): "Upsample(size: \(size))"
    case .factor(let factor): "Upsample(factor: \(factor))"
    }
  }
}
