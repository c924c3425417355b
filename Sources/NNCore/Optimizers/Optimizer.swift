/// Changes a model's parameters along their gradients.
public protocol Optimizer: AnyObject {
  /// Applies one step to every parameter of `model` that has a gradient.
  func update(_ model: some Layer, along gradients: Gradients)
}
