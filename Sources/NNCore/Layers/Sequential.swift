/// Layers applied one after another; itself a layer, so models nest.
///
/// ```swift
/// let model = Sequential {
///   Sequential { Dense(784 => 32, activation: .relu) }.named("encoder")
///   Sequential { Dense(32 => 784, activation: .sigmoid) }.named("decoder")
/// }
/// model.layer(at: "encoder.0")
/// ```
///
/// A child is named by its position (`0`, `1`, ...) unless `.named(...)`
/// gives it a name: the container names its children, not the children
/// themselves, so one layer type needs no name field.
public final class Sequential: Layer, Codable {
  /// The layers in the order they run.
  public let layers: [any Layer]
  /// The name `.named(...)` gave each layer, nil for one named by position.
  public let givenNames: [String?]

  public init(_ layers: [any Layer]) {
    self.layers = layers
    givenNames = Array(repeating: nil, count: layers.count)
  }

  public init(@LayerBuilder _ build: () -> [LayerBuilder.Entry]) {
    let entries = build()
    layers = entries.map(\.layer)
    givenNames = entries.map(\.name)
  }

  private enum CodingKeys: String, CodingKey { case layers, givenNames }

  /// Children are coded with their dynamic types (`Polymorphic`), so a
  /// saved chain holds whatever layers it held, a notebook's own included.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    layers = try container.decode([Polymorphic<any Layer>].self, forKey: .layers).map(\.wrappedValue)
    givenNames = try container.decode([String?].self, forKey: .givenNames)
    guard givenNames.count == layers.count else {
      throw DecodingError.dataCorruptedError(
        forKey: .givenNames, in: container,
        debugDescription: "\(givenNames.count) names for \(layers.count) layers")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(layers.map { Polymorphic(wrappedValue: $0) }, forKey: .layers)
    try container.encode(givenNames, forKey: .givenNames)
  }

  public var children: [(name: String, layer: any Layer)] {
    layers.indices.map { (name(at: $0), layers[$0]) }
  }

  /// The name of the child at `index` in paths: the one given, or its position.
  private func name(at index: Int) -> String { givenNames[index] ?? String(index) }

  /// The hot path of every step: a child's name is spelt out only for an error.
  public func callAsFunction(_ input: Tensor) throws -> Tensor {
    if let slices = try inferenceSlices(for: input) {
      return Tensor.concatenating(try slices.map { try chained(input[$0]) })
    }
    return try chained(input)
  }

  /// Each layer on the output of the one before.
  private func chained(_ input: Tensor) throws -> Tensor {
    var x = input
    for index in layers.indices {
      x = try nesting(name(at: index)) { [x] in try layers[index](x) }
    }
    return x
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    try children.reduce(inputShape) { shape, child in
      try nesting(child.name) { try child.layer.outputShape(for: shape) }
    }
  }

  /// Each child's activations in turn, the last output of one the input of the next.
  public func activations(_ input: Tensor) throws -> [(path: String, output: Tensor)] {
    try chain(input) { layer, x in try layer.activations(x) }
  }

  public func outputShapes(for inputShape: [Int]) throws -> [(path: String, shape: [Int])] {
    try chain(inputShape) { layer, shape in
      try layer.outputShapes(for: shape).map { (path: $0.path, output: $0.shape) }
    }.map { (path: $0.path, shape: $0.output) }
  }

  public var isSampleWise: Bool { layers.allSatisfy(\.isSampleWise) }

  public var constructor: String { "Sequential" }

  /// Runs `step` on each child with the last value the one before gave,
  /// and collects what they give under paths prefixed by the child's name.
  private func chain<Value>(
    _ input: Value, _ step: (any Layer, Value) throws -> [(path: String, output: Value)]
  ) throws -> [(path: String, output: Value)] {
    var trace: [(path: String, output: Value)] = []
    var x = input
    for child in children {
      let inner = try nesting(child.name) { try step(child.layer, x) }
      trace += inner.map { ($0.path.isEmpty ? child.name : "\(child.name).\($0.path)", $0.output) }
      x = inner.last?.output ?? x
    }
    return trace
  }
}

/// Runs `body`, putting `name` in front of the path of any `ShapeError` it throws.
func nesting<T>(_ name: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ShapeError {
    throw error.nested(in: name())
  }
}

/// Builds a list of layers from statements, as SwiftUI builds views; a
/// layer may carry a name given with `.named(...)`.
@resultBuilder
public enum LayerBuilder {
  public typealias Entry = (name: String?, layer: any Layer)

  public static func buildExpression(_ layer: any Layer) -> [Entry] { [(nil, layer)] }
  public static func buildExpression(_ named: NamedLayer) -> [Entry] { [(named.name, named.layer)] }
  public static func buildBlock(_ parts: [Entry]...) -> [Entry] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [Entry]?) -> [Entry] { part ?? [] }
  public static func buildEither(first: [Entry]) -> [Entry] { first }
  public static func buildEither(second: [Entry]) -> [Entry] { second }
  public static func buildArray(_ parts: [[Entry]]) -> [Entry] { parts.flatMap { $0 } }
}
