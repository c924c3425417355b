/// A building block of a model: a callable value with parameters.
///
/// A layer is a class whose stored properties hold its parameters
/// (`Parameter`, or `Parameter?` for an optional bias) and, for a container,
/// its sub-layers. Both are found by reflection, as MLX finds a module's
/// arrays: any stored property whose name does not start with `_`. The
/// property's name is the name in paths (`encoder.1.weight`), checkpoints and
/// errors; `Sequential` names its children by position or by `.named(...)`.
public protocol Layer: AnyObject, CustomStringConvertible {
  /// Runs the layer on a batch; throws `ShapeError` when the batch does not fit.
  func callAsFunction(_ input: Tensor) throws -> Tensor
  /// The shape of the output for an input of `inputShape`, without running
  /// the layer; throws the `ShapeError` the forward pass would throw.
  func outputShape(for inputShape: [Int]) throws -> [Int]
  /// The Swift code that builds this layer, e.g.
  /// `Dense(784 => 196, activation: .relu)`.
  var constructor: String { get }
  /// Sub-layers by name; by default the stored properties that are layers.
  var children: [(name: String, layer: any Layer)] { get }
  /// How activations flow through the layer: the output of every leaf
  /// inside it by path, in the order they are computed. A leaf returns its
  /// own output under the path `""`; `Sequential` chains its children; a
  /// container of another shape says how its own children connect.
  func activations(_ input: Tensor) throws -> [(path: String, output: Tensor)]
  /// The output shape of every leaf by path, as `activations` would give
  /// them, without computing anything.
  func outputShapes(for inputShape: [Int]) throws -> [(path: String, shape: [Int])]
  /// Whether the output for each sample depends on that sample alone (and
  /// on the parameters). Outside training, a `Sequential` of such layers
  /// runs a large batch a slice at a time, so that its activations stay in
  /// cache (`Sequential+Slices.swift`). False unless a layer says so: one a
  /// notebook defines may mix its samples (a batch mean, say).
  var isSampleWise: Bool { get }
}

extension Layer {
  public var children: [(name: String, layer: any Layer)] { reflectedMembers.layers }

  public func activations(_ input: Tensor) throws -> [(path: String, output: Tensor)] {
    [("", try self(input))]
  }

  public func outputShapes(for inputShape: [Int]) throws -> [(path: String, shape: [Int])] {
    [("", try outputShape(for: inputShape))]
  }

  public var isSampleWise: Bool { false }

  /// A name for this layer in a `Sequential`, used in paths instead of its
  /// position: `Conv2D(1 => 16, kernel: 5).named("conv1")`.
  public func named(_ name: String) -> NamedLayer {
    NamedLayer(name: name, layer: self)
  }

  /// This layer's own parameters by property name (`weight`, `bias`).
  public var ownParameters: [(name: String, parameter: Parameter)] { reflectedMembers.parameters }

  /// Every parameter of this layer and below, keyed by path.
  public var parameters: [(path: String, parameter: Parameter)] {
    ownParameters.map { ($0.name, $0.parameter) }
      + children.flatMap { child in
        child.layer.parameters.map { ("\(child.name).\($0.path)", $0.parameter) }
      }
  }

  /// The number of trainable scalars.
  public var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.parameter.count }
  }

  /// The layer at `path` (`encoder.1`), or nil.
  public func layer(at path: String) -> (any Layer)? {
    guard !path.isEmpty else { return self }
    let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
    guard let child = children.first(where: { $0.name == parts[0] })?.layer else { return nil }
    return parts.count == 1 ? child : child.layer(at: parts[1])
  }

  /// The parameter at `path` (`encoder.1.weight`), or nil.
  public func parameter(_ path: String) -> Parameter? {
    parameters.first { $0.path == path }?.parameter
  }

  /// The output of the layer at `path` for `input` (for a container, the
  /// output of its last layer).
  public func activation(at path: String, for input: Tensor) throws -> Tensor {
    let trace = try activations(input)
    guard let hit = trace.last(where: { $0.path == path || $0.path.hasPrefix(path + ".") })
    else { throw LayerPathError(path: path, available: trace.map(\.path)) }
    return hit.output
  }
}

/// A layer and the name its container gives it, made by `.named(_:)`.
public struct NamedLayer {
  public var name: String
  public var layer: any Layer
}

/// A path named no layer of the model.
public struct LayerPathError: Error, CustomStringConvertible {
  public var path: String
  public var available: [String]
  public var description: String {
    "no layer at path '\(path)'; the model has \(available.joined(separator: ", "))"
  }
}
