// A C interface over oneDNN's convolutions, so that Swift sees three passes
// of one NHWC convolution instead of oneDNN's descriptors, and over its
// matrix product (`nbdnnl_sgemm`). oneDNN is loaded
// at run time (`nbdnnl_load`): without it the NN core keeps its own
// im2col + GEMM path, and the build does not need its headers either.
#ifndef NBRUN_DNNL_BRIDGE_H
#define NBRUN_DNNL_BRIDGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One 2-D convolution: images `[batch, height, width, channels]` (NHWC),
/// weights `[kernel_height, kernel_width, channels, features]` (HWIO), rows
/// `[batch, output_height, output_width, features]`. Padding may differ on
/// the two sides of an axis (TensorFlow's SAME puts the odd one after).
typedef struct {
  long batch, input_height, input_width, channels;
  long output_height, output_width, features;
  long kernel_height, kernel_width, stride_height, stride_width;
  long pad_top, pad_left, pad_bottom, pad_right;
} nbdnnl_conv_shape;

/// Which product of the convolution a primitive computes.
typedef enum {
  nbdnnl_forward,           ///< rows = conv(image, weights) (+ bias)
  nbdnnl_backward_data,     ///< image = the adjoint of forward, applied to rows
  nbdnnl_backward_weights,  ///< weights = d(rows . conv(image, .)) / d weights
} nbdnnl_pass;

typedef struct nbdnnl_conv nbdnnl_conv;

/// Loads oneDNN once (later calls return the first answer): 0 when it can be
/// used, else -1 with the reason in `message`.
int nbdnnl_load(char *message, size_t capacity);

/// "oneDNN 2.6.3, avx512_core_bf16": the library and the instruction set it
/// dispatches to on this CPU. Empty before a successful `nbdnnl_load`.
const char *nbdnnl_description(void);

/// A primitive for one pass of `shape` (forward only: with a bias added when
/// `with_bias`, and rectified, max(x, 0), when `with_relu`), or NULL with
/// the reason in `message`.
nbdnnl_conv *nbdnnl_conv_create(const nbdnnl_conv_shape *shape, nbdnnl_pass pass,
                                int with_bias, int with_relu, char *message, size_t capacity);

/// The implementation oneDNN chose, as DNNL_VERBOSE names it
/// ("brg:avx512_core", "jit:avx512_core", ...).
const char *nbdnnl_conv_implementation(const nbdnnl_conv *conv);

/// Runs the pass on `threads` threads. Forward reads `image`, `weights`,
/// `bias` and writes `rows`; backward data reads `rows`, `weights` and writes
/// `image`; backward weights reads `image`, `rows` and writes `weights`.
/// 0 on success, else -1 with the reason in `message`.
int nbdnnl_conv_execute(const nbdnnl_conv *conv, int threads, float *image,
                        float *weights, const float *bias, float *rows,
                        char *message, size_t capacity);

void nbdnnl_conv_destroy(nbdnnl_conv *conv);

/// `c = op(a) * op(b) + beta * c`, row-major, on the calling thread only
/// (`dnnl_sgemm`). 0 on success, else -1 (oneDNN not loaded, or arguments
/// it refuses, which the NN core's GEMM never passes).
int nbdnnl_sgemm(int transpose_a, int transpose_b, long m, long n, long k,
                 const float *a, long lda, const float *b, long ldb,
                 float beta, float *c, long ldc);

#ifdef __cplusplus
}
#endif

#endif
