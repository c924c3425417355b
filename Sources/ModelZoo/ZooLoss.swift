import NNCore

/// The losses the posts train on, by name, so that the Python peers can be
/// told which one (`nbbench --export-models`).
public enum ZooLoss: String, Sendable, Codable {
  /// The sum of squared errors over the batch (post 000).
  case sse
  /// The mean squared error.
  case mse
  /// The mean sigmoid cross-entropy of logits against the pixels (post 004).
  case sigmoidCrossEntropy = "sigmoid_cross_entropy"

  public func callAsFunction(_ output: Tensor, _ target: Tensor) -> Tensor {
    switch self {
    case .sse: NNCore.sse(output, target)
    case .mse: NNCore.mse(output, target)
    case .sigmoidCrossEntropy: NNCore.sigmoidCrossEntropy(logits: output, labels: target)
    }
  }
}
