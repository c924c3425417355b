internal import VectorKernels

extension ConvGeometry {
  /// `P · W` for one output feature, without a patch matrix: the product
  /// would be a matrix-vector one, bound by writing and reading patches (for
  /// the tensorflow denoiser's last layer, 28x28x32 -> 28x28x1, 32 times the
  /// output), so each output pixel's receptive field is read in place
  /// (`nb_conv_single_feature`, AVX-512 where there is AVX-512). Samples are
  /// spread over the cores; each share rectified (max(x, 0)) if asked.
  func gatherSingleFeature(
    _ image: Tensor, _ weights: Tensor, plus bias: Tensor?, rectified: Bool = false, shape: [Int]
  ) -> Tensor {
    precondition(
      weights.count == patchSize, "one feature: \(weights.count) weights for patches of \(patchSize)")
    let offset = bias?.scalar ?? 0
    return Tensor(shape: shape, zeroed: false) { out in
      image.withUnsafeBufferPointer { image in
        weights.withUnsafeBufferPointer { weights in
          _ = parallelChunks(batch) { _, samples in
            nb_conv_single_feature(
              image.baseAddress!, weights.baseAddress!, offset, out.baseAddress!, samples.lowerBound,
              samples.upperBound, inputHeight, inputWidth, channels, kernel.height, kernel.width,
              stride.height,
              stride.width, padTop, padLeft, outputHeight, outputWidth)
            if rectified {
              let pixels = outputHeight * outputWidth
              ActivationFunction.relu.apply(
                out, (samples.lowerBound * pixels)..<(samples.upperBound * pixels))
            }
          }
        }
      }
    }
  }
}
