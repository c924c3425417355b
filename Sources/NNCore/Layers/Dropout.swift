/// Zeroes each element with probability `1 - keep` and scales the rest by
/// `1 / keep`, during training (inside `valueAndGrad`) only; at inference it
/// passes values through. `keep` is TF1's `keep_prob`.
public final class Dropout: Layer, Codable {
  public let keep: Float

  public init(keep: Float) {
    precondition(keep > 0 && keep <= 1, "Dropout keep must be in (0, 1], got \(keep)")
    self.keep = keep
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard GradientRecording.isTraining, keep < 1 else { return x }
    let mask = Tensor.randomBernoulli(shape: x.shape, probability: keep) * (1 / keep)
    return x * mask
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  /// Its masks are drawn only in training, where batches are never sliced.
  public var isSampleWise: Bool { true }

  public var constructor: String { "Dropout(keep: \(keep))" }
}
