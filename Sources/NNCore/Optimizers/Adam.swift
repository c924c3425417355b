import Foundation

/// Adam (Kingma & Ba), in the form TensorFlow and Keras implement:
/// `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`,
/// `p -= lr_t * m / (sqrt(v) + epsilon)`.
///
/// Defaults are TF1's: learning rate 0.001, betas 0.9 / 0.999, epsilon 1e-8.
/// Keras uses epsilon 1e-7; pass it to match a Keras post exactly.
public final class Adam: Optimizer, Codable {
  public var learningRate: Float
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  /// Steps taken so far.
  public private(set) var step = 0
  /// Each parameter's moments. The parameter is held, not only its
  /// identifier: so that a freed parameter's identifier cannot come back
  /// as a new one's, and so that a saved optimizer names the parameters.
  private var moments: [ObjectIdentifier: Moments] = [:]

  private struct Moments {
    let parameter: Parameter
    var m: [Float]
    var v: [Float]
  }

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
        moments.removeValue(forKey: key).map { ($0.m, $0.v) }
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
      moments[key] = Moments(parameter: parameter, m: m, v: v)
    }
  }
}

/// Saved with the parameters its moments belong to, coded as references
/// (`encodePolymorphic`): restored beside the model it trains, it goes on
/// exactly as it would have.
extension Adam {
  private enum CodingKeys: String, CodingKey { case learningRate, beta1, beta2, epsilon, step, moments }
  private enum MomentKeys: String, CodingKey { case parameter, m, v }

  public convenience init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      learningRate: try container.decode(Float.self, forKey: .learningRate),
      beta1: try container.decode(Float.self, forKey: .beta1),
      beta2: try container.decode(Float.self, forKey: .beta2),
      epsilon: try container.decode(Float.self, forKey: .epsilon))
    step = try container.decode(Int.self, forKey: .step)
    var list = try container.nestedUnkeyedContainer(forKey: .moments)
    while !list.isAtEnd {
      let entry = try list.nestedContainer(keyedBy: MomentKeys.self)
      let parameter = try entry.decodePolymorphic(Parameter.self, forKey: .parameter)
      moments[ObjectIdentifier(parameter)] = Moments(
        parameter: parameter, m: try entry.decode(Tensor.self, forKey: .m).scalars,
        v: try entry.decode(Tensor.self, forKey: .v).scalars)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(learningRate, forKey: .learningRate)
    try container.encode(beta1, forKey: .beta1)
    try container.encode(beta2, forKey: .beta2)
    try container.encode(epsilon, forKey: .epsilon)
    try container.encode(step, forKey: .step)
    var list = container.nestedUnkeyedContainer(forKey: .moments)
    for moment in moments.values {
      var entry = list.nestedContainer(keyedBy: MomentKeys.self)
      try entry.encodePolymorphic(moment.parameter, forKey: .parameter)
      try entry.encode(Tensor(moment.m), forKey: .m)
      try entry.encode(Tensor(moment.v), forKey: .v)
    }
  }
}
