internal import CBLAS
internal import CMalloc

/// Process-wide settings the kernels rely on, applied once before the first
/// tensor or GEMM.
enum ComputeSetup {
  static let applied: Void = {
    // One thread pool, ours: OpenBLAS's own threads spin in sched_yield for
    // a while after each call and fight the im2col workers for two cores.
    // `GEMM` splits large products across cores itself.
    openblas_set_num_threads(1)
    // Activations of a batch are megabytes. By default glibc maps each such
    // block fresh from the kernel and unmaps it on free, so every training
    // step page-faults and zeroes its memory again; keeping blocks up to
    // glibc's 32 MiB limit on the heap lets the next step reuse them.
    _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
  }()
}
