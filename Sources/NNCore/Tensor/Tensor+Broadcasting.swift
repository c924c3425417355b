// NumPy's broadcasting rule for element-wise operations, and its adjoint:
// the gradient of a broadcast operand is summed over the repeated axes.

extension Tensor {
  /// The shape two operands of an element-wise operation broadcast to:
  /// axes are aligned from the right, and each pair must be equal or one of
  /// them 1 (a missing axis counts as 1). `[10000, 28, 28, 1]` and
  /// `[1, 28, 28, 1]` give `[10000, 28, 28, 1]`; `[3, 1]` and `[4]` give `[3, 4]`.
  static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = Swift.max(a.count, b.count)
    let (paddedA, paddedB) = (padded(a, to: rank), padded(b, to: rank))
    return zip(paddedA, paddedB).map { x, y in
      precondition(
        x == y || x == 1 || y == 1,
        "element-wise operation needs shapes that broadcast (equal axes, or 1), got \(a) and \(b)")
      return x == 1 ? y : x
    }
  }

  /// `shape` with leading axes of 1 up to `rank`.
  fileprivate static func padded(_ shape: [Int], to rank: Int) -> [Int] {
    Array(repeating: 1, count: rank - shape.count) + shape
  }

  /// The step in `self`'s storage for one step along each axis of
  /// `outputShape`: 0 along the axes `self` is repeated along.
  func broadcastStrides(to outputShape: [Int]) -> [Int] {
    let own = Tensor.padded(shape, to: outputShape.count)
    var strides = [Int](repeating: 0, count: own.count)
    var step = 1
    for axis in own.indices.reversed() {
      strides[axis] = own[axis] == 1 ? 0 : step
      step *= own[axis]
    }
    return strides
  }

  /// The sum of `self` over the axes along which an operand of `target`
  /// shape was broadcast to `self`'s shape: the gradient of that operand.
  func summed(toShape target: [Int]) -> Tensor {
    guard shape != target else { return self }
    precondition(
      Tensor.broadcastShape(target, shape) == shape, "cannot sum shape \(shape) down to \(target)")
    let strides = Tensor(zeros: target).broadcastStrides(to: shape)
    var totals = [Double](repeating: 0, count: target.reduce(1, *))  // Double: many terms
    storage.withUnsafeBufferPointer { g in
      forEachIndex(of: shape) { i, index in totals[offset(index, strides)] += Double(g[i]) }
    }
    return Tensor(shape: target, scalars: totals.map { Float($0) })
  }
}

/// Calls `body(i, index)` for every element of a row-major `shape`, in
/// order: `i` is its position, `index` its coordinates.
func forEachIndex(of shape: [Int], _ body: (Int, [Int]) -> Void) {
  let count = shape.reduce(1, *)
  guard count > 0 else { return }
  var index = [Int](repeating: 0, count: shape.count)
  for i in 0..<count {
    body(i, index)
    var axis = shape.count - 1
    while axis >= 0 {
      index[axis] += 1
      if index[axis] < shape[axis] { break }
      index[axis] = 0
      axis -= 1
    }
  }
}

/// The storage position of coordinates `index` under `strides`.
@inline(__always)
func offset(_ index: [Int], _ strides: [Int]) -> Int {
  var position = 0
  for axis in index.indices { position += index[axis] * strides[axis] }
  return position
}
