import NNCore

/// One post's model as its notebook builds and trains it: the architecture,
/// the loss, the optimiser's settings and the batch size. The notebooks'
/// cells, `nbbench` and the Python peers (`bench/*.py`, through
/// `nbbench --export-models`) all take it from here.
public struct ZooModel: Sendable {
  /// The benchmark's name for it, `post003-deconv`.
  public var name: String
  /// The notebook it comes from, relative to the package root.
  public var notebook: String
  /// The Swift expression in that notebook whose value is this model
  /// (`makeDeconvolution()`), for the test that holds the two together.
  public var notebookExpression: String
  public var batchSize: Int
  /// The shape of one input sample: `[28, 28, 1]` for images, `[784]` for
  /// flattened ones, `[1, 100, 1]` for post 000's signals.
  public var sampleShape: [Int]
  /// What the model reconstructs: its input is its target.
  public var data: ZooData
  public var loss: ZooLoss
  public var optimizer: AdamSettings
  /// A freshly initialised model (its weights drawn from the shared
  /// generator, so seed `Random` first for a repeatable one).
  public var build: @Sendable () -> Sequential
}

/// The kind of samples a model trains on.
public enum ZooData: String, Sendable, Codable {
  /// 28x28 grey images (the notebooks' MNIST, the benchmark's Fashion-MNIST).
  case images
  /// Post 000's noisy cosines, 100 points each (`Signals.cosine`).
  case signals
}

/// Adam's settings; `make()` gives a fresh optimiser with them.
public struct AdamSettings: Sendable, Codable, Equatable {
  public var learningRate: Float
  public var beta1: Float = 0.9
  public var beta2: Float = 0.999
  public var epsilon: Float = 1e-8

  public init(learningRate: Float, epsilon: Float = 1e-8) {
    self.learningRate = learningRate
    self.epsilon = epsilon
  }

  public func make() -> Adam {
    Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
  }
}

extension ZooModel {
  /// Multiply-adds of one sample's forward pass, of a freshly built model.
  public func multiplyAccumulates() throws -> Int {
    try build().multiplyAccumulates(sampleShape: sampleShape)
  }
}
