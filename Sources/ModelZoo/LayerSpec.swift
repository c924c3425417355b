import NNCore

/// One leaf layer of a zoo model as data, for peers in other frameworks to
/// build the same layer from: its kind, its settings and the shapes it maps
/// between (one sample, NHWC, without the batch).
public struct LayerSpec: Codable, Equatable, Sendable {
  /// Its path in the model, `decoder.conv1`.
  public var path: String
  /// `Dense`, `Conv2D`, `ConvTranspose2D`, `Dropout`, `MaxPool2D`,
  /// `MaxUnpool2D`, `Upsample`, `Flatten`, `Reshape`.
  public var kind: String
  /// How it prints, `Conv2D(1 => 16, kernel: 5, activation: .relu)`.
  public var constructor: String
  public var inputShape: [Int]
  public var outputShape: [Int]
  public var inChannels: Int?
  public var outChannels: Int?
  /// Kernel, window (MaxPool2D) or factor (MaxUnpool2D, Upsample), `[height, width]`.
  public var size: [Int]?
  public var stride: [Int]?
  /// `same` or `valid`.
  public var padding: String?
  /// `identity`, `relu`, `sigmoid`, `tanh`.
  public var activation: String?
  public var initializer: InitializerSpec?
  /// Nil for a layer without a bias.
  public var biasInitializer: InitializerSpec?
  /// Dropout's probability of keeping a value.
  public var keep: Float?

  /// The spec of `layer`, a leaf at `path` mapping `input` to `output`
  /// (whole batch shapes); throws for a layer kind peers cannot build.
  init(_ layer: any Layer, path: String, input: [Int], output: [Int]) throws {
    self.path = path
    constructor = layer.constructor
    inputShape = Array(input.dropFirst())
    outputShape = Array(output.dropFirst())
    switch layer {
    case let dense as Dense:
      kind = "Dense"
      (inChannels, outChannels) = (dense.channels.input, dense.channels.output)
      activation = dense.activation.rawValue
      initializer = InitializerSpec(dense.initializer)
      biasInitializer = InitializerSpec(dense.biasInitializer)
    case let conv as ConvolutionLayer:
      kind = conv is ConvTranspose2D ? "ConvTranspose2D" : "Conv2D"
      (inChannels, outChannels) = (conv.channels.input, conv.channels.output)
      size = [conv.kernel.height, conv.kernel.width]
      stride = [conv.stride.height, conv.stride.width]
      padding = conv.padding.description
      activation = conv.activation.rawValue
      initializer = InitializerSpec(conv.initializer)
      biasInitializer = conv.bias == nil ? nil : InitializerSpec(conv.biasInitializer)
    case let dropout as Dropout:
      kind = "Dropout"
      keep = dropout.keep
    case let pool as MaxPool2D:
      kind = "MaxPool2D"
      size = [pool.size.height, pool.size.width]
      stride = [pool.stride.height, pool.stride.width]
      padding = pool.padding.description
    case let unpool as MaxUnpool2D:
      kind = "MaxUnpool2D"
      size = [unpool.factor.height, unpool.factor.width]
    case is Upsample:
      kind = "Upsample"  // to outputShape, nearest neighbour
    case is Flatten: kind = "Flatten"
    case is Reshape: kind = "Reshape"
    default:
      throw ZooExportError(
        message: "\(path.isEmpty ? "the model" : path): \(layer.constructor) has no description for peers")
    }
  }
}

/// An initialiser as data: `{"kind": "normal", "std": 0.1}`.
public struct InitializerSpec: Codable, Equatable, Sendable {
  /// `zeros`, `constant`, `normal`, `truncated_normal` (cut at two standard
  /// deviations, as TensorFlow's), `uniform`, `glorot_uniform`.
  public var kind: String
  public var std: Float?
  public var value: Float?
  public var low: Float?
  public var high: Float?

  init(_ initializer: Initializer) {
    switch initializer {
    case .zeros: kind = "zeros"
    case .constant(let value): (kind, self.value) = ("constant", value)
    case .normal(let std): (kind, self.std) = ("normal", std)
    case .truncatedNormal(let std): (kind, self.std) = ("truncated_normal", std)
    case .uniform(let range): (kind, low, high) = ("uniform", range.lowerBound, range.upperBound)
    case .glorotUniform: kind = "glorot_uniform"
    }
  }
}

public struct ZooExportError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
