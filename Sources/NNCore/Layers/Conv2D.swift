/// A 2-D convolution on NHWC images, computed as im2col + GEMM a few
/// samples at a time (see `ConvGeometry.gather`).
///
/// `Conv2D(1 => 16, kernel: 5, stride: 2, activation: .relu)` maps
/// `[N, 28, 28, 1]` to `[N, 14, 14, 16]` with TensorFlow's SAME padding.
/// Kernels need not be square: `kernel: [1, 25]` for 1-D signals.
public final class Conv2D: Layer {
  public let channels: ChannelPair
  public let kernel: Size2D
  public let stride: Size2D
  public let padding: Padding
  public let activation: ActivationFunction
  public let initializer: Initializer
  public let biasInitializer: Initializer
  /// `[kernelHeight, kernelWidth, in, out]`, TensorFlow's layout.
  public let weight: Parameter
  /// `[out]`, or nil for a layer without one (`bias: false`, as post 003's
  /// unpooling decoders have).
  public let bias: Parameter?

  public init(
    _ channels: ChannelPair, kernel: Size2D, stride: Size2D = 1, padding: Padding = .same,
    activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros, bias: Bool = true
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
    weight = Parameter(
      initializer.make(
        [kernel.height, kernel.width, channels.input, channels.output], fanIn: fanIn, fanOut: fanOut))
    self.bias = bias ? Parameter(biasInitializer.make([channels.output], fanIn: fanIn, fanOut: fanOut)) : nil
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
    let (w, b) = (weight.tensor, bias?.tensor ?? Tensor(zeros: [out]))
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

  public var constructor: String {
    "Conv2D("
      + convolutionArguments(
        channels, kernel: kernel, stride: stride, padding: padding, activation: activation,
        initializer: initializer, biasInitializer: biasInitializer, hasBias: bias != nil)
      + ")"
  }
}

/// The arguments of a convolution's initialiser that differ from their
/// defaults, in order, as one would type them.
func convolutionArguments(
  _ channels: ChannelPair, kernel: Size2D, stride: Size2D, padding: Padding,
  outputSize: Size2D? = nil, activation: ActivationFunction, initializer: Initializer,
  biasInitializer: Initializer, hasBias: Bool
) -> String {
  var arguments = ["\(channels)", "kernel: \(kernel)"]
  if stride != 1 { arguments.append("stride: \(stride)") }
  if padding != .same { arguments.append("padding: .\(padding)") }
  if let outputSize { arguments.append("outputSize: \(outputSize)") }
  if activation != .identity { arguments.append("activation: .\(activation)") }
  if initializer != .glorotUniform { arguments.append("initializer: .\(initializer)") }
  if hasBias, biasInitializer != .zeros { arguments.append("biasInitializer: .\(biasInitializer)") }
  if !hasBias { arguments.append("bias: false") }
  return arguments.joined(separator: ", ")
}

/// Throws unless `shape` is a batch of NHWC images with `channels` channels.
func requireImages(_ shape: [Int], channels: Int, layer: String) throws {
  guard shape.count == 4, shape[3] == channels else {
    throw ShapeError(
      layer: layer, expected: "[N, height, width, \(channels)]", actual: shape,
      hint: shape.count == 2 ? "add Reshape([28, 28, 1]) or similar before it" : nil)
  }
}
