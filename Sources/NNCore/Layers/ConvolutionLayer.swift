/// What `Conv2D` and `ConvTranspose2D` share: their settings, a weight of
/// `kernel` taps, an optional bias, and how they print. The two differ in
/// the weight's layout and in which way the convolution runs.
public class ConvolutionLayer: Codable {
  public let channels: ChannelPair
  public let kernel: Size2D
  public let stride: Size2D
  public let padding: Padding
  public let activation: ActivationFunction
  public let initializer: Initializer
  public let biasInitializer: Initializer
  /// `[kernelHeight, kernelWidth, in, out]` for `Conv2D`, TensorFlow's layout;
  /// `[kernelHeight, kernelWidth, out, in]` for `ConvTranspose2D`, that of
  /// TensorFlow's `conv2d_transpose`.
  public let weight: Parameter
  /// `[out]`, or nil for a layer without one (`bias: false`, as post 003's
  /// decoders have).
  public let bias: Parameter?

  init(
    _ channels: ChannelPair, kernel: Size2D, stride: Size2D, padding: Padding,
    activation: ActivationFunction, initializer: Initializer, biasInitializer: Initializer,
    bias: Bool, transposed: Bool
  ) {
    self.channels = channels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.activation = activation
    self.initializer = initializer
    self.biasInitializer = biasInitializer
    let taps = kernel.height * kernel.width
    let (fanIn, fanOut) = (taps * channels.input, taps * channels.output)
    let (first, second) = transposed ? (channels.output, channels.input) : (channels.input, channels.output)
    weight = Parameter(
      initializer.make([kernel.height, kernel.width, first, second], fanIn: fanIn, fanOut: fanOut))
    self.bias = bias ? Parameter(biasInitializer.make([channels.output], fanIn: fanIn, fanOut: fanOut)) : nil
  }

  private enum CodingKeys: String, CodingKey {
    case channels, kernel, stride, padding, activation, initializer, biasInitializer, weight, bias
  }

  /// A saved layer; its parameters are shared with whatever else saved them (an optimizer).
  public required init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    channels = try container.decode(ChannelPair.self, forKey: .channels)
    kernel = try container.decode(Size2D.self, forKey: .kernel)
    stride = try container.decode(Size2D.self, forKey: .stride)
    padding = try container.decode(Padding.self, forKey: .padding)
    activation = try container.decode(ActivationFunction.self, forKey: .activation)
    initializer = try container.decode(Initializer.self, forKey: .initializer)
    biasInitializer = try container.decode(Initializer.self, forKey: .biasInitializer)
    weight = try container.decodePolymorphic(Parameter.self, forKey: .weight)
    bias = container.contains(.bias) ? try container.decodePolymorphic(Parameter.self, forKey: .bias) : nil
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(channels, forKey: .channels)
    try container.encode(kernel, forKey: .kernel)
    try container.encode(stride, forKey: .stride)
    try container.encode(padding, forKey: .padding)
    try container.encode(activation, forKey: .activation)
    try container.encode(initializer, forKey: .initializer)
    try container.encode(biasInitializer, forKey: .biasInitializer)
    try container.encodePolymorphic(weight, forKey: .weight)
    if let bias { try container.encodePolymorphic(bias, forKey: .bias) }
  }

  /// The bias as a forward pass reads it: zeros for a layer without one.
  var biasTensor: Tensor { bias?.tensor ?? Tensor(zeros: [channels.output]) }

  /// The initialiser's arguments that differ from their defaults, in
  /// order, as one would type them.
  func arguments(outputSize: Size2D? = nil) -> String {
    var arguments = ["\(channels)", "kernel: \(kernel)"]
    if stride != 1 { arguments.append("stride: \(stride)") }
    if padding != .same { arguments.append("padding: .\(padding)") }
    if let outputSize { arguments.append("outputSize: \(outputSize)") }
    if activation != .identity { arguments.append("activation: .\(activation)") }
    if initializer != .glorotUniform { arguments.append("initializer: .\(initializer)") }
    if bias != nil, biasInitializer != .zeros { arguments.append("biasInitializer: .\(biasInitializer)") }
    if bias == nil { arguments.append("bias: false") }
    return arguments.joined(separator: ", ")
  }
}

/// Throws unless `shape` is a batch of NHWC images with `channels` channels.
func requireImages(_ shape: [Int], channels: Int, layer: @autoclosure () -> String) throws {
  guard shape.count == 4, shape[3] == channels else {
    throw ShapeError(
      layer: layer(), expected: "[N, height, width, \(channels)]", actual: shape,
      hint: shape.count == 2 ? "add Reshape([28, 28, 1]) or similar before it" : nil)
  }
}
