/// One recorded operation: the nodes it read and how to send a gradient back
/// to them. Nodes exist only while `valueAndGrad` runs, so inference pays
/// nothing for differentiability.
final class TapeNode {
  let inputs: [TapeNode?]
  /// Maps the gradient of this node's output to the gradients of its inputs
  /// (nil for an input that needs none).
  let backward: (Tensor) -> [Tensor?]
  /// Set on leaves: the parameter whose gradient this node collects.
  let parameter: Parameter?

  init(inputs: [TapeNode?], backward: @escaping (Tensor) -> [Tensor?]) {
    self.inputs = inputs
    self.backward = backward
    self.parameter = nil
  }

  init(leafFor parameter: Parameter) {
    self.inputs = []
    self.backward = { _ in [] }
    self.parameter = parameter
  }
}

extension Tensor {
  /// Whether gradients flow back from this value.
  public var isRecorded: Bool { node != nil }

  /// Returns `self` with a backward step attached when any of `inputs` is
  /// recorded; otherwise `self` unchanged. Every differentiable operation
  /// funnels through here.
  func recorded(from inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
    guard inputs.contains(where: { $0.node != nil }) else { return self }
    var result = self
    result.node = TapeNode(inputs: inputs.map(\.node), backward: backward)
    return result
  }
}
