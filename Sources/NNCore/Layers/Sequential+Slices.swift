/// Inference a slice of the batch at a time. A layer reads its input from
/// memory and writes its output there; for a batch of 1,000 28x28x32 images
/// each is 100 MB, far beyond the caches, so the denoiser's memory-bound
/// passes (activations, pooling, upsampling, a one-feature convolution)
/// waited on memory for longer than its products computed. Run through the
/// whole chain a few samples at a time, each layer finds its input in cache
/// where the one before left it: the loop fusion XLA does by compiling
/// element-wise work into its kernels, done here across the batch.
///
/// Only outside training (a training step keeps every activation for its
/// backward pass anyway) and only for chains of layers that say they treat
/// each sample alone (`Layer.isSampleWise`).
extension Sequential {
  /// The sample ranges to run `input` in, or nil to run it whole. Throws
  /// the error the whole batch would (its shapes are checked first), so an
  /// error names the batch the caller gave, not a slice.
  func inferenceSlices(for input: Tensor) throws -> [Range<Int>]? {
    let batch = input.rank > 0 ? input.batchSize : 0
    guard batch > 1, !GradientRecording.isActive, !input.isRecorded, isSampleWise else { return nil }
    let largest = try largestActivation(for: input.shape) / batch
    let slices = (batch * largest + inferenceSliceElements - 1) / inferenceSliceElements
    guard slices > 1 else { return nil }
    // Sizes differ by at most one sample, so at most two slice shapes are
    // routed (`KernelChoices`), whatever the batch.
    let count = min(slices, batch)
    return (0..<count).map { (batch * $0 / count)..<(batch * ($0 + 1) / count) }
  }

  /// The most elements any layer inside reads or writes for a batch of
  /// `shape`: the input, or the output of a leaf.
  private func largestActivation(for shape: [Int]) throws -> Int {
    var largest = shape.reduce(1, *)
    var x = shape
    for (name, layer) in children {
      try nesting(name) {
        if let chain = layer as? Sequential { largest = max(largest, try chain.largestActivation(for: x)) }
        x = try layer.outputShape(for: x)
        largest = max(largest, x.reduce(1, *))
      }
    }
    return largest
  }
}

/// At most this many elements (8 MB) in any activation of a slice: a
/// layer's input and output fit in the third-level cache (32 MB on Zen 4)
/// together. Measured on the denoiser (`nbbench --models post004-denoise`,
/// three alternating rounds, Zen 4): 5,926-6,131 img/s whole, 6,424-7,325
/// in slices of this size, 6,191-6,711 at half of it and 4,054 at a
/// thirty-second, where each layer's fixed cost per call outweighs the
/// cache; other models neither gained nor lost beyond the machine's noise.
let inferenceSliceElements = 1 << 21
