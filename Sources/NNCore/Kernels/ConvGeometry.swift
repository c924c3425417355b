/// The index arithmetic of one 2-D convolution in NHWC layout, shared by
/// `Conv2D` (input -> output) and `ConvTranspose2D` (the same map, run
/// backwards), so both use one im2col/col2im path.
struct ConvGeometry: Equatable {
  var batch: Int
  var inputHeight: Int, inputWidth: Int, channels: Int
  var kernel: Size2D, stride: Size2D
  var padTop: Int, padLeft: Int
  var outputHeight: Int, outputWidth: Int

  init(
    batch: Int, inputHeight: Int, inputWidth: Int, channels: Int,
    kernel: Size2D, stride: Size2D, padding: Padding
  ) {
    let rows = padding.resolve(input: inputHeight, window: kernel.height, stride: stride.height)
    let cols = padding.resolve(input: inputWidth, window: kernel.width, stride: stride.width)
    self.batch = batch
    self.inputHeight = inputHeight
    self.inputWidth = inputWidth
    self.channels = channels
    self.kernel = kernel
    self.stride = stride
    self.padTop = rows.padBefore
    self.padLeft = cols.padBefore
    self.outputHeight = rows.output
    self.outputWidth = cols.output
  }

  /// Rows of the patch matrix: one per output pixel of every sample.
  var patchCount: Int { batch * outputHeight * outputWidth }
  /// Columns of the patch matrix: one per kernel tap and input channel.
  var patchSize: Int { kernel.height * kernel.width * channels }

  /// Copies each receptive field into one row of `patches`
  /// (`[patchCount, patchSize]`), zeros where the window overhangs.
  func im2col(_ image: UnsafePointer<Float>, into patches: UnsafeMutablePointer<Float>) {
    let c = channels
    forEachTap { patch, pixel in
      if let pixel {
        (patches + patch).update(from: image + pixel, count: c)
      } else {
        (patches + patch).update(repeating: 0, count: c)
      }
    }
  }

  /// The adjoint of `im2col`: adds every patch entry back onto the pixel it
  /// came from. `image` must be zeroed by the caller.
  func col2im(_ patches: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
    let c = channels
    forEachTap { patch, pixel in
      guard let pixel else { return }
      for k in 0..<c { image[pixel + k] += patches[patch + k] }
    }
  }

  /// Calls `visit(patchOffset, pixelOffset)` for every kernel tap of every
  /// output pixel: where the tap's `channels` values sit in the patch matrix
  /// and in the image (nil where the window overhangs). Samples run in
  /// parallel; each writes only its own rows and its own image.
  @inline(__always)
  private func forEachTap(_ visit: (_ patch: Int, _ pixel: Int?) -> Void) {
    let (kh, kw, c) = (kernel.height, kernel.width, channels)
    parallelChunks(batch) { samples in
      for n in samples {
        for oh in 0..<outputHeight {
          for ow in 0..<outputWidth {
            var patch = ((n * outputHeight + oh) * outputWidth + ow) * patchSize
            for i in 0..<kh {
              let ih = oh * stride.height - padTop + i
              for j in 0..<kw {
                let iw = ow * stride.width - padLeft + j
                let inside = ih >= 0 && ih < inputHeight && iw >= 0 && iw < inputWidth
                visit(patch, inside ? ((n * inputHeight + ih) * inputWidth + iw) * c : nil)
                patch += c
              }
            }
          }
        }
      }
    }
  }
}
