import Foundation
internal import VectorKernels

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

  private final class Moments {
    let parameter: Parameter
    var m: [Float]
    var v: [Float]

    init(parameter: Parameter, m: [Float], v: [Float]) {
      self.parameter = parameter
      self.m = m
      self.v = v
    }
  }

  public init(
    learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// Every parameter with a gradient in one sweep: their elements are laid
  /// end to end and split across the cores as one array, so a model of many
  /// small parameters costs one hand-off between cores per step, not one
  /// per parameter. A parameter the model holds twice (a shared weight) is
  /// updated once.
  public func update(_ model: some Layer, along gradients: Gradients) {
    step += 1
    let t = Float(step)
    let rate = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
    var seen = Set<ObjectIdentifier>()
    let updates = model.parameters.compactMap { _, parameter -> (Moments, Tensor)? in
      guard let g = gradients[parameter], g.count > 0, seen.insert(ObjectIdentifier(parameter)).inserted
      else {
        return nil
      }
      precondition(
        g.count == parameter.count, "Adam: a gradient of \(g.shape) for a parameter of \(parameter.shape)")
      let key = ObjectIdentifier(parameter)
      if let state = moments[key] { return (state, g) }
      let state = Moments(
        parameter: parameter, m: [Float](repeating: 0, count: g.count),
        v: [Float](repeating: 0, count: g.count))
      moments[key] = state
      return (state, g)
    }
    Self.withSegments(updates[...]) { segments in
      let total = segments.reduce(0) { $0 + $1.count }
      let starts = segments.reduce(into: [0]) { $0.append($0.last! + $1.count) }
      parallelChunks(total, minimumPerChunk: elementsPerChunk) { _, range in
        for (segment, start) in zip(segments, starts) {
          let overlap = range.clamped(to: start..<(start + segment.count))
          guard !overlap.isEmpty else { continue }
          let offset = overlap.lowerBound - start
          nb_adam_step(
            segment.p + offset, segment.g + offset, segment.m + offset, segment.v + offset, overlap.count,
            beta1, beta2, rate, epsilon)
        }
      }
    }
  }

  /// The arrays one parameter's update reads and writes.
  private struct Segment {
    var p: UnsafeMutablePointer<Float>
    var g: UnsafePointer<Float>
    var m: UnsafeMutablePointer<Float>
    var v: UnsafeMutablePointer<Float>
    var count: Int
  }

  /// `body` with every update's parameter, gradient and moments open at
  /// once, one nested access per update.
  private static func withSegments(
    _ updates: ArraySlice<(Moments, Tensor)>, collected: [Segment] = [], _ body: ([Segment]) -> Void
  ) {
    guard let (moments, gradient) = updates.first else { return body(collected) }
    moments.parameter.value.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in
        moments.m.withUnsafeMutableBufferPointer { m in
          moments.v.withUnsafeMutableBufferPointer { v in
            let segment = Segment(
              p: p.baseAddress!, g: g.baseAddress!, m: m.baseAddress!, v: v.baseAddress!, count: p.count)
            withSegments(updates.dropFirst(), collected: collected + [segment], body)
          }
        }
      }
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
