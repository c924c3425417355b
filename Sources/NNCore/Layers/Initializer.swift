/// How a parameter gets its first value.
public enum Initializer: Equatable, Sendable, CustomStringConvertible, Codable {
  /// All zeros (Keras's bias default).
  case zeros
  /// Every element `value` (post 003's biases are 0.1).
  case constant(Float)
  /// N(0, std²) (TF1's `random_normal`).
  case normal(std: Float)
  /// N(0, std²) redrawn beyond 2 std (TF1's `truncated_normal`).
  case truncatedNormal(std: Float)
  /// Uniform on a range (post 001 uses -1...1).
  case uniform(ClosedRange<Float>)
  /// Glorot/Xavier uniform: ±sqrt(6 / (fanIn + fanOut)), Keras's default.
  case glorotUniform

  /// A fresh tensor of `shape`; fans count the connections of one unit.
  func make(_ shape: [Int], fanIn: Int, fanOut: Int) -> Tensor {
    switch self {
    case .zeros: Tensor(zeros: shape)
    case .constant(let value): Tensor(repeating: value, shape: shape)
    case .normal(let std): .randomNormal(shape: shape, std: std)
    case .truncatedNormal(let std): .randomTruncatedNormal(shape: shape, std: std)
    case .uniform(let range): .randomUniform(shape: shape, in: range)
    case .glorotUniform:
      .randomUniform(shape: shape, in: Initializer.glorotLimit(fanIn, fanOut))
    }
  }

  private static func glorotLimit(_ fanIn: Int, _ fanOut: Int) -> ClosedRange<Float> {
    let limit = (6 / Float(fanIn + fanOut)).squareRoot()
    return -limit...limit
  }

  public var description: String {
    switch self {
    case .zeros: "zeros"
    case .constant(let value): "constant(\(value))"
    case .normal(let std): "normal(std: \(std))"
    case .truncatedNormal(let std): "truncatedNormal(std: \(std))"
    case .uniform(let range): "uniform(\(range))"
    case .glorotUniform: "glorotUniform"
    }
  }
}
