internal import VectorKernels

extension ConvGeometry {
  /// `P · W` for a one-channel image (a grayscale input's first layer),
  /// without a patch matrix: its rows would hold one value per tap (9 for
  /// 3x3), too short for a product to run well (the tensorflow models'
  /// 28x28x1 -> 28x28x16 layer: im2col + GEMM 2.8 ms, oneDNN 1.7 ms at
  /// batch 200 on Zen 4). `nb_conv_single_channel` holds 16 features of 8
  /// pixels in registers and adds each tap's input times its weights;
  /// samples are spread over the cores, bias and relu applied in the pass.
  func gatherSingleChannel(
    _ image: Tensor, _ weights: Tensor, plus bias: Tensor?, rectified: Bool = false, shape: [Int]
  ) -> Tensor {
    precondition(channels == 1, "one channel: an image of \(channels)")
    let features = weights.count / patchSize
    let bias = bias?.scalars ?? []
    return Tensor(shape: shape, zeroed: false) { out in
      image.withUnsafeBufferPointer { image in
        weights.withUnsafeBufferPointer { weights in
          bias.withUnsafeBufferPointer { bias in
            _ = parallelChunks(batch) { _, samples in
              nb_conv_single_channel(
                image.baseAddress!, weights.baseAddress!, bias.isEmpty ? nil : bias.baseAddress!,
                out.baseAddress!, samples.lowerBound, samples.upperBound, inputHeight, inputWidth, features,
                kernel.height, kernel.width, stride.height, stride.width, padTop, padLeft, outputHeight,
                outputWidth, rectified ? 1 : 0)
            }
          }
        }
      }
    }
  }
}
