/// A fully connected layer: `activation(x • weight + bias)` on `[N, in]`.
///
/// `Dense(784 => 256, activation: .sigmoid, initializer: .uniform(-1...1))`
public final class Dense: Layer, Codable {
  /// Features in and out (the last axis is the channel axis, as in NHWC).
  public let channels: ChannelPair
  public let activation: ActivationFunction
  public let initializer: Initializer
  public let biasInitializer: Initializer
  /// `[in, out]`.
  public let weight: Parameter
  /// `[out]`.
  public let bias: Parameter

  public init(
    _ channels: ChannelPair, activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros
  ) {
    self.channels = channels
    self.activation = activation
    self.initializer = initializer
    self.biasInitializer = biasInitializer
    let (fanIn, fanOut) = (channels.input, channels.output)
    weight = Parameter(initializer.make([fanIn, fanOut], fanIn: fanIn, fanOut: fanOut))
    bias = Parameter(biasInitializer.make([fanOut], fanIn: fanIn, fanOut: fanOut))
  }

  private enum CodingKeys: String, CodingKey {
    case channels, activation, initializer, biasInitializer, weight, bias
  }

  /// A saved layer; its parameters are shared with whatever else saved them (an optimizer).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    channels = try container.decode(ChannelPair.self, forKey: .channels)
    activation = try container.decode(ActivationFunction.self, forKey: .activation)
    initializer = try container.decode(Initializer.self, forKey: .initializer)
    biasInitializer = try container.decode(Initializer.self, forKey: .biasInitializer)
    weight = try container.decodePolymorphic(Parameter.self, forKey: .weight)
    bias = try container.decodePolymorphic(Parameter.self, forKey: .bias)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(channels, forKey: .channels)
    try container.encode(activation, forKey: .activation)
    try container.encode(initializer, forKey: .initializer)
    try container.encode(biasInitializer, forKey: .biasInitializer)
    try container.encodePolymorphic(weight, forKey: .weight)
    try container.encodePolymorphic(bias, forKey: .bias)
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 2, inputShape[1] == channels.input else {
      let flat = inputShape.dropFirst().reduce(1, *)
      throw ShapeError(
        layer: constructor, expected: "[N, \(channels.input)]", actual: inputShape,
        hint: inputShape.count > 2 && flat == channels.input ? "add Flatten() before it" : nil)
    }
    return [inputShape[0], channels.output]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    _ = try outputShape(for: x.shape)
    let (w, b) = (weight.tensor, bias.tensor)
    let (n, input, output) = (x.shape[0], channels.input, channels.output)
    var y = Tensor.product(x, w, m: n, n: output, k: input, plus: b)
    y.activate(activation)
    // The first layer's input is data: its gradient would be thrown away.
    let wantsInputGradient = x.isRecorded
    return y.recorded(from: [x, w, b]) { [x = x.detached, w = w.detached, y = y.detached, activation] g in
      let (gz, gb) = g.throughBiasAndActivation(output: y, activation, features: output)
      func weightGradient(acrossCores: Bool) -> Tensor {
        Tensor.product(x, gz, m: input, n: output, k: n, transposeA: true, acrossCores: acrossCores)
      }
      guard wantsInputGradient else { return [nil, weightGradient(acrossCores: true), gb] }
      var (gx, gw): (Tensor?, Tensor?)
      concurrently(
        { gx = Tensor.product(gz, w, m: n, n: input, k: output, transposeB: true, acrossCores: false) },
        { gw = weightGradient(acrossCores: false) })
      return [gx, gw, gb]
    }
  }

  public var isSampleWise: Bool { true }

  public var constructor: String {
    var arguments = ["\(channels)"]
    if activation != .identity { arguments.append("activation: .\(activation)") }
    if initializer != .glorotUniform { arguments.append("initializer: .\(initializer)") }
    if biasInitializer != .zeros { arguments.append("biasInitializer: .\(biasInitializer)") }
    return "Dense(\(arguments.joined(separator: ", ")))"
  }
}
