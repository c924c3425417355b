/// Whether a forward pass is being recorded for differentiation. Dropout is
/// active exactly then, as in Flux: training is whatever happens inside
/// `valueAndGrad`.
public enum GradientRecording {
  @TaskLocal static var isActive = false

  /// True inside `valueAndGrad`, i.e. during a training step.
  public static var isTraining: Bool { isActive }
}

/// The gradient of a scalar loss for each parameter that contributed to it.
public struct Gradients {
  var byParameter: [ObjectIdentifier: Tensor] = [:]

  /// The gradient of `parameter`, or nil if the loss does not depend on it.
  public subscript(parameter: Parameter) -> Tensor? {
    byParameter[ObjectIdentifier(parameter)]
  }

  /// How many parameters received a gradient.
  public var count: Int { byParameter.count }
}

/// Evaluates `loss` on `model` and returns its value with the gradient of
/// every parameter of `model` it touched.
///
/// ```swift
/// let (loss, grads) = try valueAndGrad(model) { try mse($0(noisy), clean) }
/// optimizer.update(model, along: grads)
/// ```
public func valueAndGrad<Model: Layer>(
  _ model: Model, _ loss: (Model) throws -> Tensor
) rethrows -> (value: Float, gradients: Gradients) {
  let output = try GradientRecording.$isActive.withValue(true) { try loss(model) }
  precondition(output.count == 1, "valueAndGrad needs a scalar loss, got shape \(output.shape)")
  return (output.scalar, backpropagate(from: output))
}

/// Sends a gradient of one back from `output` to every leaf parameter.
func backpropagate(from output: Tensor) -> Gradients {
  var gradients = Gradients()
  guard let root = output.node else { return gradients }

  // Reverse topological order: a node's gradient is complete before it is used.
  var order: [TapeNode] = []
  var visited = Set<ObjectIdentifier>()
  var stack: [(TapeNode, Bool)] = [(root, false)]
  while let (node, expanded) = stack.popLast() {
    if expanded {
      order.append(node)
      continue
    }
    guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
    stack.append((node, true))
    for case let input? in node.inputs { stack.append((input, false)) }
  }

  var pending: [ObjectIdentifier: Tensor] = [
    ObjectIdentifier(root): Tensor(repeating: 1, shape: output.shape)
  ]
  for node in order.reversed() {
    guard let grad = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
    if let parameter = node.parameter {
      let key = ObjectIdentifier(parameter)
      gradients.byParameter[key] = gradients.byParameter[key].map { $0 + grad } ?? grad
      continue
    }
    for (input, inputGrad) in zip(node.inputs, node.backward(grad)) {
      guard let input, let inputGrad else { continue }
      let key = ObjectIdentifier(input)
      pending[key] = pending[key].map { $0 + inputGrad } ?? inputGrad
    }
  }
  return gradients
}
