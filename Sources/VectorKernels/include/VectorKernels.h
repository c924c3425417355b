// Element-wise passes of the NN core written in C, where each CPU's widest
// vectors can be chosen at run time: Swift compiles the core for baseline
// x86-64 (SSE2), where a SIMD8<Float> square root is eight scalar ones.
#pragma once

// One Adam step over `count` parameters, TensorFlow's form:
//   m = beta1 * m + (1 - beta1) * g
//   v = beta2 * v + (1 - beta2) * g * g
//   p = p - rate * m / (sqrt(v) + epsilon)
// with `rate` the bias-corrected learning rate. Every element is computed
// with the same operations in the same order, without fused multiply-adds,
// whatever the vector width and wherever the element lies, so results do not
// depend on the CPU's features, the alignment or how the caller splits the
// arrays.
void nb_adam_step(float *parameters, const float *gradients, float *m, float *v, long count,
                  float beta1, float beta2, float rate, float epsilon);

// A convolution with one output feature, NHWC image and HWIO weights (`[kh, kw, channels, 1]`):
//   out[n, y, x] = bias + sum over ky, kx, c of image[n, y*sy + ky - pad_top, x*sx + kx - pad_left, c]
//                                            * weights[ky, kx, c]
// for samples first..<last, taps outside the image counting as zero. A general
// convolution's products would be matrix-vector products here (one column): this
// reads each receptive field in place, 16 channels at a time with AVX-512, 8 output
// pixels' sums in registers.
// On one CPU every pixel is summed by the same formula (taps outside the image add
// nothing), so its value does not depend on where it lies or on the split.
void nb_conv_single_feature(const float *image, const float *weights, float bias, float *out,
                            long first, long last, long height, long width, long channels,
                            long kernel_height, long kernel_width, long stride_y, long stride_x,
                            long pad_top, long pad_left, long out_height, long out_width);

// Its weight gradient, added onto `weights` (`[kh, kw, channels]`):
//   weights[ky, kx, c] += sum over n, y, x of gradient[n, y, x]
//                         * image[n, y*sy + ky - pad_top, x*sx + kx - pad_left, c]
// for samples first..<last: a matrix-vector product again, over the same receptive
// fields read in place.
void nb_conv_single_feature_gradient(const float *image, const float *gradient, float *weights,
                                     long first, long last, long height, long width,
                                     long channels, long kernel_height, long kernel_width,
                                     long stride_y, long stride_x, long pad_top, long pad_left,
                                     long out_height, long out_width);

// A convolution of a one-channel NHWC image (`[n, height, width, 1]`) with HWIO weights
// (`[kh, kw, 1, features]`):
//   out[n, y, x, f] = bias[f] + sum over ky, kx of image[n, y*sy + ky - pad_top, x*sx + kx - pad_left]
//                                              * weights[ky, kx, f]
// for samples first..<last, rectified (max(x, 0)) if `rectified`; `bias` may be null. Its
// patch matrix would have one column per tap (9 for 3x3), too few for a product to run
// well: this holds 16 features of 8 pixels in registers and adds each tap's input times
// the tap's weights to them. Every element is summed by the same formula wherever it
// lies (bias, then the taps inside the image in kernel order).
void nb_conv_single_channel(const float *image, const float *weights, const float *bias,
                            float *out, long first, long last, long height, long width,
                            long features, long kernel_height, long kernel_width, long stride_y,
                            long stride_x, long pad_top, long pad_left, long out_height,
                            long out_width, int rectified);
