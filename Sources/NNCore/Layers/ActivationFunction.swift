/// An element-wise nonlinearity, fused into `Dense` and the convolutions or
/// used on its own as `Activation(.relu)`.
public enum ActivationFunction: String, Sendable, Codable, CustomStringConvertible {
  case identity, relu, sigmoid, tanh

  public var description: String { rawValue }

  /// Applies the function in place, on all cores for large buffers.
  func apply(_ x: UnsafeMutableBufferPointer<Float>) {
    guard self != .identity else { return }
    parallelChunks(x.count, minimumPerChunk: elementsPerChunk) { _, range in apply(x, range) }
  }

  /// Applies the function in place to `x[range]`, on the calling thread.
  func apply(_ x: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>) {
    switch self {
    case .identity: break
    case .relu: for i in range { x[i] = max(x[i], 0) }
    case .sigmoid:
      for i in range { x[i] = -x[i] }
      VectorMath.apply(.exp, x, range)
      for i in range { x[i] = 1 / (1 + x[i]) }
    case .tanh:
      VectorMath.apply(.tanh, x, range)
    }
  }

  /// Runs `body` with the function's derivative, `(gradient at the output,
  /// output) -> gradient at the input`, on eight elements at a time. Each
  /// derivative is written in terms of the output `y`, so no pre-activation
  /// copy is kept. Inlined, so that the loop in `body` is compiled once per
  /// function with its derivative in place rather than switching per vector.
  @inline(__always)
  func withDerivative<Result>(
    _ body: (_ derivative: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>) -> Result
  ) -> Result {
    switch self {
    case .identity: body { g, _ in g }
    // Written as "not above zero" so that a NaN output passes no gradient,
    // as `y > 0 ? g : 0` would.
    case .relu: body { g, y in g.replacing(with: 0, where: .!(y .> 0)) }
    case .sigmoid: body { g, y in g * (y * (1 - y)) }
    case .tanh: body { g, y in g * (1 - y * y) }
    }
  }

  /// Turns the gradient at the output `y` into the gradient at the input,
  /// for `grad[range]`, on the calling thread. The result goes to a fresh
  /// buffer, so the incoming gradient is read once and not copied. Whole
  /// vectors, because the compiler does not vectorise this loop itself (it
  /// cannot rule out that `result` overlaps `grad`).
  func backpropagate(
    _ grad: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
    into result: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>
  ) {
    guard !range.isEmpty, let g = grad.baseAddress, let y = y.baseAddress, let r = result.baseAddress
    else { return }
    withDerivative { derivative in
      var i = range.lowerBound
      while i + 8 <= range.upperBound {
        r.store(derivative(g.vector(at: i), y.vector(at: i)), at: i)
        i += 8
      }
      guard i < range.upperBound else { return }
      // The last few elements, as one partly filled vector.
      var (gs, ys) = (SIMD8<Float>(), SIMD8<Float>())
      for k in i..<range.upperBound { (gs[k - i], ys[k - i]) = (g[k], y[k]) }
      let last = derivative(gs, ys)
      for k in i..<range.upperBound { r[k] = last[k - i] }
    }
  }
}

extension Tensor {
  /// `activation` applied to every element, with its gradient.
  public func applying(_ activation: ActivationFunction) -> Tensor {
    guard activation != .identity else { return self }
    var output = detached
    output.withUnsafeMutableBufferPointer { activation.apply($0) }
    return output.recorded(from: [self]) { [y = output.detached] grad in
      [activation.gradient(grad, output: y)]
    }
  }
}

extension ActivationFunction {
  /// The gradient at the input from `grad` at the output `y`, on all cores.
  func gradient(_ grad: Tensor, output y: Tensor) -> Tensor {
    guard self != .identity else { return grad }
    return Tensor(shape: grad.shape, zeroed: false) { result in
      grad.withUnsafeBufferPointer { grad in
        y.withUnsafeBufferPointer { y in
          _ = parallelChunks(result.count, minimumPerChunk: elementsPerChunk) { _, range in
            backpropagate(grad, output: y, into: result, range)
          }
        }
      }
    }
  }
}

/// A nonlinearity as a layer of its own: `Activation(.relu)`.
public final class Activation: Layer, Codable {
  public let function: ActivationFunction

  public init(_ function: ActivationFunction) {
    self.function = function
  }

  public func callAsFunction(_ input: Tensor) throws -> Tensor {
    input.applying(function)
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public var isSampleWise: Bool { true }

  public var constructor: String { "Activation(.\(function))" }
}

/// The sigmoid function as a tensor operation (e.g. on logits).
public func sigmoid(_ x: Tensor) -> Tensor { x.applying(.sigmoid) }
/// The rectifier as a tensor operation.
public func relu(_ x: Tensor) -> Tensor { x.applying(.relu) }
/// The hyperbolic tangent as a tensor operation.
public func tanh(_ x: Tensor) -> Tensor { x.applying(.tanh) }
