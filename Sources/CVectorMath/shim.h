// Element-wise exp, log1p and tanh over float arrays through glibc's
// libmvec, the vector versions of libm's functions (8 lanes with AVX2,
// 4 with SSE). Swift cannot name the vector types libmvec's entry points
// take, hence these loops in C. Results are libmvec's on every element,
// the ragged tail included, so a value does not depend on its position.
#pragma once
#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) __m256 _ZGVdN8v_expf(__m256);
__attribute__((target("avx2"))) __m256 _ZGVdN8v_log1pf(__m256);
__attribute__((target("avx2"))) __m256 _ZGVdN8v_tanhf(__m256);
__m128 _ZGVbN4v_expf(__m128);
__m128 _ZGVbN4v_log1pf(__m128);
__m128 _ZGVbN4v_tanhf(__m128);

// `name` applies `function`, `width` lanes at a time, to
// x[0..<n]; the ragged tail goes through the same function, zero-padded.
#define NB_LANES_LOOP(name, attributes, width, load, store, function)         \
  attributes static inline void name(const float *x, float *y, long n) {      \
    long i = 0;                                                               \
    for (; i + width <= n; i += width) store(y + i, function(load(x + i)));   \
    if (i < n) {                                                              \
      float lanes[width] = {0};                                               \
      memcpy(lanes, x + i, (size_t)(n - i) * sizeof(float));                  \
      store(lanes, function(load(lanes)));                                    \
      memcpy(y + i, lanes, (size_t)(n - i) * sizeof(float));                  \
    }                                                                         \
  }

#define NB_VECTOR_LOOP(name, wide, narrow)                                                        \
  NB_LANES_LOOP(name##_avx2, __attribute__((target("avx2"))), 8, _mm256_loadu_ps,                \
                _mm256_storeu_ps, wide)                                                           \
  NB_LANES_LOOP(name##_sse, , 4, _mm_loadu_ps, _mm_storeu_ps, narrow)                            \
  /* y[i] = f(x[i]) for i < n; y may be x. */                                                     \
  static inline void name(const float *x, float *y, long n) {                                    \
    if (__builtin_cpu_supports("avx2")) name##_avx2(x, y, n);                                     \
    else name##_sse(x, y, n);                                                                     \
  }

NB_VECTOR_LOOP(nb_expf, _ZGVdN8v_expf, _ZGVbN4v_expf)
NB_VECTOR_LOOP(nb_log1pf, _ZGVdN8v_log1pf, _ZGVbN4v_log1pf)
NB_VECTOR_LOOP(nb_tanhf, _ZGVdN8v_tanhf, _ZGVbN4v_tanhf)

#else
// Elsewhere, libm one element at a time.
static inline void nb_expf(const float *x, float *y, long n) { for (long i = 0; i < n; i++) y[i] = expf(x[i]); }
static inline void nb_log1pf(const float *x, float *y, long n) { for (long i = 0; i < n; i++) y[i] = log1pf(x[i]); }
static inline void nb_tanhf(const float *x, float *y, long n) { for (long i = 0; i < n; i++) y[i] = tanhf(x[i]); }
#endif
