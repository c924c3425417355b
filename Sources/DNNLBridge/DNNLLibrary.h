// The oneDNN functions the bridge calls, resolved from the library loaded at
// run time: each field has the type of the function dnnl.h declares, so a
// call through the table is checked exactly like a call to the function.
#ifndef NBRUN_DNNL_LIBRARY_H
#define NBRUN_DNNL_LIBRARY_H

#include <stddef.h>

#if __has_include(<oneapi/dnnl/dnnl.h>)
#define NBDNNL_HAS_HEADERS 1
#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>

#define NBDNNL_FUNCTIONS(X)                                                  \
  X(engine_create) X(stream_create) X(stream_wait) X(stream_destroy) X(memory_desc_init_by_tag) \
  X(memory_create) X(memory_destroy) X(convolution_forward_desc_init)        \
  X(convolution_backward_data_desc_init)                                     \
  X(convolution_backward_weights_desc_init) X(primitive_desc_create)         \
  X(primitive_desc_destroy) X(primitive_desc_query) X(primitive_create)      \
  X(primitive_execute) X(primitive_destroy) X(version)                       \
  X(get_effective_cpu_isa) X(cpu_isa2str) X(status2str) X(primitive_desc_query_md)     \
  X(reorder_primitive_desc_create) X(memory_desc_equal) X(sgemm) X(primitive_attr_create)   \
  X(primitive_attr_destroy) X(primitive_attr_set_post_ops) X(post_ops_create)                \
  X(post_ops_destroy) X(post_ops_append_eltwise)

typedef struct {
#define NBDNNL_FIELD(name) __typeof__(dnnl_##name) *name;
  NBDNNL_FUNCTIONS(NBDNNL_FIELD)
#undef NBDNNL_FIELD
  /// libgomp's, found through oneDNN's dependencies: oneDNN's OpenMP
  /// runtime takes its team size from the calling thread's setting.
  void (*omp_set_num_threads)(int);
  dnnl_engine_t engine;
} nbdnnl_library;

/// The loaded library, or NULL before a successful `nbdnnl_load`.
extern const nbdnnl_library *nbdnnl;

/// Writes "what: status" into `message` and returns -1.
int nbdnnl_fail(char *message, size_t capacity, const char *what, dnnl_status_t status);
#else
#define NBDNNL_HAS_HEADERS 0
#endif

#endif
