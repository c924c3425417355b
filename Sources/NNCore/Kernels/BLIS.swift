internal import CBLIS
import Glibc

/// BLIS's `bli_sgemm`, for the products `GEMM` sends it.
///
/// Loaded with `dlopen(RTLD_LOCAL)` rather than linked: BLIS also exports
/// the BLAS and CBLAS names that OpenBLAS exports, and when both are linked
/// the dynamic loader binds every `cblas_sgemm` to whichever it met first,
/// which was BLIS. Kept local, BLIS answers only what is asked of it here.
enum BLIS {
  typealias SGEMM =
    @convention(c) (
      trans_t, trans_t, dim_t, dim_t, dim_t, UnsafeMutablePointer<Float>?,
      UnsafeMutablePointer<Float>?, inc_t, inc_t, UnsafeMutablePointer<Float>?, inc_t, inc_t,
      UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, inc_t, inc_t
    ) -> Void

  /// The serial build first: `GEMM` spreads products over the cores itself.
  static let candidates = ["/usr/lib/x86_64-linux-gnu/blis-serial/libblis.so.4", "libblis.so.4"]

  /// The loaded library, `nil` when no BLIS is installed (`scripts/setup`
  /// installs it); GEMM then sends every product to OpenBLAS. Never closed,
  /// so the symbols below stay valid. (A handle only ever passed to dlsym,
  /// which is thread-safe: nothing is shared through it.)
  nonisolated(unsafe) static let library: UnsafeMutableRawPointer? = candidates.lazy.compactMap {
    dlopen($0, RTLD_NOW | RTLD_LOCAL)
  }.first

  static let sgemm: SGEMM? = {
    guard let library, let symbol = dlsym(library, "bli_sgemm") else { return nil }
    // Sound because `SGEMM` is `bli_sgemm`'s C signature in blis.h, the
    // header CBLIS imports (so `trans_t`, `dim_t`, `inc_t` are its own types).
    return unsafeBitCast(symbol, to: SGEMM.self)
  }()

  /// The configuration BLIS detected for this CPU (`zen3`, `skx`, or
  /// `generic` when it knows none: its slowest kernels).
  static let configuration: String? = {
    typealias QueryID = @convention(c) () -> arch_t
    typealias ArchString = @convention(c) (arch_t) -> UnsafeMutablePointer<CChar>?
    guard let library, let query = dlsym(library, "bli_arch_query_id"),
      let name = dlsym(library, "bli_arch_string")
    else { return nil }
    // Sound for the same reason: blis.h's signatures of these two functions.
    let id = unsafeBitCast(query, to: QueryID.self)()
    return unsafeBitCast(name, to: ArchString.self)(id).map { String(cString: $0) }
  }()

  /// `c = op(a) * op(b) (+ c when accumulating)`, with strides instead of
  /// transpose flags: element (i, p) of a matrix is at `rs * i + cs * p`.
  static func multiply(
    _ sgemm: SGEMM, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, rowStride rsa: Int, columnStride csa: Int,
    b: UnsafePointer<Float>, rowStride rsb: Int, columnStride csb: Int,
    c: UnsafeMutablePointer<Float>, rowStride rsc: Int, accumulate: Bool
  ) {
    var (one, beta): (Float, Float) = (1, accumulate ? 1 : 0)
    // BLIS takes every operand as mutable, but with beta's and c's the only
    // ones written: `a` and `b` are read only, so casting away their
    // constness writes nothing the caller lent as read-only.
    sgemm(
      BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, dim_t(m), dim_t(n), dim_t(k), &one,
      UnsafeMutablePointer(mutating: a), inc_t(rsa), inc_t(csa), UnsafeMutablePointer(mutating: b),
      inc_t(rsb), inc_t(csb), &beta, c, inc_t(rsc), 1)
  }
}
