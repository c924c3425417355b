/// A 2-D convolution on NHWC images, computed as im2col + GEMM a few
/// samples at a time (see `ConvGeometry.gather`).
///
/// `Conv2D(1 => 16, kernel: 5, stride: 2, activation: .relu)` maps
/// `[N, 28, 28, 1]` to `[N, 14, 14, 16]` with TensorFlow's SAME padding.
/// Kernels need not be square: `kernel: [1, 25]` for 1-D signals.
public final class Conv2D: ConvolutionLayer, Layer {
  public init(
    _ channels: ChannelPair, kernel: Size2D, stride: Size2D = 1, padding: Padding = .same,
    activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros, bias: Bool = true
  ) {
    super.init(
      channels, kernel: kernel, stride: stride, padding: padding, activation: activation,
      initializer: initializer, biasInitializer: biasInitializer, bias: bias, transposed: false)
  }

  public required init(from decoder: any Decoder) throws {
    try super.init(from: decoder)
  }

  /// The convolution's geometry for a batch of `shape`, checked.
  private func geometry(for shape: [Int]) throws -> ConvGeometry {
    try requireImages(shape, channels: channels.input, layer: constructor)
    let geometry = ConvGeometry(
      batch: shape[0], inputHeight: shape[1], inputWidth: shape[2],
      channels: channels.input, kernel: kernel, stride: stride, padding: padding)
    guard geometry.outputHeight > 0, geometry.outputWidth > 0 else {
      throw ShapeError(
        layer: constructor, expected: "an image of at least \(kernel) with valid padding", actual: shape)
    }
    return geometry
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    let geometry = try geometry(for: inputShape)
    return [geometry.batch, geometry.outputHeight, geometry.outputWidth, channels.output]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    let geometry = try geometry(for: x.shape)
    let out = channels.output
    let (w, b) = (weight.tensor, biasTensor)
    // A relu is applied in the product's own pass, while its output is in
    // cache: max(x, 0) rounds nothing, so the result is the same to the bit
    // in every library. Sigmoid and tanh are applied afterwards, by our own
    // exp and tanh, which oneDNN's would not match.
    let rectified = activation == .relu
    var y = geometry.gather(
      x, w, plus: b, rectified: rectified,
      shape: [geometry.batch, geometry.outputHeight, geometry.outputWidth, out])
    if !rectified { y.activate(activation) }
    let wantsInputGradient = x.isRecorded  // not for the images fed to the first layer
    return y.recorded(from: [x, w, b]) { [x = x.detached, w = w.detached, y = y.detached, activation] g in
      let (gz, gb) = g.throughBiasAndActivation(output: y, activation, features: out)
      return [
        wantsInputGradient ? geometry.scatter(gz, w, shape: x.shape) : nil,
        geometry.correlate(x, gz, shape: w.shape),
        gb,
      ]
    }
  }

  public var isSampleWise: Bool { true }

  public var constructor: String { "Conv2D(\(arguments()))" }
}
