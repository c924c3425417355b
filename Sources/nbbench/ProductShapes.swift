import Foundation
import NNCore

/// Matrix products the posts' models run, per core, for `nbbench --products`:
/// every library on each, on one core, beside where `GEMM` sends it and
/// the timing it chose by (`KernelChoices`, made on the shape's first use).
struct ProductShape {
  var what: String
  var m: Int
  var n: Int
  var k: Int
  var transposeA = false

  static let all = [
    ProductShape(what: "Dense 784 => 32, 500 rows", m: 500, n: 32, k: 784),
    ProductShape(what: "  its weight gradient", m: 784, n: 32, k: 200, transposeA: true),
    ProductShape(what: "Conv 16 => 32, 5x5 (post 000, 003)", m: 637, n: 32, k: 400),
    ProductShape(what: "  its weight gradient", m: 400, n: 32, k: 637, transposeA: true),
    ProductShape(what: "Conv 1 => 16, 5x5", m: 2156, n: 16, k: 25),
    ProductShape(what: "Conv 8 => 16, 3x3 (post 004)", m: 3136, n: 16, k: 72),
    ProductShape(what: "Conv 16 => 8, 3x3", m: 1764, n: 8, k: 144),
    ProductShape(what: "Conv 16 => 1, 3x3", m: 1568, n: 1, k: 144),
    ProductShape(what: "Conv 1 => 16, 3x3", m: 29008, n: 16, k: 9),
    ProductShape(what: "  its weight gradient", m: 9, n: 16, k: 29008, transposeA: true),
    ProductShape(what: "Dense 196 => 49 (post 002)", m: 1000, n: 49, k: 196),
    ProductShape(what: "Conv 32 => 64, 5x5 (post 000)", m: 320, n: 64, k: 800),
    ProductShape(what: "Dense 784 => 256 (post 001)", m: 500, n: 256, k: 784),
  ]

  static func printComparison() {
    let libraries = GEMM.available
    guard libraries.count > 1 else {
      print("\(GEMM.libraries): nothing to compare.")
      return
    }
    print("products through: \(GEMM.libraries)")
    print("BLIS configuration: \(GEMM.blisConfiguration ?? "none")")
    print("one core, GFLOP/s, the fastest of 5 timings; GEMM's choice, by its first timing\n")
    let names = libraries.map { $0.rawValue.leftPadded(to: 10) }.joined(separator: " ")
    print(
      "product".padding(toLength: 34, withPad: " ", startingAt: 0)
        + "      m      n      k \(names)  GEMM uses (its time then / OpenBLAS's)")
    for shape in all {
      let rates = libraries.map {
        GEMM.rate(m: shape.m, n: shape.n, k: shape.k, transposeA: shape.transposeA, through: $0)
      }
      let (library, why) = GEMM.choice(m: shape.m, n: shape.n, k: shape.k, transposeA: shape.transposeA)
      let then =
        why.flatMap { why in
          why.seconds[library.rawValue].map { String(format: "%.2fx", $0 / why.seconds["OpenBLAS"]!) }
        } ?? "-"
      print(
        shape.what.padding(toLength: 34, withPad: " ", startingAt: 0)
          + String(format: "%7d %6d %6d", shape.m, shape.n, shape.k)
          + rates.map { String(format: " %10.1f", $0) }.joined()
          + "  \(library.rawValue) (\(then))")
      fflush(nil)
    }
    ConvolutionChoices.print()
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
