// The tail every affine layer (Dense, Conv2D, ConvTranspose2D) shares: a
// bias per feature, which its product starts from, and an activation; and
// their gradient, computed in one sweep over row-aligned shares of the
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
    // Each share is walked in blocks of rows small enough to stay in cache:
    // a block's pre-activation gradient is written (unless the activation
    // is the identity, whose gradient is `self`), then added to the block's
    // bias sums while still in cache. The sums run in Float over a block,
    // in vectors, and are carried into Double between blocks, so that long
    // columns keep their precision.
    let rowsPerBlock = Swift.min(Swift.max(1, elementsPerBlock / Swift.max(features, 1)), maximumRowsPerBlock)
    func pass(into pre: UnsafeMutableBufferPointer<Float>?) {
      withUnsafeBufferPointer { incoming in
        output.withUnsafeBufferPointer { y in
          partials.withUnsafeMutableBufferPointer { partials in
            forEachRowShare(of: incoming.count, features: features) { share, rows in
              guard !rows.isEmpty else { return }
              withUnsafeTemporaryAllocation(of: Float.self, capacity: features) { block in
                let block = block.baseAddress!
                let g = pre.map { UnsafePointer($0.baseAddress!) } ?? incoming.baseAddress!
                let sums = partials.baseAddress! + share * features
                for blockStart in stride(from: rows.lowerBound, to: rows.upperBound, by: rowsPerBlock) {
                  let blockRows = blockStart..<Swift.min(blockStart + rowsPerBlock, rows.upperBound)
                  if let pre {
                    activation.backpropagate(
                      incoming, output: y, into: pre,
                      (blockRows.lowerBound * features)..<(blockRows.upperBound * features))
                  }
                  block.initialize(repeating: 0, count: features)
                  for row in blockRows { addRow(g + row * features, to: block, count: features) }
                  for j in 0..<features { sums[j] += Double(block[j]) }
                }
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

/// A block's elements: three buffers of them (incoming, output and result)
/// fit in a core's first-level cache.
private let elementsPerBlock = 2048

/// At most this many rows' bias sums are added up in Float before being
/// carried into Double: a block's rounding is that of 63 Float additions,
/// and the carry keeps it from growing with the column's length (156,800
/// rows for a 28x28 convolution over a batch of 200).
private let maximumRowsPerBlock = 64

/// `sums[j] += row[j]` for `j < count`, eight at a time.
@inline(__always)
private func addRow(_ row: UnsafePointer<Float>, to sums: UnsafeMutablePointer<Float>, count: Int) {
  var j = 0
  while j + 8 <= count {
    sums.store(sums.vector(at: j, as: SIMD8<Float>.self) + row.vector(at: j), at: j)
    j += 8
  }
  while j < count {
    sums[j] += row[j]
    j += 1
  }
}

/// Rows per share: enough elements that handing a share to another core pays.
private func rowsPerShare(_ features: Int) -> Int { max(1, elementsPerChunk / max(features, 1)) }

/// Runs `body(share, rows)` over the rows of a `[rows, features]` buffer,
/// split across the cores.
private func forEachRowShare(of count: Int, features: Int, _ body: (Int, Range<Int>) -> Void) {
  parallelChunks(count / max(features, 1), minimumPerChunk: rowsPerShare(features), body)
}
