/// A transposed ("de-") convolution: the gradient map of a `Conv2D`, used to
/// grow images. With SAME padding the output is `input * stride`, unless
/// `outputSize` picks another size the stride allows (4 -> 7 in post 000).
///
/// `ConvTranspose2D(64 => 32, kernel: 5, stride: 2, outputSize: [7, 7])`
public final class ConvTranspose2D: Layer {
  public var name: String?
  public let channels: ChannelPair
  public let kernel: Size2D
  public let stride: Size2D
  public let padding: Padding
  public let outputSize: Size2D?
  public let activation: ActivationFunction
  /// `[kernelHeight, kernelWidth, out, in]`, TensorFlow's `conv2d_transpose` layout.
  public let weight: Parameter
  /// `[out]`; zero and no parameter when the layer has no bias.
  public let bias: Parameter
  /// Whether the layer adds a trained bias (`bias: false` for the posts'
  /// layers that have none, such as post 003's unpooling decoders).
  public let hasBias: Bool

  public init(
    _ channels: ChannelPair, kernel: Size2D, stride: Size2D = 1, padding: Padding = .same,
    outputSize: Size2D? = nil, activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros, bias: Bool = true
  ) {
    hasBias = bias
    self.channels = channels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.outputSize = outputSize
    self.activation = activation
    let taps = kernel.height * kernel.width
    let (fanIn, fanOut) = (taps * channels.input, taps * channels.output)
    weight = Parameter(
      initializer.make(
        [kernel.height, kernel.width, channels.output, channels.input], fanIn: fanIn, fanOut: fanOut))
    self.bias = Parameter(
      bias
        ? biasInitializer.make([channels.output], fanIn: fanIn, fanOut: fanOut)
        : Tensor(zeros: [channels.output]))
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    hasBias ? [("weight", weight), ("bias", bias)] : [("weight", weight)]
  }

  /// The output height and width for an input of `height x width`.
  func outputExtent(height: Int, width: Int) -> Size2D {
    if let outputSize { return outputSize }
    switch padding {
    case .same: return Size2D(height * stride.height, width * stride.width)
    case .valid:
      return Size2D(
        (height - 1) * stride.height + kernel.height, (width - 1) * stride.width + kernel.width)
    }
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    try requireImages(x, channels: channels.input, layer: description)
    let (n, h, w) = (x.shape[0], x.shape[1], x.shape[2])
    let extent = outputExtent(height: h, width: w)
    // The convolution this layer transposes maps the output back onto the input.
    let geometry = ConvGeometry(
      batch: n, inputHeight: extent.height, inputWidth: extent.width, channels: channels.output,
      kernel: kernel, stride: stride, padding: padding)
    guard geometry.outputHeight == h, geometry.outputWidth == w else {
      throw ShapeError(
        layer: description,
        expected: "an input that a stride-\(stride) \(padding) convolution of \(extent) produces "
          + "([N, \(geometry.outputHeight), \(geometry.outputWidth), \(channels.input)])",
        actual: x.shape)
    }
    let filters = weight.tensor
    let b = bias.tensor
    var y = geometry.scatter(x, filters, plus: b, shape: [n, extent.height, extent.width, channels.output])
    y.activate(activation)
    let wantsInputGradient = x.isRecorded  // not for data fed to the first layer
    return y.recorded(from: [x, filters, b]) {
      [x = x.detached, filters = filters.detached, y = y.detached, activation, channels] g in
      let (gz, gb) = g.throughBiasAndActivation(output: y, activation, features: channels.output)
      return [
        wantsInputGradient ? geometry.gather(gz, filters, shape: x.shape) : nil,
        geometry.correlate(gz, x, shape: filters.shape),
        gb,
      ]
    }
  }

  public var description: String {
    var parts = ["\(channels)", "kernel: \(kernel)"]
    if stride != 1 { parts.append("stride: \(stride)") }
    if padding != .same { parts.append("padding: .\(padding)") }
    if let outputSize { parts.append("outputSize: \(outputSize)") }
    if activation != .identity { parts.append("\(activation)") }
    if !hasBias { parts.append("bias: false") }
    return "ConvTranspose2D(\(parts.joined(separator: ", ")))"
  }
}
