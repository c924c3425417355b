/// A trainable tensor owned by a layer (a weight or a bias).
///
/// Saved with a notebook's state by its value; the layers and optimizers
/// that hold one code it with `encodePolymorphic`, so that they share it
/// again when restored.
///
/// Layers read `parameter.tensor`: outside `valueAndGrad` that is the plain
/// value; inside, it is the value marked as a leaf so gradients reach it.
public final class Parameter: Codable {
  /// The current value, updated in place by optimizers and checkpoints.
  public var value: Tensor

  public init(_ value: Tensor) {
    self.value = value
  }

  /// The value as layers should read it in a forward pass.
  var tensor: Tensor {
    guard GradientRecording.isActive else { return value }
    var leaf = value
    leaf.node = TapeNode(leafFor: self)
    return leaf
  }

  public var shape: [Int] { value.shape }
  public var count: Int { value.count }
}
