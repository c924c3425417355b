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
  var patchCount: Int { batch * patchesPerSample }
  /// Patch rows of one sample: its output pixels.
  var patchesPerSample: Int { outputHeight * outputWidth }
  /// Columns of the patch matrix: one per kernel tap and input channel.
  var patchSize: Int { kernel.height * kernel.width * channels }

  /// Copies each receptive field of `samples` into one row of `patches`
  /// (`[samples.count * patchesPerSample, patchSize]`), zeros where the
  /// window overhangs.
  func im2col(
    _ image: UnsafePointer<Float>, samples: Range<Int>, into patches: UnsafeMutablePointer<Float>
  ) {
    forEachKernelRow(of: samples) { patch, pixel, run in
      (patches + patch).update(repeating: 0, count: run.lowerBound)
      if let pixel { copy(run.count, from: image + pixel, to: patches + patch + run.lowerBound) }
      (patches + patch + run.upperBound).update(repeating: 0, count: rowLength - run.upperBound)
    }
  }

  /// The adjoint of `im2col`: adds every patch entry back onto the pixel it
  /// came from. `image` must be zeroed by the caller.
  func col2im(
    _ patches: UnsafePointer<Float>, samples: Range<Int>, into image: UnsafeMutablePointer<Float>
  ) {
    forEachKernelRow(of: samples) { patch, pixel, run in
      guard let pixel else { return }
      let (source, target) = (patches + patch + run.lowerBound, image + pixel)
      for k in 0..<run.count { target[k] += source[k] }
    }
  }

  /// Values in one kernel row of a patch: `kernel.width` taps of `channels`.
  private var rowLength: Int { kernel.width * channels }

  /// Calls `visit(patchOffset, pixelOffset, run)` for every kernel row of
  /// every output pixel of `samples`. The row's values start at
  /// `patchOffset` in the chunk's patch matrix; `run` is the part of the row
  /// inside the image, which is contiguous there and starts at
  /// `pixelOffset` in the whole batch's image (nil when the row lies wholly
  /// outside, with `run` empty).
  @inline(__always)
  private func forEachKernelRow(
    of samples: Range<Int>, _ visit: (_ patch: Int, _ pixel: Int?, _ run: Range<Int>) -> Void
  ) {
    let (c, kw, length) = (channels, kernel.width, rowLength)
    var patch = 0
    for n in samples {
      for oh in 0..<outputHeight {
        for ow in 0..<outputWidth {
          let left = ow * stride.width - padLeft
          let first = max(0, -left)
          let last = min(kw, inputWidth - left)
          for i in 0..<kernel.height {
            let ih = oh * stride.height - padTop + i
            if ih >= 0 && ih < inputHeight && first < last {
              let pixel = ((n * inputHeight + ih) * inputWidth + left + first) * c
              visit(patch, pixel, (first * c)..<(last * c))
            } else {
              visit(patch, nil, 0..<0)
            }
            patch += length
          }
        }
      }
    }
  }

  /// Copies `count` floats. A kernel row of a one-channel image is a handful
  /// of values, which an element loop copies faster than a call to memmove.
  @inline(__always)
  private func copy(_ count: Int, from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>) {
    if count > 32 {
      target.update(from: source, count: count)
    } else {
      for k in 0..<count { target[k] = source[k] }
    }
  }
}
