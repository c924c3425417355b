internal import DNNLBridge
import Synchronization

/// oneDNN's convolutions (Debian: libdnnl-dev), one of the two ways a
/// convolution product is computed (`ConvolutionRoute` picks, per shape),
/// and its matrix product, one of the libraries `GEMM` picks from.
/// oneDNN chooses its kernels from the CPU's features (AVX-512 on Zen 4/5,
/// where OpenBLAS is held to AVX2 by `OPENBLAS_CORETYPE`), and works on
/// NHWC images and HWIO weights directly, so no patch matrix is built.
///
/// Loaded at run time by `DNNLBridge`; when it is missing every convolution
/// goes through im2col + GEMM as before.
enum OneDNN {
  /// Why oneDNN cannot be used, or nil when it can.
  static let unavailableReason: String? = {
    var message = Message()
    return nbdnnl_load(&message.bytes, message.bytes.count) == 0 ? nil : message.text
  }()

  static var isAvailable: Bool { unavailableReason == nil }

  /// "oneDNN 2.6.3, avx512_core_bf16": the library and the instruction set
  /// it dispatches to here. Part of every routing decision's key.
  static var description: String { isAvailable ? String(cString: nbdnnl_description()) : "no oneDNN" }

  /// The three products of a convolution, named as `ConvGeometry` names them.
  enum Pass: String, Sendable {
    case gather  // oneDNN's forward
    case scatter  // backward data
    case correlate  // backward weights

    var bridged: nbdnnl_pass {
      switch self {
      case .gather: nbdnnl_forward
      case .scatter: nbdnnl_backward_data
      case .correlate: nbdnnl_backward_weights
      }
    }
  }

  /// One pass of one shape, created once and kept for the process.
  final class Primitive: @unchecked Sendable {
    // Sendable because oneDNN primitives may execute on several threads at
    // once, and `execute` makes its memory objects per call.
    let handle: OpaquePointer
    /// What DNNL_VERBOSE calls the kernel, e.g. "brg:avx512_core".
    let implementation: String

    init(handle: OpaquePointer) {
      self.handle = handle
      implementation = String(cString: nbdnnl_conv_implementation(handle))
    }
    deinit { nbdnnl_conv_destroy(handle) }
  }

  struct Key: Hashable {
    var geometry: ConvGeometry
    var features: Int
    var pass: Pass
    var bias: Bool
    var rectified: Bool
  }

  /// Primitives by shape, or why one could not be made (oneDNN supports
  /// every shape the layers make, but a failure costs only the fast path).
  private static let primitives = Mutex<[Key: Result<Primitive, PrimitiveError>]>([:])

  struct PrimitiveError: Error, CustomStringConvertible {
    var description: String
  }

  /// The primitive for `pass` over `geometry` with `features` output
  /// channels (for `gather`, plus a bias and rectified if asked), made on
  /// first use; an error when oneDNN is unavailable or refuses the shape.
  static func primitive(
    _ pass: Pass, _ geometry: ConvGeometry, features: Int, bias: Bool = false, rectified: Bool = false
  ) -> Result<Primitive, PrimitiveError> {
    let key = Key(
      geometry: geometry, features: features, pass: pass, bias: bias && pass == .gather,
      rectified: rectified && pass == .gather)
    return primitives.withLock { primitives in
      if let known = primitives[key] { return known }
      var shape = geometry.bridged(features: features)
      var message = Message()
      let made: Result<Primitive, PrimitiveError> =
        if let handle = nbdnnl_conv_create(
          &shape, pass.bridged, key.bias ? 1 : 0, key.rectified ? 1 : 0, &message.bytes,
          message.bytes.count)
        {
          .success(Primitive(handle: handle))
        } else {
          .failure(PrimitiveError(description: message.text))
        }
      primitives[key] = made
      return made
    }
  }

  /// Runs `primitive` on the kernels' cores (`kernelThreadCount`). The
  /// buffers are those the pass reads and writes (see DNNLBridge.h); a
  /// failure here, after the primitive was made, is out of memory or a bug.
  static func execute(
    _ primitive: Primitive, image: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>? = nil, rows: UnsafePointer<Float>
  ) {
    var message = Message()
    // oneDNN's own OpenMP team takes the cores: ours must not spin beside it.
    WorkerPool.shared.rest()
    // oneDNN takes every buffer as mutable but writes only the pass's
    // output, which each caller passes from a buffer it owns.
    let status = nbdnnl_conv_execute(
      primitive.handle, Int32(kernelThreadCount), UnsafeMutablePointer(mutating: image),
      UnsafeMutablePointer(mutating: weights), bias, UnsafeMutablePointer(mutating: rows), &message.bytes,
      message.bytes.count)
    precondition(status == 0, "\(message.text) (\(primitive.implementation))")
  }

  /// `c = op(a) · op(b) (+ c when accumulating)`, row-major, on the calling
  /// thread (`dnnl_sgemm`): one of the libraries `GEMM` routes a product
  /// to. oneDNN checks only the arguments, which `GEMM` derives from the
  /// shapes, so a refusal is a bug.
  static func multiply(
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, m: Int, n: Int, k: Int,
    transposeA: Bool, transposeB: Bool, accumulate: Bool
  ) {
    let status = nbdnnl_sgemm(
      transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb, accumulate ? 1 : 0, c, ldc)
    precondition(status == 0, "oneDNN refused sgemm \(m)x\(n)x\(k) lda \(lda) ldb \(ldb) ldc \(ldc)")
  }

  /// A buffer the bridge writes its error messages into.
  private struct Message {
    var bytes = [CChar](repeating: 0, count: 512)
    var text: String {
      String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }
}

extension ConvGeometry {
  /// The shape as the bridge takes it. oneDNN wants the padding after each
  /// axis too: what the last window overhangs, none when a VALID window
  /// stops short of the edge.
  fileprivate func bridged(features: Int) -> nbdnnl_conv_shape {
    let padBottom = max(0, (outputHeight - 1) * stride.height + kernel.height - inputHeight - padTop)
    let padRight = max(0, (outputWidth - 1) * stride.width + kernel.width - inputWidth - padLeft)
    return nbdnnl_conv_shape(
      batch: batch, input_height: inputHeight, input_width: inputWidth, channels: channels,
      output_height: outputHeight, output_width: outputWidth, features: features,
      kernel_height: kernel.height, kernel_width: kernel.width, stride_height: stride.height,
      stride_width: stride.width, pad_top: padTop, pad_left: padLeft, pad_bottom: padBottom,
      pad_right: padRight)
  }
}
