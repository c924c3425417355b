import Foundation

/// Adam (Kingma & Ba), in the form TensorFlow and Keras implement:
/// `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`,
/// `p -= lr_t * m / (sqrt(v) + epsilon)`.
///
/// Defaults are TF1's: learning rate 0.001, betas 0.9 / 0.999, epsilon 1e-8.
/// Keras uses epsilon 1e-7; pass it to match a Keras post exactly.
public final class Adam: Optimizer {
  public var learningRate: Float
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  /// Steps taken so far.
  public private(set) var step = 0
  private var moments: [ObjectIdentifier: (m: [Float], v: [Float])] = [:]

  public init(
    learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  public func update(_ model: some Layer, along gradients: Gradients) {
    step += 1
    let t = Float(step)
    let rate = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    for (_, parameter) in model.parameters {
      guard let g = gradients[parameter] else { continue }
      let key = ObjectIdentifier(parameter)
      // Taken out of the dictionary so the updates below do not copy it.
      var (m, v) =
        moments.removeValue(forKey: key)
        ?? ([Float](repeating: 0, count: g.count), [Float](repeating: 0, count: g.count))
      parameter.value.withUnsafeMutableBufferPointer { p in
        g.withUnsafeBufferPointer { g in
          m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
              _ = parallelChunks(p.count, minimumPerChunk: elementsPerChunk) { _, range in
                let (p, g, m, v) = (p.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
                // Eight parameters per instruction, then the rest one by one.
                var i = range.lowerBound
                while i + 8 <= range.upperBound {
                  let gi: SIMD8<Float> = g.vector(at: i)
                  let mi = b1 * m.vector(at: i) + (1 - b1) * gi
                  let vi = b2 * v.vector(at: i) + (1 - b2) * gi * gi
                  m.store(mi, at: i)
                  v.store(vi, at: i)
                  p.store(p.vector(at: i) - rate * mi / (vi.squareRoot() + eps), at: i)
                  i += 8
                }
                for i in i..<range.upperBound {
                  m[i] = b1 * m[i] + (1 - b1) * g[i]
                  v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                  p[i] -= rate * m[i] / (v[i].squareRoot() + eps)
                }
              }
            }
          }
        }
      }
      moments[key] = (m, v)
    }
  }
}
