/// The index arithmetic of one 2-D convolution in NHWC layout, shared by
/// `Conv2D` (input -> output) and `ConvTranspose2D` (the same map, run
/// backwards), so both use one im2col/col2im path.
struct ConvGeometry: Hashable {
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
    let length = rowLength
    // Only read; one walker serves both directions.
    let image = UnsafeMutablePointer(mutating: image)
    forEachKernelRow(of: samples, image: image, patches: patches) { row, pixel, run in
      zero(run.lowerBound, at: row)
      if let pixel { copy(run.count, from: pixel, to: row + run.lowerBound) }
      zero(length &- run.upperBound, at: row + run.upperBound)
    }
  }

  /// The adjoint of `im2col`: adds every patch entry back onto the pixel it
  /// came from. `image` must be zeroed by the caller.
  func col2im(
    _ patches: UnsafePointer<Float>, samples: Range<Int>, into image: UnsafeMutablePointer<Float>
  ) {
    forEachKernelRow(of: samples, image: image, patches: UnsafeMutablePointer(mutating: patches)) {
      row, pixel, run in
      guard let pixel else { return }
      let source = row + run.lowerBound
      for k in 0..<run.count { pixel[k] += source[k] }
    }
  }

  /// Values in one kernel row of a patch: `kernel.width` taps of `channels`.
  private var rowLength: Int { kernel.width * channels }

  /// Calls `visit(row, pixel, run)` for every kernel row of every output
  /// pixel of `samples`: `row` is where the row's values start in the
  /// chunk's `patches`; `run` the part of the row inside the image, which is
  /// contiguous there and starts at `pixel` in the whole batch's `image`
  /// (nil when the row lies wholly outside, with `run` empty). Wrapping
  /// arithmetic: the indices are bounded by the tensors' sizes, and overflow
  /// checks here cost a third of the copying.
  @inline(__always)
  private func forEachKernelRow(
    of samples: Range<Int>, image: UnsafeMutablePointer<Float>, patches: UnsafeMutablePointer<Float>,
    _ visit: (_ row: UnsafeMutablePointer<Float>, _ pixel: UnsafeMutablePointer<Float>?, _ run: Range<Int>)
      -> Void
  ) {
    let (c, kw, kh, length) = (channels, kernel.width, kernel.height, rowLength)
    let (h, w, rowStride) = (inputHeight, inputWidth, inputWidth &* channels)
    var row = patches
    for n in samples {
      let sample = image + n &* h &* rowStride
      for oh in 0..<outputHeight {
        let top = oh &* stride.height &- padTop
        for ow in 0..<outputWidth {
          let left = ow &* stride.width &- padLeft
          let (first, last) = (Swift.max(0, 0 &- left), Swift.min(kw, w &- left))
          let run = (first &* c)..<(Swift.max(first, last) &* c)
          let start = sample + (left &+ first) &* c
          for i in 0..<kh {
            let ih = top &+ i
            if ih >= 0 && ih < h && first < last {
              visit(row, start + ih &* rowStride, run)
            } else {
              visit(row, nil, 0..<0)
            }
            row += length
          }
        }
      }
    }
  }

  /// Writes `count` zeros.
  @inline(__always)
  private func zero(_ count: Int, at target: UnsafeMutablePointer<Float>) {
    for k in 0..<count { target[k] = 0 }
  }

  /// Copies `count` floats. A kernel row of a one-channel image is a handful
  /// of values: too short for a call to memmove to pay, so short rows are
  /// copied as two overlapping vectors, which covers any length in a range.
  @inline(__always)
  private func copy(_ count: Int, from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>) {
    func twoVectors<V: SIMD>(_: V.Type) where V.Scalar == Float {
      let (head, tail): (V, V) = (source.vector(at: 0), source.vector(at: count - V.scalarCount))
      target.store(head, at: 0)
      target.store(tail, at: count - V.scalarCount)
    }
    switch count {
    case 0..<4: for k in 0..<count { target[k] = source[k] }
    case 4...8: twoVectors(SIMD4<Float>.self)
    case 9...16: twoVectors(SIMD8<Float>.self)
    case 17...32: twoVectors(SIMD16<Float>.self)
    default: target.update(from: source, count: count)
    }
  }
}
