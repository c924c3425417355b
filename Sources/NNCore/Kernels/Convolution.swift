/// The three products every convolution layer is made of, computed as
/// im2col + GEMM (the other way is oneDNN's, `ConvolutionRoute` picks).
/// With `P = im2col(image)` (`[patchCount, patchSize]`) and a weight matrix
/// `W` (`[patchSize, features]`):
///
/// | product                      | Conv2D          | ConvTranspose2D |
/// |------------------------------|-----------------|-----------------|
/// | `gather`:    `P · W`         | forward         | input gradient  |
/// | `scatter`:   `col2im(Y · Wᵀ)`| input gradient  | forward         |
/// | `correlate`: `Pᵀ · Y`        | weight gradient | weight gradient |
///
/// Each runs a few samples at a time, so a chunk's patch matrix (about a
/// megabyte) stays in cache instead of being built for the whole batch
/// (90 MB for 200 images of 28x28x16 under a 3x3 kernel). Chunks are spread
/// over the cores; each core reuses one scratch buffer.
extension ConvGeometry {
  /// `P · W`, shaped `shape` (`[batch, outputHeight, outputWidth, features]`),
  /// plus `bias` (`[features]`) on every pixel if given, rectified (max(x, 0))
  /// chunk by chunk while in cache if asked; for one feature or one input
  /// channel without patches (`gatherSingleFeature`, `gatherSingleChannel`).
  func gatherThroughPatches(
    _ image: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, rectified: Bool = false, shape: [Int]
  ) -> Tensor {
    let features = weights.count / patchSize
    if features == 1 {
      return gatherSingleFeature(image, weights, plus: bias, rectified: rectified, shape: shape)
    }
    if channels == 1 {
      return gatherSingleChannel(image, weights, plus: bias, rectified: rectified, shape: shape)
    }
    let bias = bias?.scalars ?? []
    return Tensor(shape: shape, zeroed: false) { out in
      image.withUnsafeBufferPointer { image in
        weights.withUnsafeBufferPointer { weights in
          bias.withUnsafeBufferPointer { bias in
            _ = forEachChunk { samples, patches, _ in
              im2col(image.baseAddress!, samples: samples, into: patches)
              GEMM.multiply(
                patches, weights.baseAddress!,
                into: out.baseAddress! + samples.lowerBound * patchesPerSample * features,
                m: samples.count * patchesPerSample, n: features, k: patchSize,
                startingFrom: bias.isEmpty ? nil : bias.baseAddress, acrossCores: false)
              if rectified {
                let rows = patchesPerSample * features
                ActivationFunction.relu.apply(out, (samples.lowerBound * rows)..<(samples.upperBound * rows))
              }
            }
          }
        }
      }
    }
  }

  /// `col2im(Y · Wᵀ)`, an image shaped `shape` (`[batch, inputHeight, inputWidth, channels]`),
  /// plus `bias` (`[channels]`) on every pixel if given.
  ///
  /// With stride 1 this is itself a convolution of `Y` (see `adjoint`),
  /// which is cheaper whenever its patches are no wider than ours: copying
  /// patches beats adding them back pixel by pixel, and the product's
  /// output shrinks from a patch row to a pixel's channels.
  func scatterThroughPatchesOrAdjoint(
    _ rows: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, shape: [Int]
  ) -> Tensor {
    let features = weights.count / patchSize
    if features <= channels, let adjoint = adjoint(features: features) {
      return adjoint.gatherThroughPatches(rows, turned(weights, features: features), plus: bias, shape: shape)
    }
    return scatterThroughPatches(rows, weights, plus: bias, shape: shape)
  }

  /// `scatter` computed as written: `Y · Wᵀ` a chunk at a time, added back
  /// onto the image by `col2im`. Works for every stride.
  func scatterThroughPatches(_ rows: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, shape: [Int])
    -> Tensor
  {
    let features = weights.count / patchSize
    return Tensor(shape: shape, zeroed: bias == nil) { image in
      if let bias {  // col2im adds onto the image, so it may start from the bias
        bias.withUnsafeBufferPointer { bias in
          for pixel in 0..<(image.count / channels) {
            (image.baseAddress! + pixel * channels).update(from: bias.baseAddress!, count: channels)
          }
        }
      }
      rows.withUnsafeBufferPointer { rows in
        weights.withUnsafeBufferPointer { weights in
          _ = forEachChunk { samples, patches, _ in
            GEMM.multiply(
              rows.baseAddress! + samples.lowerBound * patchesPerSample * features, weights.baseAddress!,
              into: patches, m: samples.count * patchesPerSample, n: patchSize, k: features,
              transposeB: true, acrossCores: false)
            col2im(patches, samples: samples, into: image.baseAddress!)
          }
        }
      }
    }
  }

  /// `Pᵀ · Y`, shaped `shape` (`patchSize * features` elements). Each core
  /// sums its chunks into its own partial product; the partials are added
  /// at the end. For one feature without patches (`correlateSingleFeature`).
  func correlateThroughPatches(_ image: Tensor, _ rows: Tensor, shape: [Int]) -> Tensor {
    let features = rows.count / patchCount
    if features == 1 { return correlateSingleFeature(image, rows, shape: shape) }
    let size = patchSize * features
    return summedPerCore(size: size, shape: shape) { partials in
      image.withUnsafeBufferPointer { image in
        rows.withUnsafeBufferPointer { rows in
          forEachChunk { samples, patches, worker in
            im2col(image.baseAddress!, samples: samples, into: patches)
            GEMM.multiply(
              patches, rows.baseAddress! + samples.lowerBound * patchesPerSample * features,
              into: partials + worker * size, m: patchSize, n: features, k: samples.count * patchesPerSample,
              transposeA: true, accumulate: true, acrossCores: false)
          }
        }
      }
    }
  }

  /// A product of `size` elements summed per core: `body` adds each core's
  /// share into its own zeroed partial, at `partials + worker * size`, and
  /// returns how many cores ran; the partials are then added in order, so
  /// a machine always gives the same bits.
  func summedPerCore(size: Int, shape: [Int], _ body: (_ partials: UnsafeMutablePointer<Float>) -> Int)
    -> Tensor
  {
    let capacity = parallelChunkCount(batch) * size
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
    partials.initialize(repeating: 0, count: capacity)
    defer { partials.deallocate() }
    let workers = body(partials)
    return Tensor(shape: shape, zeroed: false) { out in
      out.baseAddress!.update(from: partials, count: size)
      for worker in 1..<workers {
        let partial = partials + worker * size
        for i in 0..<size { out[i] += partial[i] }
      }
    }
  }

  /// Samples per chunk: about a megabyte of patches, at least one sample.
  private var samplesPerChunk: Int { max(1, (1 << 18) / max(1, patchesPerSample * patchSize)) }

  /// Runs `body(samples, scratch, worker)` over the batch in chunks of
  /// `samplesPerChunk`, one share of the batch per core; returns the
  /// number of cores used.
  @discardableResult
  private func forEachChunk(
    _ body: (_ samples: Range<Int>, _ patches: UnsafeMutablePointer<Float>, _ worker: Int) -> Void
  ) -> Int {
    let chunk = samplesPerChunk
    return parallelChunks(batch) { worker, share in
      let patches = UnsafeMutablePointer<Float>.allocate(capacity: chunk * patchesPerSample * patchSize)
      defer { patches.deallocate() }
      for start in Swift.stride(from: share.lowerBound, to: share.upperBound, by: chunk) {
        body(start..<min(start + chunk, share.upperBound), patches, worker)
      }
    }
  }
}
