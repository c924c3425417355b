/// A 2-D convolution on NHWC images, computed as im2col + GEMM a few
/// samples at a time (see `ConvGeometry.gather`).
///
/// `Conv2D(1 => 16, kernel: 5, stride: 2, activation: .relu)` maps
/// `[N, 28, 28, 1]` to `[N, 14, 14, 16]` with TensorFlow's SAME padding.
/// Kernels need not be square: `kernel: [1, 25]` for 1-D signals.
public final class Conv2D: Layer {
  public var name: String?
  public let channels: ChannelPair
  public let kernel: Size2D
  public let stride: Size2D
  public let padding: Padding
  public let activation: ActivationFunction
  /// `[kernelHeight, kernelWidth, in, out]`, TensorFlow's layout.
  public let weight: Parameter
  /// `[out]`; zero and no parameter when the layer has no bias.
  public let bias: Parameter
  /// Whether the layer adds a trained bias (`bias: false` for the posts'
  /// layers that have none, such as post 003's unpooling decoders).
  public let hasBias: Bool

  public init(
    _ channels: ChannelPair, kernel: Size2D, stride: Size2D = 1, padding: Padding = .same,
    activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros, bias: Bool = true
  ) {
    hasBias = bias
    self.channels = channels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.activation = activation
    let taps = kernel.height * kernel.width
    let (fanIn, fanOut) = (taps * channels.input, taps * channels.output)
    weight = Parameter(
      initializer.make(
        [kernel.height, kernel.width, channels.input, channels.output], fanIn: fanIn, fanOut: fanOut))
    self.bias = Parameter(
      bias
        ? biasInitializer.make([channels.output], fanIn: fanIn, fanOut: fanOut)
        : Tensor(zeros: [channels.output]))
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    hasBias ? [("weight", weight), ("bias", bias)] : [("weight", weight)]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    try requireImages(x, channels: channels.input, layer: description)
    let geometry = ConvGeometry(
      batch: x.shape[0], inputHeight: x.shape[1], inputWidth: x.shape[2],
      channels: channels.input, kernel: kernel, stride: stride, padding: padding)
    guard geometry.outputHeight > 0, geometry.outputWidth > 0 else {
      throw ShapeError(
        layer: description, expected: "an image of at least \(kernel) with valid padding",
        actual: x.shape)
    }
    let (w, b, out) = (weight.tensor, bias.tensor, channels.output)
    var y = geometry.gather(
      x, w, plus: b, shape: [geometry.batch, geometry.outputHeight, geometry.outputWidth, out])
    y.activate(activation)
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

  public var description: String {
    var parts = ["\(channels)", "kernel: \(kernel)"]
    if stride != 1 { parts.append("stride: \(stride)") }
    if padding != .same { parts.append("padding: .\(padding)") }
    if activation != .identity { parts.append("\(activation)") }
    if !hasBias { parts.append("bias: false") }
    return "Conv2D(\(parts.joined(separator: ", ")))"
  }
}

/// Throws unless `x` is a batch of NHWC images with `channels` channels.
func requireImages(_ x: Tensor, channels: Int, layer: String) throws {
  guard x.rank == 4, x.shape[3] == channels else {
    throw ShapeError(
      layer: layer, expected: "[N, height, width, \(channels)]", actual: x.shape,
      hint: x.rank == 2 ? "add Reshape([28, 28, 1]) or similar before it" : nil)
  }
}
