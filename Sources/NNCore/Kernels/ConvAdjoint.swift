/// With stride 1, the adjoint of a convolution is another convolution:
/// output pixel `(oh, ow)` reads input pixel `(oh + i - padTop, ...)` through
/// tap `i`, so input pixel `(ih, iw)` collects output pixel
/// `(ih - i + padTop, ...)`, which is a correlation of the output with the
/// kernel turned by 180 degrees and padded by `kernel - 1 - pad`.
extension ConvGeometry {
  /// The convolution that maps `[batch, outputHeight, outputWidth, features]`
  /// onto this one's input, or nil for strides above 1 (whose adjoint skips
  /// pixels and is no plain convolution).
  func adjoint(features: Int) -> ConvGeometry? {
    guard stride.height == 1, stride.width == 1 else { return nil }
    var adjoint = self
    (adjoint.inputHeight, adjoint.inputWidth) = (outputHeight, outputWidth)
    (adjoint.outputHeight, adjoint.outputWidth) = (inputHeight, inputWidth)
    adjoint.channels = features
    adjoint.padTop = kernel.height - 1 - padTop
    adjoint.padLeft = kernel.width - 1 - padLeft
    return adjoint
  }

  /// The adjoint's weights: `[kh, kw, channels, features]` turned by 180
  /// degrees and with its two channel axes swapped,
  /// `turned[i, j, f, c] = weights[kh - 1 - i, kw - 1 - j, c, f]`.
  func turned(_ weights: Tensor, features: Int) -> Tensor {
    let (kh, kw, c) = (kernel.height, kernel.width, channels)
    return Tensor(shape: [kh, kw, features, c], zeroed: false) { out in
      weights.withUnsafeBufferPointer { w in
        for i in 0..<kh {
          for j in 0..<kw {
            let source = ((kh - 1 - i) * kw + (kw - 1 - j)) * c * features
            let target = (i * kw + j) * features * c
            for ci in 0..<c {
              for f in 0..<features { out[target + f * c + ci] = w[source + ci * features + f] }
            }
          }
        }
      }
    }
  }
}
