/// A transposed ("de-") convolution: the gradient map of a `Conv2D`, used to
/// grow images. With SAME padding the output is `input * stride`, unless
/// `outputSize` picks another size the stride allows (4 -> 7 in post 000).
///
/// `ConvTranspose2D(64 => 32, kernel: 5, stride: 2, outputSize: [7, 7])`
public final class ConvTranspose2D: ConvolutionLayer, Layer {
  public let outputSize: Size2D?

  public init(
    _ channels: ChannelPair, kernel: Size2D, stride: Size2D = 1, padding: Padding = .same,
    outputSize: Size2D? = nil, activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros, bias: Bool = true
  ) {
    self.outputSize = outputSize
    super.init(
      channels, kernel: kernel, stride: stride, padding: padding, activation: activation,
      initializer: initializer, biasInitializer: biasInitializer, bias: bias, transposed: true)
  }

  private enum CodingKeys: String, CodingKey { case outputSize }

  public required init(from decoder: any Decoder) throws {
    outputSize = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(
      Size2D.self, forKey: .outputSize)
    try super.init(from: decoder)
  }

  public override func encode(to encoder: any Encoder) throws {
    try super.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(outputSize, forKey: .outputSize)
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

  /// The geometry of the convolution this layer transposes (which maps the
  /// output back onto the input), checked against a batch of `shape`.
  private func geometry(for shape: [Int]) throws -> ConvGeometry {
    try requireImages(shape, channels: channels.input, layer: constructor)
    let (n, h, w) = (shape[0], shape[1], shape[2])
    let extent = outputExtent(height: h, width: w)
    let geometry = ConvGeometry(
      batch: n, inputHeight: extent.height, inputWidth: extent.width, channels: channels.output,
      kernel: kernel, stride: stride, padding: padding)
    guard geometry.outputHeight == h, geometry.outputWidth == w else {
      throw ShapeError(
        layer: constructor,
        expected: "an input that a stride-\(stride) \(padding) convolution of \(extent) produces "
          + "([N, \(geometry.outputHeight), \(geometry.outputWidth), \(channels.input)])",
        actual: shape)
    }
    return geometry
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    let geometry = try geometry(for: inputShape)
    return [geometry.batch, geometry.inputHeight, geometry.inputWidth, channels.output]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    let geometry = try geometry(for: x.shape)
    let filters = weight.tensor
    let b = biasTensor
    var y = geometry.scatter(
      x, filters, plus: b,
      shape: [geometry.batch, geometry.inputHeight, geometry.inputWidth, channels.output])
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

  public var isSampleWise: Bool { true }

  public var constructor: String { "ConvTranspose2D(\(arguments(outputSize: outputSize)))" }
}
