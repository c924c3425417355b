import Foundation

/// A layer was given input it cannot take. The message names the layer, its
/// path in the model (`encoder.1`) and both shapes, because it is what a
/// reader of a notebook report sees.
public struct ShapeError: Error, CustomStringConvertible, CustomDebugStringConvertible,
  LocalizedError
{
  /// The layer as constructed, e.g. `Dense(784 => 196, activation: .relu)`.
  public var layer: String
  /// Where the layer sits in the model, e.g. `encoder.1`; empty at the top.
  public var path: String
  /// The shape the layer accepts, `N` standing for any batch size.
  public var expected: String
  /// The shape it was given.
  public var actual: [Int]
  /// A suggestion, when there is an obvious one.
  public var hint: String?

  public init(layer: String, path: String = "", expected: String, actual: [Int], hint: String? = nil) {
    self.layer = layer
    self.path = path
    self.expected = expected
    self.actual = actual
    self.hint = hint
  }

  public var description: String {
    let location = path.isEmpty ? "" : " at \(path)"
    var message = "\(layer)\(location) expects input of shape \(expected), got \(actual)"
    if let hint { message += " (\(hint))" }
    return message
  }

  public var debugDescription: String { "ShapeError: \(description)" }
  public var errorDescription: String? { description }

  /// The same error seen from one level up: `child` is prefixed to the path.
  func nested(in child: String) -> ShapeError {
    var copy = self
    copy.path = path.isEmpty ? child : "\(child).\(path)"
    return copy
  }
}
