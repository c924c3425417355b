internal import CBLAS

/// Single-precision matrix multiply through OpenBLAS, row-major:
/// `c = op(a) * op(b) (+ c when accumulating)`, where `op(a)` is `m x k` and
/// `op(b)` is `k x n`. The one place that talks to BLAS.
enum GEMM {
  static func multiply(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int,
    transposeA: Bool = false, transposeB: Bool = false, accumulate: Bool = false
  ) {
    guard m > 0, n > 0, k > 0 else { return }
    cblas_sgemm(
      CblasRowMajor,
      transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k),
      1, a, blasint(transposeA ? m : k),
      b, blasint(transposeB ? k : n),
      accumulate ? 1 : 0, c, blasint(n))
  }
}

extension Tensor {
  /// The matrix product of two rank-2 tensors, `[m, k] x [k, n] -> [m, n]`.
  public func matmul(_ other: Tensor) -> Tensor {
    precondition(
      rank == 2 && other.rank == 2 && shape[1] == other.shape[0],
      "matmul needs [m, k] x [k, n], got \(shape) x \(other.shape)")
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    let result = Tensor.product(self, other, m: m, n: n, k: k)
    return result.recorded(from: [self, other]) { [a = detached, b = other.detached] g in
      [
        Tensor.product(g, b, m: m, n: k, k: n, transposeB: true),
        Tensor.product(a, g, m: k, n: n, k: m, transposeA: true),
      ]
    }
  }

  /// `op(a) * op(b)` into a fresh `[m, n]` tensor.
  static func product(
    _ a: Tensor, _ b: Tensor, m: Int, n: Int, k: Int,
    transposeA: Bool = false, transposeB: Bool = false
  ) -> Tensor {
    Tensor(shape: [m, n]) { out in
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          GEMM.multiply(
            pa.baseAddress!, pb.baseAddress!, into: out.baseAddress!, m: m, n: n, k: k,
            transposeA: transposeA, transposeB: transposeB)
        }
      }
    }
  }
}
