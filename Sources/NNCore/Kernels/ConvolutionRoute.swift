import Foundation

/// The two ways a convolution product is computed.
public enum ConvolutionLibrary: String, CaseIterable, Sendable {
  /// oneDNN's direct convolution kernels (`OneDNN`).
  case oneDNN
  /// Our own: patch matrices multiplied by GEMM (`Convolution.swift`), or
  /// for one output feature each receptive field read in place
  /// (`SingleFeatureConvolution.swift`).
  case im2col
}

/// Which library computes each convolution product, decided per shape by
/// timing both on its first use on this machine (`KernelChoices`, shared
/// with GEMM's routing). A constant would be right only where it was
/// measured: oneDNN's AVX-512 kernels beat im2col + AVX2 GEMM on most
/// shapes here, but not on every one (a single channel, a tiny batch), and
/// another CPU ranks them otherwise. The choice is stored, so every process
/// on the machine (a run and the run that resumes it) computes a shape the
/// same way, to the last bit.
enum ConvolutionRoute {
  /// Set in tests to send every product through one library; a forced
  /// oneDNN that cannot compute a shape is a failure, not a fallback.
  @TaskLocal static var forced: ConvolutionLibrary?

  /// The library for `pass` over `geometry`, and the product it computed if
  /// deciding ran it. `compute` runs one library, nil when it cannot.
  static func route(
    _ pass: OneDNN.Pass, _ geometry: ConvGeometry, features: Int, bias: Bool, rectified: Bool = false,
    choices: KernelChoices = .shared, compute: (ConvolutionLibrary) -> Tensor?
  ) -> Tensor {
    let key = Decision(pass: pass, geometry: geometry, features: features, bias: bias, rectified: rectified)
    if let forced {
      guard let result = compute(forced) else {
        preconditionFailure("\(forced) cannot compute \(key.operation)")
      }
      return result
    }
    // Looked up by value in this process; `choices` other than the shared
    // ones (tests') decide every time.
    let library =
      choices === KernelChoices.shared
      ? decided.decision(for: key) { decide(key, choices, compute) }
      : decide(key, choices, compute)
    return compute(library)!
  }

  /// The library `choices` holds for the operation, timed on both now if
  /// none does; im2col where oneDNN cannot compute it.
  private static func decide(
    _ key: Decision, _ choices: KernelChoices, _ compute: (ConvolutionLibrary) -> Tensor?
  ) -> ConvolutionLibrary {
    guard OneDNN.isAvailable,
      case .success = OneDNN.primitive(
        key.pass, key.geometry, features: key.features, bias: key.bias, rectified: key.rectified)
    else { return .im2col }
    let name = key.operation
    if choices.all[name] == nil {
      // Once each before timing: the first call makes oneDNN's primitive
      // and GEMM's own routing choices (which would otherwise be made while
      // this choice holds the choices' lock), and touches the memory.
      for library in ConvolutionLibrary.allCases { _ = compute(library) }
    }
    let choice = choices.choose(name, among: ConvolutionLibrary.allCases.map(\.rawValue)) { candidate in
      let library = ConvolutionLibrary(rawValue: candidate)!
      return (0..<3).map { _ in seconds { _ = compute(library) } }.min()!
    }
    return ConvolutionLibrary(rawValue: choice.chosen) ?? .im2col
  }

  /// An operation as a value; `operation` names it in the file.
  struct Decision: Hashable {
    var pass: OneDNN.Pass
    var geometry: ConvGeometry
    var features: Int
    var bias: Bool
    var rectified: Bool

    /// The operation's name in the choices file: the pass, the shape, the
    /// cores it is spread over and the oneDNN build and kernels, so that a
    /// change of any gets a decision of its own.
    var operation: String {
      let g = geometry
      return "conv \(pass) \(g.batch)x\(g.inputHeight)x\(g.inputWidth)x\(g.channels)"
        + " -> \(g.outputHeight)x\(g.outputWidth)x\(features) kernel \(g.kernel.height)x\(g.kernel.width)"
        + " stride \(g.stride.height)x\(g.stride.width) pad \(g.padTop),\(g.padLeft)\(bias ? " bias" : "")"
        + "\(rectified ? " relu" : "") on \(kernelThreadCount) cores | \(OneDNN.description)"
    }
  }

  /// The operations this process has routed through `KernelChoices.shared`.
  private static let decided = DecisionTable<Decision, ConvolutionLibrary>()

  private static func seconds(_ body: () -> Void) -> Double {
    let started = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
  }
}

extension ConvGeometry {
  /// `P · W` (see `Convolution.swift`), through the library routed for it;
  /// `rectified`: max(x, 0) applied in the same pass, while the output is
  /// in cache.
  func gather(
    _ image: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, rectified: Bool = false, shape: [Int]
  ) -> Tensor {
    ConvolutionRoute.route(
      .gather, self, features: weights.count / patchSize, bias: bias != nil, rectified: rectified
    ) {
      switch $0 {
      case .oneDNN: gatherThroughOneDNN(image, weights, plus: bias, rectified: rectified, shape: shape)
      case .im2col: gatherThroughPatches(image, weights, plus: bias, rectified: rectified, shape: shape)
      }
    }
  }

  /// `col2im(Y · Wᵀ)`, through the library routed for it.
  func scatter(_ rows: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, shape: [Int]) -> Tensor {
    ConvolutionRoute.route(.scatter, self, features: weights.count / patchSize, bias: bias != nil) {
      switch $0 {
      case .oneDNN: scatterThroughOneDNN(rows, weights, plus: bias, shape: shape)
      case .im2col: scatterThroughPatchesOrAdjoint(rows, weights, plus: bias, shape: shape)
      }
    }
  }

  /// `Pᵀ · Y`, through the library routed for it.
  func correlate(_ image: Tensor, _ rows: Tensor, shape: [Int]) -> Tensor {
    ConvolutionRoute.route(.correlate, self, features: rows.count / patchCount, bias: false) {
      switch $0 {
      case .oneDNN: correlateThroughOneDNN(image, rows, shape: shape)
      case .im2col: correlateThroughPatches(image, rows, shape: shape)
      }
    }
  }
}
