internal import CVectorMath

/// exp, log1p and tanh over whole buffers, several lanes per instruction
/// (glibc's libmvec): libm's scalar calls were a fifth of training time for
/// models ending in a sigmoid cross-entropy.
enum VectorMath {
  enum Function { case exp, log1p, tanh }

  /// `output[i] = function(input[i])` for `i < count`; `output` may be `input`.
  static func apply(
    _ function: Function, _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int
  ) {
    switch function {
    case .exp: nb_expf(input, output, count)
    case .log1p: nb_log1pf(input, output, count)
    case .tanh: nb_tanhf(input, output, count)
    }
  }

  /// `function` in place on `buffer[range]`.
  static func apply(_ function: Function, _ buffer: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>) {
    guard let base = buffer.baseAddress, !range.isEmpty else { return }
    apply(function, base + range.lowerBound, into: base + range.lowerBound, count: range.count)
  }
}
