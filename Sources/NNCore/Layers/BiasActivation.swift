// The tail every affine layer (Dense, Conv2D, ConvTranspose2D) shares:
// add a bias per feature, apply the activation; and its gradient.

extension Tensor {
  /// Adds `bias` to every row of the last axis and applies `activation`,
  /// in place on a freshly computed product.
  mutating func addBiasAndActivate(_ bias: Tensor, _ activation: ActivationFunction) {
    let features = bias.count
    withUnsafeMutableBufferPointer { out in
      bias.withUnsafeBufferPointer { b in
        var row = 0
        while row < out.count {
          for j in 0..<features { out[row + j] += b[j] }
          row += features
        }
      }
      activation.apply(out)
    }
  }

  /// The gradient before the activation, and the bias gradient (summed over
  /// every row), from the gradient at the output `self` of a layer whose
  /// output was `output`.
  func throughBiasAndActivation(output: Tensor, _ activation: ActivationFunction, features: Int)
    -> (preActivation: Tensor, bias: Tensor)
  {
    let pre = activation.gradient(self, output: output)
    var biasGrad = [Double](repeating: 0, count: features)
    pre.withUnsafeBufferPointer { g in
      var row = 0
      while row < g.count {
        for j in 0..<features { biasGrad[j] += Double(g[row + j]) }
        row += features
      }
    }
    return (pre, Tensor(biasGrad.map(Float.init)))
  }
}
