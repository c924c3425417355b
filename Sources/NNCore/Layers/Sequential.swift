/// Layers applied one after another; itself a layer, so models nest.
///
/// ```swift
/// let model = Sequential {
///   Sequential { Dense(784 => 32, activation: .relu) }.named("encoder")
///   Sequential { Dense(32 => 784, activation: .sigmoid) }.named("decoder")
/// }
/// model.layer(at: "encoder.0")
/// ```
public final class Sequential: Layer {
  public var name: String?
  public let layers: [any Layer]

  public init(_ layers: [any Layer]) {
    self.layers = layers
  }

  public convenience init(@LayerBuilder _ build: () -> [any Layer]) {
    self.init(build())
  }

  public var namedChildren: [(name: String, layer: any Layer)] {
    layers.enumerated().map { ($1.name ?? String($0), $1) }
  }

  public func callAsFunction(_ input: Tensor) throws -> Tensor {
    var x = input
    for child in namedChildren {
      do {
        x = try child.layer(x)
      } catch let error as ShapeError {
        throw error.nested(in: child.name)
      }
    }
    return x
  }

  /// Reads like the code that built it, one child per line.
  public var description: String {
    let body = namedChildren.map { child in
      let text = child.layer.description.replacingOccurrences(of: "\n", with: "\n  ")
      return child.layer.name.map { "  \(text).named(\"\($0)\")" } ?? "  \(text)"
    }
    return "Sequential {\n" + body.joined(separator: "\n") + "\n}"
  }
}

/// Builds a list of layers from statements, as SwiftUI builds views.
@resultBuilder
public enum LayerBuilder {
  public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
  public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
  public static func buildEither(first: [any Layer]) -> [any Layer] { first }
  public static func buildEither(second: [any Layer]) -> [any Layer] { second }
  public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
