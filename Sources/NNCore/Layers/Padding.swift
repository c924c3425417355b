/// How a convolution or pooling window treats the border.
public enum Padding: Sendable, CustomStringConvertible, Codable {
  /// TensorFlow's SAME: output = ceil(input / stride), padding split evenly
  /// with the odd pixel at the bottom/right.
  case same
  /// No padding: output = ceil((input - window + 1) / stride).
  case valid

  public var description: String { self == .same ? "same" : "valid" }

  /// Output length and leading padding for one spatial axis.
  func resolve(input: Int, window: Int, stride: Int) -> (output: Int, padBefore: Int) {
    switch self {
    case .same:
      let output = (input + stride - 1) / stride
      let total = max((output - 1) * stride + window - input, 0)
      return (output, total / 2)
    case .valid:
      return (max((input - window + stride) / stride, 0), 0)
    }
  }
}
