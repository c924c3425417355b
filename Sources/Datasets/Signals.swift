import Foundation
import NNCore

/// Post 000's 1-D signals: `cos(2πx)` on `points` evenly spaced x in
/// `[0.05, 2]`, plus N(0, noise²) noise, shaped `[n, 1, points, 1]` so the
/// convolution layers see a one-row image.
public struct Signals: Codable {
  public var noisy: Tensor
  public var clean: Tensor
  public var x: [Float]

  /// `count` signals drawn from the shared, seeded generator.
  public static func cosine(count: Int, points: Int = 100, noise: Float = 0.1) -> Signals {
    let x = (0..<points).map { 0.05 + (2 - 0.05) * Float($0) / Float(points - 1) }
    let wave = x.map { Float(cos(2 * Double.pi * Double($0))) }
    let clean = Tensor(
      shape: [count, 1, points, 1], scalars: Array([[Float]](repeating: wave, count: count).joined()))
    return Signals(noisy: clean + Tensor.randomNormal(shape: clean.shape, std: noise), clean: clean, x: x)
  }
}
