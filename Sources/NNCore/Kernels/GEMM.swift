internal import CBLAS

/// Single-precision matrix multiply, row-major:
/// `c = op(a) * op(b) (+ c when accumulating)`, where `op(a)` is `m x k` and
/// `op(b)` is `k x n`. The one place that talks to BLAS.
///
/// Each product shape goes to the library that multiplied it fastest on this
/// machine, timed on its first use and remembered (`KernelChoices`):
/// OpenBLAS, BLIS or oneDNN, whichever are installed. Which wins depends on
/// the kernels each finds for the CPU and on the shape. OpenBLAS packs both
/// operands into buffers first, which a narrow product (an im2col product
/// of a convolution with 1-32 features) cannot amortise, while BLIS's "sup"
/// path multiplies in place: on Zen 3, with BLIS's zen3 kernels, BLIS was
/// 1.1-4x faster on the narrow products; on Zen 5, where BLIS 0.9 knows no
/// configuration (`generic`), it is 3-7x slower on all of them. oneDNN
/// picks AVX-512 kernels wherever the CPU has them, also where the
/// environment holds OpenBLAS to AVX2 (`OPENBLAS_CORETYPE`). `nbbench
/// --products` shows the choices and their timings.
public enum GEMM {
  /// Which libraries multiply matrices on this machine, in a line.
  public static var libraries: String {
    let found = available.map { $0 == .blis ? "BLIS (\(BLIS.configuration ?? "?"))" : $0.rawValue }
    let missing = Library.allCases.filter { !available.contains($0) }.map(\.rawValue)
    let absent =
      missing.isEmpty ? "" : " (not found: \(missing.joined(separator: ", ")); scripts/setup installs them)"
    guard found.count > 1 else { return "OpenBLAS only" + absent }
    return found.joined(separator: ", ") + ", whichever was fastest on each product shape here: "
      + KernelChoices.shared.file.path + absent
  }

  /// Below this many multiply-adds a product runs on the calling thread.
  static let parallelThreshold = 1 << 18

  /// The libraries a product can go through.
  public enum Library: String, Sendable, CaseIterable {
    case openBLAS = "OpenBLAS"
    case blis = "BLIS"
    case oneDNN = "oneDNN"
  }

  /// The libraries installed here, OpenBLAS (linked) first: the candidates
  /// every product shape is timed on.
  public static let available: [Library] = Library.allCases.filter {
    switch $0 {
    case .openBLAS: true
    case .blis: BLIS.sgemm != nil
    case .oneDNN: OneDNN.isAvailable
    }
  }

  /// The configuration BLIS detected for this CPU (`zen3`, `generic`, ...).
  public static var blisConfiguration: String? { BLIS.configuration }

  /// The library that multiplies this shape, with why (each library's time
  /// per product); timed now if it is the shape's first use on this machine.
  public static func choice(
    m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false
  ) -> (library: Library, why: KernelChoices.Choice?) {
    guard available.count > 1 else { return (.openBLAS, nil) }
    let shape = "sgemm \(m)x\(n)x\(k) \(transposeA ? "T" : "N")\(transposeB ? "T" : "N")"
    let choice = KernelChoices.shared.choose(shape, among: available.map(\.rawValue)) {
      secondsPerProduct(
        m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, through: Library(rawValue: $0)!)
    }
    return (Library(rawValue: choice.chosen) ?? .openBLAS, choice)
  }

  /// `choice(...).library`, found by the shape's value once decided.
  static func library(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Library {
    decided.decision(for: ProductShape(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)) {
      choice(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB).library
    }
  }

  private struct ProductShape: Hashable {
    var m, n, k: Int
    var transposeA, transposeB: Bool
  }

  /// The shapes this process has routed (from `KernelChoices.shared`).
  private static let decided = DecisionTable<ProductShape, Library>()

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
        transposeB, accumulate || bias != nil,
        through: library(
          m: rows.count, n: columns.count, k: k, transposeA: transposeA, transposeB: transposeB))
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
    switch library {
    case .blis:
      guard let blis = BLIS.sgemm else { break }
      // A transposed operand is the same memory read with its strides swapped.
      let (rsa, csa) = transposeA ? (1, lda) : (lda, 1)
      let (rsb, csb) = transposeB ? (1, ldb) : (ldb, 1)
      BLIS.multiply(
        blis, m: m, n: n, k: k, a: a, rowStride: rsa, columnStride: csa, b: b, rowStride: rsb,
        columnStride: csb, c: c, rowStride: ldc, accumulate: accumulate)
      return
    case .oneDNN:
      guard OneDNN.isAvailable else { break }
      OneDNN.multiply(
        a, lda, b, ldb, c, ldc, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
        accumulate: accumulate)
      return
    case .openBLAS: break
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
