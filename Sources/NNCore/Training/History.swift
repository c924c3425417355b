/// What `fit` measured, one entry per epoch.
public struct History: Sendable, Codable {
  /// Mean training loss of each epoch's batches.
  public var loss: [Float] = []
  /// Loss on the validation data after each epoch, when given.
  public var validationLoss: [Float] = []
  /// Seconds each epoch took.
  public var seconds: [Double] = []

  public var epochs: Int { loss.count }
}
