import CBLAS
import Foundation
import Launcher
import NNCore

/// OpenBLAS's sgemm on 1024x1024 matrices, on one core and on all, the
/// ceiling each model's rate is set beside. Measured in a child process
/// (`nbbench --sgemm-rates`), twice: with the environment as given, and with
/// `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` removed from that one child's
/// environment, which lets OpenBLAS pick kernels by what the CPU reports.
/// Nothing else's environment changes.
struct SGEMMRates: Codable {
  var oneCore: Double
  var allCores: Double
  var cores: Int
  /// The largest relative difference of 256 sampled entries from a
  /// double-precision dot product: a wrong kernel shows here.
  var worstError: Double

  static let variables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]

  /// Runs in the child: times and checks both thread counts.
  static func measure(size n: Int = 1024) -> SGEMMRates {
    let a = Tensor.randomNormal(shape: [n, n]).scalars
    let b = Tensor.randomNormal(shape: [n, n]).scalars
    var c = [Float](repeating: 0, count: n * n)
    func rate(threads: Int) -> Double {
      openblas_set_num_threads(Int32(threads))
      let multiply = {
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b,
          Int32(n), 0, &c, Int32(n))
      }
      multiply()  // threads and caches warm
      var fastest = Double.infinity
      for _ in 0..<5 {
        let started = Date()
        multiply()
        fastest = min(fastest, Date().timeIntervalSince(started))
      }
      return Double(2 * n * n * n) / fastest / 1e9
    }
    let one = rate(threads: 1)
    let all = rate(threads: kernelThreadCount)
    var worst = 0.0
    for sample in 0..<256 {
      let (i, j) = ((sample * 397) % n, (sample * 677 + 13) % n)
      let exact = (0..<n).reduce(0.0) { $0 + Double(a[i * n + $1]) * Double(b[$1 * n + j]) }
      let scale = (0..<n).reduce(0.0) { $0 + abs(Double(a[i * n + $1]) * Double(b[$1 * n + j])) }
      worst = max(worst, abs(Double(c[i * n + j]) - exact) / scale)
    }
    return SGEMMRates(oneCore: one, allCores: all, cores: kernelThreadCount, worstError: worst)
  }

  /// Runs `nbbench --sgemm-rates` as a child, its environment less `removing`.
  static func inChild(removing removed: [String] = []) throws -> SGEMMRates {
    var environment = ProcessInfo.processInfo.environment
    for name in removed { environment[name] = nil }
    let output = try ChildOutput.of(
      [ChildProcess.thisExecutable, "--sgemm-rates"], environment: environment, what: "sgemm measurement")
    return try JSONDecoder().decode(SGEMMRates.self, from: output)
  }
}
