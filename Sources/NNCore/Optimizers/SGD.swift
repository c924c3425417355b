/// Plain gradient descent: `p -= learningRate * g`.
public final class SGD: Optimizer, Codable {
  public var learningRate: Float

  public init(learningRate: Float) {
    self.learningRate = learningRate
  }

  public func update(_ model: some Layer, along gradients: Gradients) {
    for (_, parameter) in model.parameters {
      guard let g = gradients[parameter] else { continue }
      parameter.value = parameter.value.detached - g * learningRate
    }
  }
}
