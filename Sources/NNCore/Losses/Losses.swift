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
    [difference * (2 * scale * g.scalars[0])]
  }
}

/// Binary cross-entropy of `sigmoid(logits)` against `labels` in `0...1`,
/// averaged; computed from the logits as
/// `max(x, 0) - x * z + log(1 + exp(-|x|))`, so large logits do not overflow.
public func sigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
  precondition(
    logits.shape == labels.shape,
    "sigmoidCrossEntropy: logits \(logits.shape) and labels \(labels.shape) differ in shape")
  let x = logits.detached
  // exp(-|x|) serves both the loss and, later, the sigmoid of the gradient.
  let decay = x.map { exp(-abs($0)) }
  let total = x.withUnsafeBufferPointer { xs in
    labels.withUnsafeBufferPointer { zs in
      decay.withUnsafeBufferPointer { es in
        parallelSum(xs.count) { range in
          range.reduce(0) { sum, i in
            let (v, z) = (xs[i], zs[i])
            return sum + Double(max(v, 0) - v * z + log1p(es[i]))
          }
        }
      }
    }
  }
  let scale = 1 / Float(max(x.count, 1))
  return Tensor(scalar: Float(total) * scale).recorded(from: [logits]) { [labels = labels.detached] g in
    let factor = scale * g.scalars[0]
    let sigmoid = x.zipped(with: decay) { v, e in v >= 0 ? 1 / (1 + e) : e / (1 + e) }
    return [sigmoid.zipped(with: labels) { ($0 - $1) * factor }]
  }
}
