/// A fully connected layer: `activation(x • weight + bias)` on `[N, in]`.
///
/// `Dense(784 => 256, activation: .sigmoid, initializer: .uniform(-1...1))`
public final class Dense: Layer {
  public var name: String?
  public let size: ChannelPair
  public let activation: ActivationFunction
  /// `[in, out]`.
  public let weight: Parameter
  /// `[out]`.
  public let bias: Parameter

  public init(
    _ size: ChannelPair, activation: ActivationFunction = .identity,
    initializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros
  ) {
    self.size = size
    self.activation = activation
    weight = Parameter(
      initializer.make([size.input, size.output], fanIn: size.input, fanOut: size.output))
    bias = Parameter(biasInitializer.make([size.output], fanIn: size.input, fanOut: size.output))
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("weight", weight), ("bias", bias)]
  }

  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.rank == 2, x.shape[1] == size.input else {
      let flat = x.shape.dropFirst().reduce(1, *)
      throw ShapeError(
        layer: description, expected: "[N, \(size.input)]", actual: x.shape,
        hint: x.rank > 2 && flat == size.input ? "add Flatten() before it" : nil)
    }
    let (w, b) = (weight.tensor, bias.tensor)
    let (n, input, output) = (x.shape[0], size.input, size.output)
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

  public var description: String {
    activation == .identity ? "Dense(\(size))" : "Dense(\(size), \(activation))"
  }
}
