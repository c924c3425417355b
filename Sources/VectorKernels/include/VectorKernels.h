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
