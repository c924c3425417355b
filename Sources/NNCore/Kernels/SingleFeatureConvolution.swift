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

  /// `Pᵀ · Y` for one output feature (the weight gradient, `shape` of
  /// `patchSize` elements), the receptive fields read in place as above
  /// (`nb_conv_single_feature_gradient`). Each core adds its share of the
  /// samples into a partial of its own; the partials are added in order.
  func correlateSingleFeature(_ image: Tensor, _ rows: Tensor, shape: [Int]) -> Tensor {
    precondition(rows.count == patchCount, "one feature: \(rows.count) gradients for \(patchCount) pixels")
    return summedPerCore(size: patchSize, shape: shape) { partials in
      image.withUnsafeBufferPointer { image in
        rows.withUnsafeBufferPointer { rows in
          parallelChunks(batch) { worker, samples in
            nb_conv_single_feature_gradient(
              image.baseAddress!, rows.baseAddress!, partials + worker * patchSize, samples.lowerBound,
              samples.upperBound, inputHeight, inputWidth, channels, kernel.height, kernel.width,
              stride.height, stride.width, padTop, padLeft, outputHeight, outputWidth)
          }
        }
      }
    }
  }
}
