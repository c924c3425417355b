internal import CBLAS

/// Single-precision matrix multiply, row-major:
/// `c = op(a) * op(b) (+ c when accumulating)`, where `op(a)` is `m x k` and
/// `op(b)` is `k x n`. The one place that talks to BLAS.
///
/// Products go through OpenBLAS, except narrow ones (at most `narrowColumns`
/// columns), which go through BLIS: the im2col products of convolutions with
/// 1-32 features and Dense layers with 32 units. OpenBLAS packs both operands
/// into buffers first, which a narrow product cannot amortise; BLIS's "sup"
/// path multiplies them in place. `nbbench --products` times both libraries
/// on the products the five posts' models run: on one core here BLIS was
/// 1.1x to 4x faster on the narrow ones, 0.8-0.9x from 49 columns on.
public enum GEMM {
  /// Which libraries multiply matrices on this machine, in a line.
  public static var libraries: String {
    hasBLIS
      ? "OpenBLAS; BLIS for products of at most \(narrowColumns) columns"
      : "OpenBLAS only: BLIS not found (scripts/setup installs it), narrow products are slower"
  }

  /// Below this many multiply-adds a product runs on the calling thread.
  static let parallelThreshold = 1 << 18

  /// Products with this many columns or fewer go through BLIS.
  static let narrowColumns = 32

  /// The two libraries a product can go through.
  public enum Library: String, Sendable {
    case openBLAS = "OpenBLAS"
    case blis = "BLIS"
  }

  /// Whether BLIS was found; without it every product goes to OpenBLAS.
  public static var hasBLIS: Bool { BLIS.sgemm != nil }

  /// BLIS for narrow products when it is installed, OpenBLAS otherwise.
  public static func library(forColumns n: Int) -> Library {
    n <= narrowColumns && hasBLIS ? .blis : .openBLAS
  }

  /// Splits the longer of `m` and `n` across the cores (OpenBLAS itself is
  /// kept single-threaded, see `ComputeSetup`), unless the product is small
  /// or the caller already runs one task per core (`acrossCores: false`,
  /// the convolution kernels).
  ///
  /// With `bias` (`n` values), every row of `c` starts from it instead of
  /// zero: each core writes it into its own block just before multiplying,
  /// while the block is in its cache, and the product is added onto it.
  static func multiply(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int,
    transposeA: Bool = false, transposeB: Bool = false, accumulate: Bool = false,
    startingFrom bias: UnsafePointer<Float>? = nil, acrossCores: Bool = true
  ) {
    guard m > 0, n > 0 else { return }
    _ = ComputeSetup.applied
    let (lda, ldb, ldc) = (transposeA ? m : k, transposeB ? k : n, n)
    func block(rows: Range<Int>, columns: Range<Int>) {
      let target = c + rows.lowerBound * ldc + columns.lowerBound
      if let bias {
        for row in 0..<rows.count {
          (target + row * ldc).update(from: bias + columns.lowerBound, count: columns.count)
        }
      }
      guard k > 0 else { return }
      // Row r of op(a) starts at a + r*lda, or at column r when transposed;
      // likewise for the columns of op(b).
      let aStart = a + rows.lowerBound * (transposeA ? 1 : lda)
      let bStart = b + columns.lowerBound * (transposeB ? ldb : 1)
      sgemm(
        aStart, lda, bStart, ldb, target, ldc, m: rows.count, n: columns.count, k: k, transposeA,
        transposeB, accumulate || bias != nil, through: library(forColumns: columns.count))
    }
    if !acrossCores || m * n * k < parallelThreshold {
      block(rows: 0..<m, columns: 0..<n)
    } else if m >= n {
      parallelChunks(m, minimumPerChunk: 16) { _, rows in block(rows: rows, columns: 0..<n) }
    } else {
      parallelChunks(n, minimumPerChunk: 16) { _, columns in block(rows: 0..<m, columns: columns) }
    }
  }

  /// One product on the calling thread, through `library`.
  static func sgemm(
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, m: Int, n: Int, k: Int,
    _ transposeA: Bool, _ transposeB: Bool, _ accumulate: Bool, through library: Library
  ) {
    if library == .blis, let blis = BLIS.sgemm {
      // A transposed operand is the same memory read with its strides swapped.
      let (rsa, csa) = transposeA ? (1, lda) : (lda, 1)
      let (rsb, csb) = transposeB ? (1, ldb) : (ldb, 1)
      BLIS.multiply(
        blis, m: m, n: n, k: k, a: a, rowStride: rsa, columnStride: csa, b: b, rowStride: rsb,
        columnStride: csb, c: c, rowStride: ldc, accumulate: accumulate)
      return
    }
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb),
      accumulate ? 1 : 0, c, blasint(ldc))
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

  /// `op(a) * op(b)` into a fresh `[m, n]` tensor, plus `bias` (`[n]`) in
  /// every row if given.
  static func product(
    _ a: Tensor, _ b: Tensor, m: Int, n: Int, k: Int,
    transposeA: Bool = false, transposeB: Bool = false, plus bias: Tensor? = nil, acrossCores: Bool = true
  ) -> Tensor {
    // GEMM writes every element unless k == 0 and there is no bias.
    Tensor(shape: [m, n], zeroed: k == 0 && bias == nil) { out in
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          (bias?.scalars ?? []).withUnsafeBufferPointer { bias in
            GEMM.multiply(
              pa.baseAddress!, pb.baseAddress!, into: out.baseAddress!, m: m, n: n, k: k,
              transposeA: transposeA, transposeB: transposeB,
              startingFrom: bias.isEmpty ? nil : bias.baseAddress,
              acrossCores: acrossCores)
          }
        }
      }
    }
  }
}
