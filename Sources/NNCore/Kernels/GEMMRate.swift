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
    let seconds = secondsPerProduct(
      m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, through: library,
      repeats: repeats, lasting: 0.02)
    return Double(2 * m * n * k) / seconds / 1e9
  }

  /// Seconds per product of one shape on the calling thread through
  /// `library`: the fastest of `repeats` timings, each of as many products
  /// as last at least `lasting` seconds (doubled until they do: a product of
  /// a few hundred multiply-adds runs far below the peak rate), after one
  /// untimed product (first touches of the buffers, the library's setup).
  /// The operands are constants, not random numbers: timing a product must
  /// not draw from the generator a notebook's results depend on.
  static func secondsPerProduct(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, through library: Library,
    repeats: Int = 3, lasting: Double = 0.0005
  ) -> Double {
    _ = ComputeSetup.applied
    let a = [Float](repeating: 0.5, count: m * k)
    let b = [Float](repeating: 0.25, count: k * n)
    var c = [Float](repeating: 0, count: m * n)
    let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
    func seconds(_ count: Int) -> Double {
      let started = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<count {
        sgemm(a, lda, b, ldb, &c, n, m: m, n: n, k: k, transposeA, transposeB, false, through: library)
      }
      return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }
    _ = seconds(1)
    var count = 1
    while seconds(count) < lasting { count *= 2 }
    return (0..<repeats).map { _ in seconds(count) / Double(count) }.min()!
  }
}
