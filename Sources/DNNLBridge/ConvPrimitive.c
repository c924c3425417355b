// One pass of one convolution shape as a oneDNN primitive on the NN core's
// NHWC images. The weights are the exception: oneDNN's AVX-512 kernels
// (brg:/jit:avx512_core) read them in a blocked layout of their own, and
// with the weights held to HWIO it falls back to im2col + its GEMM
// (gemm:jit). So the primitive picks the weights' layout, and each call
// reorders the core's HWIO weights into it (or its gradient back), which
// costs a pass over the weights: kilobytes, against the images' megabytes.
#include "DNNLLibrary.h"
#include "include/DNNLBridge.h"

#include <stdlib.h>

#if NBDNNL_HAS_HEADERS
struct nbdnnl_conv {
  nbdnnl_pass pass;
  int with_bias;
  dnnl_memory_desc_t image, weights, bias, rows;
  dnnl_memory_desc_t kernel_weights;  // the layout the primitive reads or writes
  dnnl_primitive_desc_t descriptor;
  dnnl_primitive_t primitive;
  dnnl_primitive_t reorder;  // HWIO <-> kernel_weights, NULL when they agree
  const char *implementation;  // owned by `descriptor`
};

/// The operation descriptor of `pass`, with the weights in any layout.
static dnnl_status_t describe(const nbdnnl_conv *conv, const nbdnnl_conv_shape *s, nbdnnl_pass pass,
                              const dnnl_memory_desc_t *weights, dnnl_convolution_desc_t *desc) {
  dnnl_dims_t strides = {s->stride_height, s->stride_width};
  dnnl_dims_t before = {s->pad_top, s->pad_left}, after = {s->pad_bottom, s->pad_right};
  // Direct, not Winograd: its transforms round differently from the loop
  // the results are checked against, by more than float's last bits.
  switch (pass) {
    case nbdnnl_forward:
      return nbdnnl->convolution_forward_desc_init(
          desc, dnnl_forward_training, dnnl_convolution_direct, &conv->image, weights,
          conv->with_bias ? &conv->bias : NULL, &conv->rows, strides, before, after);
    case nbdnnl_backward_data:
      return nbdnnl->convolution_backward_data_desc_init(desc, dnnl_convolution_direct, &conv->image,
                                                         weights, &conv->rows, strides, before, after);
    case nbdnnl_backward_weights:
      return nbdnnl->convolution_backward_weights_desc_init(
          desc, dnnl_convolution_direct, &conv->image, weights, NULL, &conv->rows, strides, before, after);
  }
  return dnnl_invalid_arguments;
}

static const char *pass_name(nbdnnl_pass pass) {
  return pass == nbdnnl_forward ? "forward" : pass == nbdnnl_backward_data ? "backward data" : "backward weights";
}

/// Attributes that rectify the output (a relu post-op) into `*attr`.
static dnnl_status_t rectifying(dnnl_primitive_attr_t *attr) {
  dnnl_post_ops_t post_ops = NULL;
  dnnl_status_t status = nbdnnl->post_ops_create(&post_ops);
  // Scale 1 and slope 0: max(x, 0), which rounds nothing, so the fused
  // output is bit for bit the convolution's rectified afterwards.
  if (status == dnnl_success) status = nbdnnl->post_ops_append_eltwise(post_ops, 1.0f, dnnl_eltwise_relu, 0, 0);
  if (status == dnnl_success) status = nbdnnl->primitive_attr_create(attr);
  if (status == dnnl_success) status = nbdnnl->primitive_attr_set_post_ops(*attr, post_ops);
  if (post_ops) nbdnnl->post_ops_destroy(post_ops);
  return status;
}

nbdnnl_conv *nbdnnl_conv_create(const nbdnnl_conv_shape *s, nbdnnl_pass pass, int with_bias,
                                int with_relu, char *message, size_t capacity) {
  if (nbdnnl_load(message, capacity) != 0) return NULL;
  nbdnnl_conv *conv = calloc(1, sizeof *conv);
  if (!conv) return NULL;
  conv->pass = pass;
  conv->with_bias = with_bias && pass == nbdnnl_forward;
  // oneDNN orders dimensions N, C, H, W (weights O, I, H, W) whatever the
  // layout in memory; the tags say how they are laid out.
  dnnl_dims_t image = {s->batch, s->channels, s->input_height, s->input_width};
  dnnl_dims_t weights = {s->features, s->channels, s->kernel_height, s->kernel_width};
  dnnl_dims_t bias = {s->features};
  dnnl_dims_t rows = {s->batch, s->features, s->output_height, s->output_width};
  dnnl_memory_desc_t any_weights;
  dnnl_status_t status = nbdnnl->memory_desc_init_by_tag(&conv->image, 4, image, dnnl_f32, dnnl_nhwc);
  if (status == dnnl_success)
    status = nbdnnl->memory_desc_init_by_tag(&conv->weights, 4, weights, dnnl_f32, dnnl_hwio);
  if (status == dnnl_success)
    status = nbdnnl->memory_desc_init_by_tag(&any_weights, 4, weights, dnnl_f32, dnnl_format_tag_any);
  if (status == dnnl_success) status = nbdnnl->memory_desc_init_by_tag(&conv->bias, 1, bias, dnnl_f32, dnnl_a);
  if (status == dnnl_success)
    status = nbdnnl->memory_desc_init_by_tag(&conv->rows, 4, rows, dnnl_f32, dnnl_nhwc);
  const char *what = "memory descriptors";
  // Backward passes are described by the forward pass they belong to.
  dnnl_primitive_desc_t hint = NULL;
  dnnl_convolution_desc_t desc;
  if (status == dnnl_success && pass != nbdnnl_forward) {
    what = "forward hint";
    status = describe(conv, s, nbdnnl_forward, &any_weights, &desc);
    if (status == dnnl_success)
      status = nbdnnl->primitive_desc_create(&hint, &desc, NULL, nbdnnl->engine, NULL);
  }
  dnnl_primitive_attr_t attr = NULL;
  if (status == dnnl_success && with_relu && pass == nbdnnl_forward) {
    what = "relu post-op";
    status = rectifying(&attr);
  }
  if (status == dnnl_success) {
    what = pass_name(pass);
    status = describe(conv, s, pass, &any_weights, &desc);
    if (status == dnnl_success)
      status = nbdnnl->primitive_desc_create(&conv->descriptor, &desc, attr, nbdnnl->engine, hint);
  }
  if (attr) nbdnnl->primitive_attr_destroy(attr);
  if (hint) nbdnnl->primitive_desc_destroy(hint);
  if (status == dnnl_success) status = nbdnnl->primitive_create(&conv->primitive, conv->descriptor);
  if (status == dnnl_success)
    status = nbdnnl->primitive_desc_query(conv->descriptor, dnnl_query_impl_info_str, 0,
                                          (void *)&conv->implementation);
  if (status == dnnl_success) {
    what = "weights layout";
    dnnl_query_t query = pass == nbdnnl_backward_weights ? dnnl_query_diff_weights_md : dnnl_query_weights_md;
    conv->kernel_weights = *nbdnnl->primitive_desc_query_md(conv->descriptor, query, 0);
    if (!nbdnnl->memory_desc_equal(&conv->kernel_weights, &conv->weights)) {
      // Forward passes read the core's weights; backward weights writes them.
      int reads = pass != nbdnnl_backward_weights;
      dnnl_primitive_desc_t reorder = NULL;
      status = nbdnnl->reorder_primitive_desc_create(
          &reorder, reads ? &conv->weights : &conv->kernel_weights, nbdnnl->engine,
          reads ? &conv->kernel_weights : &conv->weights, nbdnnl->engine, NULL);
      if (status == dnnl_success) status = nbdnnl->primitive_create(&conv->reorder, reorder);
      if (reorder) nbdnnl->primitive_desc_destroy(reorder);
    }
  }
  if (status != dnnl_success) {
    nbdnnl_fail(message, capacity, what, status);
    nbdnnl_conv_destroy(conv);
    return NULL;
  }
  return conv;
}

const char *nbdnnl_conv_implementation(const nbdnnl_conv *conv) { return conv->implementation; }

/// Runs `primitive` on `count` arguments wrapping the given buffers (NULL:
/// memory oneDNN allocates and frees here).
typedef struct {
  int arg;
  const dnnl_memory_desc_t *desc;
  void *buffer;
} nbdnnl_argument;

static dnnl_status_t run(dnnl_primitive_t primitive, dnnl_stream_t stream, int count,
                         const nbdnnl_argument *arguments, const dnnl_memory_t *given) {
  dnnl_exec_arg_t args[4];
  dnnl_status_t status = dnnl_success;
  int made = 0;
  for (int i = 0; i < count && status == dnnl_success; i++) {
    args[i].arg = arguments[i].arg;
    if (given && given[i]) {
      args[i].memory = given[i];
      continue;
    }
    status = nbdnnl->memory_create(&args[i].memory, arguments[i].desc, nbdnnl->engine, arguments[i].buffer);
    if (status == dnnl_success) made |= 1 << i;
  }
  if (status == dnnl_success) status = nbdnnl->primitive_execute(primitive, stream, count, args);
  if (status == dnnl_success) status = nbdnnl->stream_wait(stream);
  for (int i = 0; i < count; i++)
    if (made & (1 << i)) nbdnnl->memory_destroy(args[i].memory);
  return status;
}

int nbdnnl_conv_execute(const nbdnnl_conv *conv, int threads, float *image, float *weights,
                        const float *bias, float *rows, char *message, size_t capacity) {
  static const int kinds[][3] = {
      [nbdnnl_forward] = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
      [nbdnnl_backward_data] = {DNNL_ARG_DIFF_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_DST},
      [nbdnnl_backward_weights] = {DNNL_ARG_SRC, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_DST},
  };
  const int *kind = kinds[conv->pass];
  // The stream and memory objects serve this call only, so one primitive
  // may run on several threads at once.
  dnnl_stream_t stream = NULL;
  dnnl_memory_t kernel_weights = NULL;
  const char *what = "stream";
  dnnl_status_t status = nbdnnl->stream_create(&stream, nbdnnl->engine, dnnl_stream_default_flags);
  if (status == dnnl_success && conv->reorder) {
    what = "weights buffer";
    status = nbdnnl->memory_create(&kernel_weights, &conv->kernel_weights, nbdnnl->engine, DNNL_MEMORY_ALLOCATE);
  }
  nbdnnl_argument core_weights[2] = {{DNNL_ARG_FROM, &conv->weights, weights}, {DNNL_ARG_TO, NULL, NULL}};
  if (conv->pass == nbdnnl_backward_weights) core_weights[0].arg = DNNL_ARG_TO, core_weights[1].arg = DNNL_ARG_FROM;
  dnnl_memory_t reorder_given[2] = {NULL, kernel_weights};
  if (nbdnnl->omp_set_num_threads) nbdnnl->omp_set_num_threads(threads);
  if (status == dnnl_success && conv->reorder && conv->pass != nbdnnl_backward_weights) {
    what = "weights reorder";
    status = run(conv->reorder, stream, 2, core_weights, reorder_given);
  }
  if (status == dnnl_success) {
    what = pass_name(conv->pass);
    nbdnnl_argument arguments[4] = {
        {kind[0], &conv->image, image},
        {kind[1], &conv->weights, weights},
        {kind[2], &conv->rows, rows},
        {DNNL_ARG_BIAS, &conv->bias, (void *)bias},
    };
    dnnl_memory_t given[4] = {NULL, kernel_weights, NULL, NULL};
    status = run(conv->primitive, stream, conv->with_bias && bias ? 4 : 3, arguments, given);
  }
  if (status == dnnl_success && conv->reorder && conv->pass == nbdnnl_backward_weights) {
    what = "weights reorder";
    status = run(conv->reorder, stream, 2, core_weights, reorder_given);
  }
  if (kernel_weights) nbdnnl->memory_destroy(kernel_weights);
  if (stream) nbdnnl->stream_destroy(stream);
  return status == dnnl_success ? 0 : nbdnnl_fail(message, capacity, what, status);
}

void nbdnnl_conv_destroy(nbdnnl_conv *conv) {
  if (!conv) return;
  if (conv->reorder) nbdnnl->primitive_destroy(conv->reorder);
  if (conv->primitive) nbdnnl->primitive_destroy(conv->primitive);
  if (conv->descriptor) nbdnnl->primitive_desc_destroy(conv->descriptor);
  free(conv);
}
#else
nbdnnl_conv *nbdnnl_conv_create(const nbdnnl_conv_shape *s, nbdnnl_pass pass, int with_bias,
                                int with_relu, char *message, size_t capacity) {
  nbdnnl_load(message, capacity);
  return NULL;
}
const char *nbdnnl_conv_implementation(const nbdnnl_conv *conv) { return ""; }
int nbdnnl_conv_execute(const nbdnnl_conv *conv, int threads, float *image, float *weights,
                        const float *bias, float *rows, char *message, size_t capacity) {
  return nbdnnl_load(message, capacity);
}
void nbdnnl_conv_destroy(nbdnnl_conv *conv) {}
#endif
