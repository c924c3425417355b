/// A building block of a model: a callable value with parameters.
///
/// Conforming classes implement `callAsFunction` (recording their backward
/// step through `Tensor.recorded`) and list their parameters; containers such
/// as `Sequential` list their children. Paths (`encoder.1.weight`) are built
/// from children's names, or their positions when unnamed.
public protocol Layer: AnyObject, CustomStringConvertible {
  /// A name to use in paths instead of the position, e.g. `encoder`.
  var name: String? { get set }
  /// Runs the layer on a batch; throws `ShapeError` when the batch does not fit.
  func callAsFunction(_ input: Tensor) throws -> Tensor
  /// This layer's own parameters by name (`weight`, `bias`).
  var namedParameters: [(name: String, parameter: Parameter)] { get }
  /// Sub-layers by name, for containers.
  var namedChildren: [(name: String, layer: any Layer)] { get }
}

extension Layer {
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
  public var namedChildren: [(name: String, layer: any Layer)] { [] }

  /// Sets the name used in paths and returns the layer, for use in builders:
  /// `Conv2D(1 => 16, kernel: 5).named("conv1")`.
  @discardableResult
  public func named(_ name: String) -> Self {
    self.name = name
    return self
  }

  /// Every parameter of this layer and below, keyed by path.
  public var parameters: [(path: String, parameter: Parameter)] {
    namedParameters.map { ($0.name, $0.parameter) }
      + namedChildren.flatMap { child in
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
    guard let child = namedChildren.first(where: { $0.name == parts[0] })?.layer else {
      return nil
    }
    return parts.count == 1 ? child : child.layer(at: parts[1])
  }

  /// The parameter at `path` (`encoder.1.weight`), or nil.
  public func parameter(_ path: String) -> Parameter? {
    parameters.first { $0.path == path }?.parameter
  }

  /// Runs the layer and returns the output of every leaf layer by path, in
  /// order, so a cell can look inside the model (feature maps, codes).
  public func activations(_ input: Tensor) throws -> [(path: String, output: Tensor)] {
    let children = namedChildren
    guard !children.isEmpty else { return [("", try self(input))] }
    var trace: [(path: String, output: Tensor)] = []
    var x = input
    for child in children {
      let inner: [(path: String, output: Tensor)]
      do {
        inner = try child.layer.activations(x)
      } catch let error as ShapeError {
        throw error.nested(in: child.name)
      }
      trace += inner.map { ($0.path.isEmpty ? child.name : "\(child.name).\($0.path)", $0.output) }
      x = inner.last?.output ?? x
    }
    return trace
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

/// A path named no layer of the model.
public struct LayerPathError: Error, CustomStringConvertible {
  public var path: String
  public var available: [String]
  public var description: String {
    "no layer at path '\(path)'; the model has \(available.joined(separator: ", "))"
  }
}
