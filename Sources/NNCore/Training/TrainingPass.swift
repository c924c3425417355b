extension Layer {
  /// The loop the posts write by hand, once over `batches`: for each batch
  /// the loss `loss(model, batch)` is differentiated and `optimizer` takes
  /// one step. Returns each batch's loss, taken in the forward pass before
  /// its update (the value TensorFlow's `sess.run([optimizer, cost])` returns).
  ///
  /// ```swift
  /// let losses = try model.trainingPass(over: images.batches(of: 128), optimizer: adam) { model, clean in
  ///   mse(try model(clean.addingNoise(0.5)), clean)
  /// }
  /// ```
  public func trainingPass<Batches: Sequence>(
    over batches: Batches, optimizer: some Optimizer,
    loss: (Self, Batches.Element) throws -> Tensor
  ) throws -> [Float] {
    var losses: [Float] = []
    for batch in batches {
      let (value, gradients) = try valueAndGrad(self) { try loss($0, batch) }
      optimizer.update(self, along: gradients)
      losses.append(value)
    }
    return losses
  }
}
