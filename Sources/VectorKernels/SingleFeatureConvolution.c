// A convolution with one output feature, directly (see VectorKernels.h).
#include "VectorKernels.h"

#include <stdlib.h>

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

// One output row at a time: each tap's weights meet the input row it covers in one
// linear sweep, adding into a 16-lane sum per output pixel (a row of them stays in the
// first-level cache), and each pixel's lanes are added up once, at the end. Per pixel,
// that is the taps in kernel order, each tap's channel blocks in order.
__attribute__((target("avx512f"))) static void single_feature_avx512(
    const float *image, const float *weights, float bias, float *out, long first, long last,
    long height, long width, long channels, long kh, long kw, long sy, long sx, long pt, long pl,
    long oh, long ow) {
  __m512 *sums = aligned_alloc(64, sizeof(__m512) * (size_t)ow);
  if (!sums) {
    single_feature_scalar(image, weights, bias, out, first, last, height, width, channels, kh, kw,
                          sy, sx, pt, pl, oh, ow);
    return;
  }
  for (long n = first; n < last; n++) {
    const float *sample = image + n * height * width * channels;
    for (long y = 0; y < oh; y++) {
      for (long x = 0; x < ow; x++) sums[x] = _mm512_setzero_ps();
      for (long ky = 0; ky < kh; ky++) {
        long iy = y * sy - pt + ky;
        if (iy < 0 || iy >= height) continue;
        const float *row = sample + iy * width * channels;
        for (long kx = 0; kx < kw; kx++) {
          const float *tap = weights + (ky * kw + kx) * channels;
          for (long x = 0; x < ow; x++) {
            long ix = x * sx - pl + kx;
            if (ix < 0 || ix >= width) continue;
            const float *pixel = row + ix * channels;
            __m512 sum = sums[x];
            for (long c = 0; c < channels; c += 16) {
              __mmask16 lanes = channels - c >= 16 ? 0xFFFF : (__mmask16)((1u << (channels - c)) - 1);
              sum = _mm512_add_ps(sum, _mm512_mul_ps(_mm512_maskz_loadu_ps(lanes, pixel + c),
                                                     _mm512_maskz_loadu_ps(lanes, tap + c)));
            }
            sums[x] = sum;
          }
        }
      }
      for (long x = 0; x < ow; x++) out[(n * oh + y) * ow + x] = _mm512_reduce_add_ps(sums[x]) + bias;
    }
  }
  free(sums);
}
#endif

void nb_conv_single_feature(const float *image, const float *weights, float bias, float *out,
                            long first, long last, long height, long width, long channels,
                            long kernel_height, long kernel_width, long stride_y, long stride_x,
                            long pad_top, long pad_left, long out_height, long out_width) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f"))
    return single_feature_avx512(image, weights, bias, out, first, last, height, width, channels,
                                 kernel_height, kernel_width, stride_y, stride_x, pad_top, pad_left,
                                 out_height, out_width);
#endif
  single_feature_scalar(image, weights, bias, out, first, last, height, width, channels,
                        kernel_height, kernel_width, stride_y, stride_x, pad_top, pad_left,
                        out_height, out_width);
}
