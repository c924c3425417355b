// The tail every affine layer (Dense, Conv2D, ConvTranspose2D) shares: a
// bias per feature, which its product starts from, and an activation; and
// their gradient, computed in one pass over row-aligned shares of the
// output, one per core.

extension Tensor {
  /// Applies `activation` in place to a freshly computed output.
  mutating func activate(_ activation: ActivationFunction) {
    withUnsafeMutableBufferPointer { activation.apply($0) }
  }

  /// The gradient before the activation, and the bias gradient (summed over
  /// every row), from the gradient at the output `self` of a layer whose
  /// output was `output`.
  func throughBiasAndActivation(output: Tensor, _ activation: ActivationFunction, features: Int)
    -> (preActivation: Tensor, bias: Tensor)
  {
    let rowCount = count / Swift.max(features, 1)
    var partials = [Double](
      repeating: 0, count: parallelChunkCount(rowCount, minimumPerChunk: rowsPerShare(features)) * features)
    // Writes the pre-activation gradient of a share (unless the activation
    // is the identity, whose gradient is `self`), then adds it to the
    // share's bias sums while it is still in cache.
    func pass(into pre: UnsafeMutableBufferPointer<Float>?) {
      withUnsafeBufferPointer { incoming in
        output.withUnsafeBufferPointer { y in
          partials.withUnsafeMutableBufferPointer { partials in
            forEachRowShare(of: incoming.count, features: features) { share, rows in
              let range = (rows.lowerBound * features)..<(rows.upperBound * features)
              if let pre { activation.backpropagate(incoming, output: y, into: pre, range) }
              let g = pre.map(UnsafeBufferPointer.init) ?? incoming
              let sums = partials.baseAddress! + share * features
              for row in rows {
                let start = row * features
                for j in 0..<features { sums[j] += Double(g[start + j]) }
              }
            }
          }
        }
      }
    }
    let pre: Tensor
    if activation == .identity {
      pass(into: nil)
      pre = self
    } else {
      pre = Tensor(shape: shape, zeroed: false) { pass(into: $0) }
    }
    // Shares are added in order, so a machine always gives the same sum.
    var bias = [Float](repeating: 0, count: features)
    for j in 0..<features {
      bias[j] = Float(stride(from: j, to: partials.count, by: features).reduce(0.0) { $0 + partials[$1] })
    }
    return (pre, Tensor(bias))
  }
}

/// Rows per share: enough elements that handing a share to another core pays.
private func rowsPerShare(_ features: Int) -> Int { max(1, elementsPerChunk / max(features, 1)) }

/// Runs `body(share, rows)` over the rows of a `[rows, features]` buffer,
/// split across the cores.
private func forEachRowShare(of count: Int, features: Int, _ body: (Int, Range<Int>) -> Void) {
  parallelChunks(count / max(features, 1), minimumPerChunk: rowsPerShare(features), body)
}
