internal import CBLAS
import Foundation

/// What kernel timings hold for: the CPU, and the kernels each library
/// picked on it (OpenBLAS's core, which `OPENBLAS_CORETYPE` can force,
/// BLIS's detected configuration, oneDNN's version and instruction set).
/// and how this core was compiled. Another machine, library, setting of the
/// environment or build gets choices of its own.
enum MachineIdentity {
  static let current: String = {
    let openBLAS = [openblas_get_config(), openblas_get_corename()]
      .map { $0.map { String(cString: $0) } ?? "?" }.joined(separator: " ")
    let blis = BLIS.configuration.map { "BLIS \($0)" } ?? "no BLIS"
    return "\(cpuModel) | OpenBLAS \(openBLAS) | \(blis) | \(OneDNN.description) | \(build)"
  }()

  // Our own kernels (im2col, pooling around the libraries' products) run
  // many times slower unoptimised, so the timings a debug build makes (the
  // tests') would route an optimised run's products wrong: they were seen
  // in the file every run on the machine shares.
  #if DEBUG
    static let build = "debug build"
  #else
    static let build = "optimised build"
  #endif

  /// The "model name" line of /proc/cpuinfo, with its family and model.
  static var cpuModel: String {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return "unknown CPU"
    }
    func field(_ name: String) -> String? {
      info.split(separator: "\n").first { $0.hasPrefix(name) }
        .flatMap { $0.split(separator: ":", maxSplits: 1).last }
        .map { $0.trimmingCharacters(in: .whitespaces) }
    }
    return [
      field("model name"), field("cpu family").map { "family \($0)" }, field("model\t").map { "model \($0)" },
    ]
    .compactMap { $0 }.joined(separator: ", ")
  }

  /// A short stable name for a file (64-bit FNV-1a, hex): not a security
  /// hash, only a way to keep machines' files apart in a shared folder.
  static func digest(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}
