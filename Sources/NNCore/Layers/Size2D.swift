/// A height and width: a kernel, a stride, a pool window or an image size.
/// Write `5` for 5x5 or `[1, 25]` for 1x25.
public struct Size2D: Hashable, Sendable, Codable {
  public var height: Int
  public var width: Int

  public init(_ height: Int, _ width: Int) {
    precondition(height > 0 && width > 0, "sizes must be positive, got \(height)x\(width)")
    self.height = height
    self.width = width
  }
}

extension Size2D: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self.init(value, value) }
}

extension Size2D: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Int...) {
    precondition(elements.count == 2, "a 2-D size is [height, width], got \(elements)")
    self.init(elements[0], elements[1])
  }
}

extension Size2D: CustomStringConvertible {
  /// As one writes it: `5`, or `[1, 25]`.
  public var description: String { height == width ? "\(height)" : "[\(height), \(width)]" }
}
