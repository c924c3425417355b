// A convolution with one output feature, directly (see VectorKernels.h).
#include "VectorKernels.h"

#include <stdlib.h>

// The scalar fallbacks round every product (no contraction into fused multiply-adds); the
// AVX-512 paths fuse by name.
#pragma STDC FP_CONTRACT OFF

// The receptive field of output pixel (y, x) of one sample, clipped to the image:
// rows [y0, y1) and columns [x0, x1) of the kernel.
struct field { long y0, y1, x0, x1, top, left; };

static struct field receptive(long y, long x, long height, long width, long kh, long kw, long sy,
                              long sx, long pt, long pl) {
  struct field f;
  f.top = y * sy - pt;
  f.left = x * sx - pl;
  f.y0 = f.top < 0 ? -f.top : 0;
  f.y1 = f.top + kh > height ? height - f.top : kh;
  f.x0 = f.left < 0 ? -f.left : 0;
  f.x1 = f.left + kw > width ? width - f.left : kw;
  return f;
}

static void single_feature_scalar(const float *image, const float *weights, float bias, float *out,
                                  long first, long last, long height, long width, long channels,
                                  long kh, long kw, long sy, long sx, long pt, long pl, long oh,
                                  long ow) {
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width * channels;
    for (long y = 0; y < oh; y++) {
      for (long x = 0; x < ow; x++) {
        struct field f = receptive(y, x, height, width, kh, kw, sy, sx, pt, pl);
        float sum = 0;
        for (long ky = f.y0; ky < f.y1; ky++)
          for (long kx = f.x0; kx < f.x1; kx++) {
            const float *pixel = sample + ((f.top + ky) * width + f.left + kx) * channels;
            const float *tap = weights + (ky * kw + kx) * channels;
            for (long c = 0; c < channels; c++) sum += pixel[c] * tap[c];
          }
        out[(n * oh + y) * ow + x] = sum + bias;
      }
    }
  }
}

#if defined(__x86_64__)
#include <immintrin.h>

// The channel lanes of the receptive field's c-th block of 16 (fewer at the end).
__attribute__((target("avx512f"))) static inline __mmask16 lanes_from(long c, long channels) {
  return channels - c >= 16 ? 0xFFFF : (__mmask16)((1u << (channels - c)) - 1);
}

// Whether every tap of the block of `count` output pixels from x0 falls inside the row
// (then no pixel is checked).
static inline int block_inside(long x0, long count, long sx, long pl, long kw, long width) {
  return count == 8 && x0 * sx - pl >= 0 && (x0 + 7) * sx - pl + kw <= width;
}

// Blocks of 8 output pixels of a row, each with a 16-lane sum held in a register: each
// tap's weights are loaded once per block and meet the 8 pixels' inputs in fused
// multiply-adds, and each pixel's lanes are added up once, at the end. Per pixel, that
// is the taps in kernel order, each tap's channel blocks in order, whichever block the
// pixel falls in.
__attribute__((target("avx512f,fma"))) static void single_feature_avx512(
    const float *image, const float *weights, float bias, float *out, long first, long last,
    long height, long width, long channels, long kh, long kw, long sy, long sx, long pt, long pl,
    long oh, long ow) {
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width * channels;
    long step = sx * channels;
    for (long y = 0; y < oh; y++) {
      for (long x0 = 0; x0 < ow; x0 += 8) {
        long count = ow - x0 < 8 ? ow - x0 : 8;
        int inside = block_inside(x0, count, sx, pl, kw, width);
        __m512 sums[8];
        for (int i = 0; i < 8; i++) sums[i] = _mm512_setzero_ps();
        for (long ky = 0; ky < kh; ky++) {
          long iy = y * sy - pt + ky;
          if (iy < 0 || iy >= height) continue;
          const float *row = sample + iy * width * channels;
          for (long kx = 0; kx < kw; kx++) {
            const float *tap = weights + (ky * kw + kx) * channels;
            for (long c = 0; c < channels; c += 16) {
              __mmask16 lanes = lanes_from(c, channels);
              __m512 w = _mm512_maskz_loadu_ps(lanes, tap + c);
              const float *first_input = row + (x0 * sx - pl + kx) * channels + c;
              if (inside) {
#pragma clang loop unroll(full)
                for (int i = 0; i < 8; i++)
                  sums[i] = _mm512_fmadd_ps(
                      _mm512_maskz_loadu_ps(lanes, first_input + i * step), w, sums[i]);
              } else {
#pragma clang loop unroll(full)
                for (int i = 0; i < 8; i++) {
                  long ix = (x0 + i) * sx - pl + kx;
                  if (i < count && ix >= 0 && ix < width)
                    sums[i] = _mm512_fmadd_ps(
                        _mm512_maskz_loadu_ps(lanes, first_input + i * step), w, sums[i]);
                }
              }
            }
          }
        }
        for (long i = 0; i < count; i++)
          out[(n * oh + y) * ow + x0 + i] = _mm512_reduce_add_ps(sums[i]) + bias;
      }
    }
  }
}

// The weight gradient the same way round: a block of 8 output pixels' gradients, each
// broadcast to a register once, meets each tap's inputs; the block's products for a
// tap are added in two chains, then onto the tap's weights.
__attribute__((target("avx512f,fma"))) static void single_feature_gradient_avx512(
    const float *image, const float *gradient, float *weights, long first, long last, long height,
    long width, long channels, long kh, long kw, long sy, long sx, long pt, long pl, long oh,
    long ow) {
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width * channels;
    long step = sx * channels;
    for (long y = 0; y < oh; y++) {
      const float *g = gradient + (n * oh + y) * ow;
      for (long x0 = 0; x0 < ow; x0 += 8) {
        long count = ow - x0 < 8 ? ow - x0 : 8;
        int inside = block_inside(x0, count, sx, pl, kw, width);
        __m512 scale[8];
        for (int i = 0; i < 8; i++) scale[i] = _mm512_set1_ps(i < count ? g[x0 + i] : 0);
        for (long ky = 0; ky < kh; ky++) {
          long iy = y * sy - pt + ky;
          if (iy < 0 || iy >= height) continue;
          const float *row = sample + iy * width * channels;
          for (long kx = 0; kx < kw; kx++) {
            float *tap = weights + (ky * kw + kx) * channels;
            for (long c = 0; c < channels; c += 16) {
              __mmask16 lanes = lanes_from(c, channels);
              __m512 even = _mm512_setzero_ps(), odd = _mm512_setzero_ps();
              const float *first_input = row + (x0 * sx - pl + kx) * channels + c;
              if (inside) {
#pragma clang loop unroll(full)
                for (int i = 0; i < 8; i += 2) {
                  even = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(lanes, first_input + i * step),
                                         scale[i], even);
                  odd = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(lanes, first_input + (i + 1) * step),
                                        scale[i + 1], odd);
                }
              } else {
#pragma clang loop unroll(full)
                for (int i = 0; i < 8; i++) {
                  long ix = (x0 + i) * sx - pl + kx;
                  if (i < count && ix >= 0 && ix < width) {
                    __m512 input = _mm512_maskz_loadu_ps(lanes, first_input + i * step);
                    if (i % 2) odd = _mm512_fmadd_ps(input, scale[i], odd);
                    else even = _mm512_fmadd_ps(input, scale[i], even);
                  }
                }
              }
              __m512 sum = _mm512_add_ps(_mm512_maskz_loadu_ps(lanes, tap + c),
                                         _mm512_add_ps(even, odd));
              _mm512_mask_storeu_ps(tap + c, lanes, sum);
            }
          }
        }
      }
    }
  }
}
#endif

void nb_conv_single_feature(const float *image, const float *weights, float bias, float *out,
                            long first, long last, long height, long width, long channels,
                            long kernel_height, long kernel_width, long stride_y, long stride_x,
                            long pad_top, long pad_left, long out_height, long out_width) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
    return single_feature_avx512(image, weights, bias, out, first, last, height, width, channels,
                                 kernel_height, kernel_width, stride_y, stride_x, pad_top, pad_left,
                                 out_height, out_width);
#endif
  single_feature_scalar(image, weights, bias, out, first, last, height, width, channels,
                        kernel_height, kernel_width, stride_y, stride_x, pad_top, pad_left,
                        out_height, out_width);
}

static void single_feature_gradient_scalar(const float *image, const float *gradient,
                                           float *weights, long first, long last, long height,
                                           long width, long channels, long kh, long kw, long sy,
                                           long sx, long pt, long pl, long oh, long ow) {
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width * channels;
    for (long y = 0; y < oh; y++) {
      for (long x = 0; x < ow; x++) {
        struct field f = receptive(y, x, height, width, kh, kw, sy, sx, pt, pl);
        float g = gradient[(n * oh + y) * ow + x];
        for (long ky = f.y0; ky < f.y1; ky++)
          for (long kx = f.x0; kx < f.x1; kx++) {
            const float *pixel = sample + ((f.top + ky) * width + f.left + kx) * channels;
            float *tap = weights + (ky * kw + kx) * channels;
            for (long c = 0; c < channels; c++) tap[c] += g * pixel[c];
          }
      }
    }
  }
}

void nb_conv_single_feature_gradient(const float *image, const float *gradient, float *weights,
                                     long first, long last, long height, long width,
                                     long channels, long kernel_height, long kernel_width,
                                     long stride_y, long stride_x, long pad_top, long pad_left,
                                     long out_height, long out_width) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
    return single_feature_gradient_avx512(image, gradient, weights, first, last, height, width,
                                          channels, kernel_height, kernel_width, stride_y,
                                          stride_x, pad_top, pad_left, out_height, out_width);
#endif
  single_feature_gradient_scalar(image, gradient, weights, first, last, height, width, channels,
                                 kernel_height, kernel_width, stride_y, stride_x, pad_top,
                                 pad_left, out_height, out_width);
}
