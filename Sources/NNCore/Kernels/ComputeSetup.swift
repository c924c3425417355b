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
    // step page-faults and zeroes its memory again. Blocks up to glibc's
    // 32 MiB limit could be kept on the heap by raising the threshold, but
    // an inference batch of 1,000 28x28x32 images is 100 MB, and mapping it
    // fresh (25,600 page faults) made the denoiser's 28x28 32->32 layer take
    // 105 ms at batch 1,000 against 69 ms in reused memory (Zen 4). So no
    // block is mapped on its own: all come from the heap, which keeps up
    // to a gigabyte of freed memory for the next step to reuse.
    _ = mallopt(M_MMAP_MAX, 0)
    _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
  }()
}
