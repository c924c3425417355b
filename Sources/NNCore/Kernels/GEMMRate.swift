import Foundation

// How fast this machine multiplies matrices: what `nbbench` measures the
// models against.

extension GEMM {
  /// GFLOP/s of `matmul` on two `size` x `size` matrices, on all cores:
  /// the ceiling the models' products are compared with (`nbbench`).
  public static func matmulRate(size n: Int = 1024, repeats: Int = 5) -> Double {
    let a = Tensor.randomNormal(shape: [n, n])
    let b = Tensor.randomNormal(shape: [n, n])
    _ = a.matmul(b)  // warm up threads and caches
    let started = Date()
    for _ in 0..<repeats { _ = a.matmul(b) }
    return Double(2 * n * n * n * repeats) / Date().timeIntervalSince(started) / 1e9
  }

  /// GFLOP/s of one product shape on the calling thread through `library`:
  /// the fastest of `repeats` timings, each of enough products to last about
  /// 20 ms. What `nbbench --products` compares the two libraries with.
  public static func rate(
    m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
    through library: Library, repeats: Int = 5
  ) -> Double {
    _ = ComputeSetup.applied
    let a = Tensor.randomNormal(shape: [m, k]).scalars
    let b = Tensor.randomNormal(shape: [k, n]).scalars
    var c = [Float](repeating: 0, count: m * n)
    let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
    let flops = Double(2 * m * n * k)
    let count = max(1, Int(4e7 / flops))
    var fastest = Double.infinity
    for _ in 0..<repeats {
      let started = Date()
      for _ in 0..<count {
        sgemm(a, lda, b, ldb, &c, n, m: m, n: n, k: k, transposeA, transposeB, true, through: library)
      }
      fastest = min(fastest, Date().timeIntervalSince(started) / Double(count))
    }
    return flops / fastest / 1e9
  }
}
