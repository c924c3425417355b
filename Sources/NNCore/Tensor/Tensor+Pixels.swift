// Conversions between tensors and 8-bit pixels.

extension Tensor {
  /// Pixels `0...255` scaled to `0...1`.
  public init(pixels: [UInt8], shape: [Int]) {
    self.init(shape: shape, scalars: pixels.map { Float($0) / 255 })
  }

  /// The elements mapped from `range` to `0...255`, clamped and rounded.
  public func pixels(from range: ClosedRange<Float> = 0...1) -> [UInt8] {
    let scale = 255 / Swift.max(range.upperBound - range.lowerBound, .leastNormalMagnitude)
    return storage.map { value in
      let v = ((value - range.lowerBound) * scale).rounded()
      return v.isNaN ? 0 : UInt8(Swift.min(Swift.max(v, 0), 255))
    }
  }
}
