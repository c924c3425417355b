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
  let difference = predicted.detached.zipped(with: expected.detached, -)
  let total = difference.withUnsafeBufferPointer { d in
    parallelSum(d.count) { range in range.reduce(0) { $0 + Double(d[$1] * d[$1]) } }
  }
  return Tensor(scalar: Float(total) * scale).recorded(from: [predicted]) { g in
    [difference * (2 * scale * g.scalar)]
  }
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
