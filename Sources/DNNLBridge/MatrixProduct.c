// oneDNN's matrix product (`dnnl_sgemm`), one of the libraries the NN core's
// GEMM routes products to. Like OpenBLAS's, its kernels come from the CPU's
// features (AVX-512 where there is AVX-512), but the environment's
// `OPENBLAS_CORETYPE` does not hold it back, and it packs narrow operands
// less: on the posts' products it was 1.1-1.9x OpenBLAS's own AVX-512
// kernels on one core, and 1.6-3.9x OpenBLAS held to Haswell's.
#include "DNNLLibrary.h"
#include "include/DNNLBridge.h"

#if NBDNNL_HAS_HEADERS
int nbdnnl_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
                 const float *b, long ldb, float beta, float *c, long ldc) {
  if (nbdnnl_load(NULL, 0) != 0) return -1;
  // One thread: GEMM splits large products across the cores itself, and
  // calls this from each of them. libgomp keeps the setting per thread.
  if (nbdnnl->omp_set_num_threads) nbdnnl->omp_set_num_threads(1);
  dnnl_status_t status = nbdnnl->sgemm(transpose_a ? 'T' : 'N', transpose_b ? 'T' : 'N', m, n, k, 1.0f, a,
                                       lda, b, ldb, beta, c, ldc);
  return status == dnnl_success ? 0 : -1;
}
#else
int nbdnnl_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
                 const float *b, long ldb, float beta, float *c, long ldc) {
  return -1;
}
#endif
