// Adam's update in one sweep over memory, 16 parameters at a time with
// AVX-512, 8 with AVX2, one by one elsewhere (see VectorKernels.h).
#include "VectorKernels.h"

#include <math.h>

// Contraction into fused multiply-adds would round differently from the
// scalar path (and from the Swift it replaced).
#pragma STDC FP_CONTRACT OFF

static void adam_scalar(float *p, const float *g, float *m, float *v, long count, float b1,
                        float b2, float rate, float eps) {
  for (long i = 0; i < count; i++) {
    float mi = b1 * m[i] + (1 - b1) * g[i];
    float vi = b2 * v[i] + (1 - b2) * g[i] * g[i];
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] - rate * mi / (sqrtf(vi) + eps);
  }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"))) static void adam_avx512(float *p, const float *g, float *m,
                                                           float *v, long count, float b1,
                                                           float b2, float rate, float eps) {
  const __m512 beta1 = _mm512_set1_ps(b1), rest1 = _mm512_set1_ps(1 - b1);
  const __m512 beta2 = _mm512_set1_ps(b2), rest2 = _mm512_set1_ps(1 - b2);
  const __m512 step = _mm512_set1_ps(rate), epsilon = _mm512_set1_ps(eps);
  for (long i = 0; i < count; i += 16) {
    // The last, shorter block through the same instructions, masked.
    __mmask16 lanes = count - i >= 16 ? 0xFFFF : (__mmask16)((1u << (count - i)) - 1);
    __m512 gi = _mm512_maskz_loadu_ps(lanes, g + i);
    __m512 mi = _mm512_add_ps(_mm512_mul_ps(beta1, _mm512_maskz_loadu_ps(lanes, m + i)),
                              _mm512_mul_ps(rest1, gi));
    __m512 vi = _mm512_add_ps(_mm512_mul_ps(beta2, _mm512_maskz_loadu_ps(lanes, v + i)),
                              _mm512_mul_ps(_mm512_mul_ps(rest2, gi), gi));
    __m512 change = _mm512_div_ps(_mm512_mul_ps(step, mi), _mm512_add_ps(_mm512_sqrt_ps(vi), epsilon));
    _mm512_mask_storeu_ps(m + i, lanes, mi);
    _mm512_mask_storeu_ps(v + i, lanes, vi);
    _mm512_mask_storeu_ps(p + i, lanes, _mm512_sub_ps(_mm512_maskz_loadu_ps(lanes, p + i), change));
  }
}

__attribute__((target("avx2"))) static void adam_avx2(float *p, const float *g, float *m, float *v,
                                                      long count, float b1, float b2, float rate,
                                                      float eps) {
  const __m256 beta1 = _mm256_set1_ps(b1), rest1 = _mm256_set1_ps(1 - b1);
  const __m256 beta2 = _mm256_set1_ps(b2), rest2 = _mm256_set1_ps(1 - b2);
  const __m256 step = _mm256_set1_ps(rate), epsilon = _mm256_set1_ps(eps);
  long i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256 gi = _mm256_loadu_ps(g + i);
    __m256 mi = _mm256_add_ps(_mm256_mul_ps(beta1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(rest1, gi));
    __m256 vi = _mm256_add_ps(_mm256_mul_ps(beta2, _mm256_loadu_ps(v + i)),
                              _mm256_mul_ps(_mm256_mul_ps(rest2, gi), gi));
    __m256 change = _mm256_div_ps(_mm256_mul_ps(step, mi), _mm256_add_ps(_mm256_sqrt_ps(vi), epsilon));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), change));
  }
  // The same operations one lane wide: IEEE rounds each alike.
  adam_scalar(p + i, g + i, m + i, v + i, count - i, b1, b2, rate, eps);
}
#endif

void nb_adam_step(float *parameters, const float *gradients, float *m, float *v, long count,
                  float beta1, float beta2, float rate, float epsilon) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f"))
    return adam_avx512(parameters, gradients, m, v, count, beta1, beta2, rate, epsilon);
  if (__builtin_cpu_supports("avx2"))
    return adam_avx2(parameters, gradients, m, v, count, beta1, beta2, rate, epsilon);
#endif
  adam_scalar(parameters, gradients, m, v, count, beta1, beta2, rate, epsilon);
}
