// A convolution of a one-channel image, directly (see VectorKernels.h).
#include "VectorKernels.h"

#include <stddef.h>

// The scalar fallback rounds every product (no contraction into fused multiply-adds); the
// AVX-512 path fuses by name.
#pragma STDC FP_CONTRACT OFF

static void single_channel_scalar(const float *image, const float *weights, const float *bias,
                                  float *out, long first, long last, long height, long width,
                                  long features, long kh, long kw, long sy, long sx, long pt,
                                  long pl, long oh, long ow, int rectified) {
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width;
    for (long y = 0; y < oh; y++)
      for (long x = 0; x < ow; x++) {
        float *pixel = out + ((n * oh + y) * ow + x) * features;
        for (long f = 0; f < features; f++) {
          float sum = bias ? bias[f] : 0;
          for (long ky = 0; ky < kh; ky++) {
            long iy = y * sy - pt + ky;
            if (iy < 0 || iy >= height) continue;
            for (long kx = 0; kx < kw; kx++) {
              long ix = x * sx - pl + kx;
              if (ix < 0 || ix >= width) continue;
              sum += sample[iy * width + ix] * weights[(ky * kw + kx) * features + f];
            }
          }
          pixel[f] = rectified && sum <= 0 ? 0 : sum;  // as Swift's max(sum, 0)
        }
      }
  }
}

#if defined(__x86_64__)
#include <immintrin.h>

// Blocks of 8 output pixels of a row by 16 features: 8 registers of sums, started from
// the bias; each tap's 16 weights are loaded once per block and multiplied by each
// pixel's input, broadcast to all lanes.
__attribute__((target("avx512f,fma"))) static void single_channel_avx512(
    const float *image, const float *weights, const float *bias, float *out, long first, long last,
    long height, long width, long features, long kh, long kw, long sy, long sx, long pt, long pl,
    long oh, long ow, int rectified) {
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width;
    for (long y = 0; y < oh; y++) {
      float *row_out = out + (n * oh + y) * ow * features;
      for (long f = 0; f < features; f += 16) {
        __mmask16 lanes = features - f >= 16 ? 0xFFFF : (__mmask16)((1u << (features - f)) - 1);
        __m512 start = bias ? _mm512_maskz_loadu_ps(lanes, bias + f) : _mm512_setzero_ps();
        for (long x0 = 0; x0 < ow; x0 += 8) {
          long count = ow - x0 < 8 ? ow - x0 : 8;
          // Every tap of the block inside the row: no pixel is checked.
          int inside = count == 8 && x0 * sx - pl >= 0 && (x0 + 7) * sx - pl + kw <= width;
          __m512 sums[8];
          for (int i = 0; i < 8; i++) sums[i] = start;
          for (long ky = 0; ky < kh; ky++) {
            long iy = y * sy - pt + ky;
            if (iy < 0 || iy >= height) continue;
            const float *row = sample + iy * width;
            for (long kx = 0; kx < kw; kx++) {
              __m512 w = _mm512_maskz_loadu_ps(lanes, weights + (ky * kw + kx) * features + f);
              const float *first_input = row + x0 * sx - pl + kx;
              if (inside) {
#pragma clang loop unroll(full)
                for (int i = 0; i < 8; i++)
                  sums[i] = _mm512_fmadd_ps(_mm512_set1_ps(first_input[i * sx]), w, sums[i]);
              } else {
#pragma clang loop unroll(full)
                for (int i = 0; i < 8; i++) {
                  long ix = (x0 + i) * sx - pl + kx;
                  if (i < count && ix >= 0 && ix < width)
                    sums[i] = _mm512_fmadd_ps(_mm512_set1_ps(first_input[i * sx]), w, sums[i]);
                }
              }
            }
          }
          for (long i = 0; i < count; i++) {
            // max(sum, 0) as Swift computes it: zero where sum <= 0 (so -0 too), NaN kept.
            __m512 zero = _mm512_setzero_ps();
            __m512 sum = rectified
                ? _mm512_mask_mov_ps(sums[i], _mm512_cmp_ps_mask(sums[i], zero, _CMP_LE_OQ), zero)
                : sums[i];
            _mm512_mask_storeu_ps(row_out + (x0 + i) * features + f, lanes, sum);
          }
        }
      }
    }
  }
}
#endif

void nb_conv_single_channel(const float *image, const float *weights, const float *bias,
                            float *out, long first, long last, long height, long width,
                            long features, long kernel_height, long kernel_width, long stride_y,
                            long stride_x, long pad_top, long pad_left, long out_height,
                            long out_width, int rectified) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
    return single_channel_avx512(image, weights, bias, out, first, last, height, width, features,
                                 kernel_height, kernel_width, stride_y, stride_x, pad_top,
                                 pad_left, out_height, out_width, rectified);
#endif
  single_channel_scalar(image, weights, bias, out, first, last, height, width, features,
                        kernel_height, kernel_width, stride_y, stride_x, pad_top, pad_left,
                        out_height, out_width, rectified);
}
