// Random tensors drawn from the shared, seeded generator.

extension Tensor {
  private static func filled(_ shape: [Int], _ draw: (inout RandomGenerator) -> Float) -> Tensor {
    Tensor(shape: shape) { out in
      Random.withGenerator { generator in
        for i in 0..<out.count { out[i] = draw(&generator) }
      }
    }
  }

  /// Samples from N(mean, std²).
  public static func randomNormal(shape: [Int], mean: Float = 0, std: Float = 1) -> Tensor {
    filled(shape) { mean + std * $0.nextNormal() }
  }

  /// Standard normal noise with the shape of `other`.
  public static func randomNormal(like other: Tensor) -> Tensor {
    randomNormal(shape: other.shape)
  }

  /// Samples from N(mean, std²), redrawing any beyond two standard deviations,
  /// as TensorFlow's `truncated_normal` does.
  public static func randomTruncatedNormal(shape: [Int], mean: Float = 0, std: Float = 1) -> Tensor {
    filled(shape) { generator in
      var z = generator.nextNormal()
      while abs(z) > 2 { z = generator.nextNormal() }
      return mean + std * z
    }
  }

  /// Samples uniformly from `range`.
  public static func randomUniform(shape: [Int], in range: ClosedRange<Float>) -> Tensor {
    let width = range.upperBound - range.lowerBound
    return filled(shape) { range.lowerBound + width * $0.nextUnitFloat() }
  }

  /// Ones with probability `p`, zeros otherwise.
  public static func randomBernoulli(shape: [Int], probability p: Float) -> Tensor {
    filled(shape) { $0.nextUnitFloat() < p ? 1 : 0 }
  }
}

extension Array {
  /// A shuffled copy drawn from the shared, seeded generator.
  public func seededShuffle() -> [Element] {
    Random.withGenerator { shuffled(using: &$0) }
  }
}
