// The tail every affine layer (Dense, Conv2D, ConvTranspose2D) shares:
// add a bias per feature, apply the activation; and its gradient. Both run
// in one pass over row-aligned shares of the output, one per core.

extension Tensor {
  /// Adds `bias` to every row of the last axis and applies `activation`,
  /// in place on a freshly computed product.
  mutating func addBiasAndActivate(_ bias: Tensor, _ activation: ActivationFunction) {
    let features = bias.count
    withUnsafeMutableBufferPointer { out in
      bias.withUnsafeBufferPointer { b in
        forEachRowShare(of: out.count, features: features) { _, rows in
          for row in rows {
            let start = row * features
            for j in 0..<features { out[start + j] += b[j] }
          }
          activation.apply(out, (rows.lowerBound * features)..<(rows.upperBound * features))
        }
      }
    }
  }

  /// The gradient before the activation, and the bias gradient (summed over
  /// every row), from the gradient at the output `self` of a layer whose
  /// output was `output`.
  func throughBiasAndActivation(output: Tensor, _ activation: ActivationFunction, features: Int)
    -> (preActivation: Tensor, bias: Tensor)
  {
    var pre = detached
    let rowCount = count / Swift.max(features, 1)
    var partials = [Double](
      repeating: 0, count: parallelChunkCount(rowCount, minimumPerChunk: rowsPerShare(features)) * features)
    pre.withUnsafeMutableBufferPointer { g in
      output.withUnsafeBufferPointer { y in
        partials.withUnsafeMutableBufferPointer { partials in
          forEachRowShare(of: g.count, features: features) { share, rows in
            activation.backpropagate(
              g, output: y, (rows.lowerBound * features)..<(rows.upperBound * features))
            let sums = partials.baseAddress! + share * features
            for row in rows {
              let start = row * features
              for j in 0..<features { sums[j] += Double(g[start + j]) }
            }
          }
        }
      }
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
