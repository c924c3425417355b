import Foundation

/// The processor, as far as it decides what the core computes: the kernels
/// OpenBLAS and BLIS pick, and the kernel choices the core times for each
/// machine (`KernelChoices` in NNCore), round differently on another CPU. A
/// state saved on one machine of a cluster is not restored on another kind.
enum CPUIdentity {
  static let current: String = {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
    // The first processor's description: vendor, family, model, stepping, flags.
    let fields = ["vendor_id", "cpu family", "model", "model name", "stepping", "flags"]
    let first = info.components(separatedBy: "\n\n").first ?? ""
    return first.split(separator: "\n").filter { line in
      fields.contains(line.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) ?? "")
    }.joined(separator: "\n")
  }()
}
