/// What `Conv2D` and `ConvTranspose2D` share: their settings, a weight of
/// `kernel` taps, an optional bias, and how they print. The two differ in
/// the weight's layout and in which way the convolution runs.
public class ConvolutionLayer {
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
func requireImages(_ shape: [Int], channels: Int, layer: String) throws {
  guard shape.count == 4, shape[3] == channels else {
    throw ShapeError(
      layer: layer, expected: "[N, height, width, \(channels)]", actual: shape,
      hint: shape.count == 2 ? "add Reshape([28, 28, 1]) or similar before it" : nil)
  }
}
