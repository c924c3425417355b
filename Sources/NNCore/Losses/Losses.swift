import Foundation

// Losses take the prediction first and the target second, and return a
// scalar tensor whose gradient reaches the prediction.

/// The mean of squared differences (Keras's `mse`, TF1's
/// `reduce_mean(square(...))`).
public func mse(_ predicted: Tensor, _ expected: Tensor) -> Tensor {
  squaredError(predicted, expected, scale: 1 / Float(max(predicted.count, 1)), name: "mse")
}

/// The sum of squared differences over the whole batch (post 000's cost).
public func sse(_ predicted: Tensor, _ expected: Tensor) -> Tensor {
  squaredError(predicted, expected, scale: 1, name: "sse")
}

private func squaredError(_ predicted: Tensor, _ expected: Tensor, scale: Float, name: String)
  -> Tensor
{
  precondition(
    predicted.shape == expected.shape,
    "\(name): prediction \(predicted.shape) and target \(expected.shape) differ in shape")
  // One sweep writes the difference (the gradient, up to its scale) and sums its squares.
  var total = 0.0
  let difference = Tensor(shape: predicted.shape, zeroed: false) { d in
    predicted.withUnsafeBufferPointer { p in
      expected.withUnsafeBufferPointer { e in
        total = parallelSum(d.count) { range in
          squaredDifferences(p.baseAddress!, e.baseAddress!, into: d.baseAddress!, range)
        }
      }
    }
  }
  return Tensor(scalar: Float(total) * scale).recorded(from: [predicted]) { g in
    [difference * (2 * scale * g.scalar)]
  }
}

/// `d[i] = p[i] - e[i]` over `range`, returning the sum of `d[i]²` in
/// Double. Eight sums run side by side and are added at the end: one sum
/// is a chain of dependent additions, each waiting for the one before
/// (a third of the loss's time on post001-dense's 78,400 outputs).
private func squaredDifferences(
  _ p: UnsafePointer<Float>, _ e: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>,
  _ range: Range<Int>
) -> Double {
  var sums = SIMD8<Double>()
  var i = range.lowerBound
  while i + 8 <= range.upperBound {
    let x: SIMD8<Float> = p.vector(at: i) - e.vector(at: i)
    d.store(x, at: i)
    let squares = x * x
    sums += SIMD8(
      Double(squares[0]), Double(squares[1]), Double(squares[2]), Double(squares[3]),
      Double(squares[4]), Double(squares[5]), Double(squares[6]), Double(squares[7]))
    i += 8
  }
  var tail = 0.0
  for i in i..<range.upperBound {
    d[i] = p[i] - e[i]
    tail += Double(d[i] * d[i])
  }
  return sums.sum() + tail
}

/// Binary cross-entropy of `sigmoid(logits)` against `labels` in `0...1`,
/// averaged; computed from the logits as
/// `max(x, 0) - x * z + log(1 + exp(-|x|))`, so large logits do not overflow.
public func sigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
  precondition(
    logits.shape == labels.shape,
    "sigmoidCrossEntropy: logits \(logits.shape) and labels \(labels.shape) differ in shape")
  let scale = 1 / Float(max(logits.count, 1))
  var total = 0.0
  // One pass computes the loss and `sigmoid(x) - z`, the gradient up to
  // its scale: both need exp(-|x|), the expensive part.
  let residual = Tensor(shape: logits.shape, zeroed: false) { residual in
    logits.withUnsafeBufferPointer { xs in
      labels.withUnsafeBufferPointer { zs in
        total = parallelSum(xs.count) { range in
          withUnsafeTemporaryAllocation(of: Float.self, capacity: 4096) { softplus in
            var sum = 0.0
            for start in stride(from: range.lowerBound, to: range.upperBound, by: softplus.count) {
              let block = start..<min(start + softplus.count, range.upperBound)
              for i in block { residual[i] = -abs(xs[i]) }
              VectorMath.apply(.exp, residual, block)
              VectorMath.apply(
                .log1p, residual.baseAddress! + start, into: softplus.baseAddress!, count: block.count)
              for i in block {
                let (v, z, decay) = (xs[i], zs[i], residual[i])
                sum += Double(max(v, 0) - v * z + softplus[i - start])
                residual[i] = (v >= 0 ? 1 : decay) / (1 + decay) - z
              }
            }
            return sum
          }
        }
      }
    }
  }
  return Tensor(scalar: Float(total) * scale).recorded(from: [logits]) { g in
    [residual * (scale * g.scalar)]
  }
}
