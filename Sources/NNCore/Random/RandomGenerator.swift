import Foundation

/// xoshiro256** seeded through SplitMix64: small, fast, and the same numbers
/// for the same seed on every machine (no platform generator involved).
public struct RandomGenerator: RandomNumberGenerator {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (next(), next(), next(), next())
  }

  /// The generator's four words, to save and restore it exactly.
  public var words: [UInt64] {
    get { [state.0, state.1, state.2, state.3] }
    set {
      precondition(newValue.count == 4, "a RandomGenerator has 4 words of state, got \(newValue.count)")
      state = (newValue[0], newValue[1], newValue[2], newValue[3])
    }
  }

  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotate(state.3, 45)
    return result
  }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform in `[0, 1)` with 24 bits, exactly representable as `Float`.
  public mutating func nextUnitFloat() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A standard normal sample (Box-Muller; the second value is dropped so that
  /// a sample never depends on how earlier draws were split).
  public mutating func nextNormal() -> Float {
    let u1 = max(Double(next() >> 11) * 0x1.0p-53, Double.leastNonzeroMagnitude)
    let u2 = Double(next() >> 11) * 0x1.0p-53
    return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
  }
}

/// The process-wide generator behind initialisers, dropout, noise and
/// shuffling. `Random.seed(_:)` makes a whole notebook reproducible.
public enum Random {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var shared = RandomGenerator(seed: 0)

  /// Restarts the shared generator from `seed`.
  public static func seed(_ seed: UInt64) {
    lock.withLock { shared = RandomGenerator(seed: seed) }
  }

  /// The shared generator's state: read after a cell to save it, set to
  /// continue exactly where a saved run was.
  public static var generator: RandomGenerator {
    get { lock.withLock { shared } }
    set { lock.withLock { shared = newValue } }
  }

  /// Runs `body` with exclusive use of the shared generator.
  public static func withGenerator<R>(_ body: (inout RandomGenerator) throws -> R) rethrows -> R {
    try lock.withLock { try body(&shared) }
  }
}

/// Coded as its four words, as hexadecimal text (exact whatever the coder
/// does with large integers).
extension RandomGenerator: Codable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode([String].self)
    let words = text.compactMap { UInt64($0, radix: 16) }
    guard words.count == 4, text.count == 4 else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "a RandomGenerator is 4 hexadecimal words, got \(text)")
    }
    self.init(seed: 0)
    self.words = words
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(words.map { String($0, radix: 16) })
  }
}
